import AllotCore
import Testing

@Suite struct ComparisonSemanticsTests {
    typealias T = ExpressionTesting

    static let attributes = #"""
    {"s":"abc","n":5,"t":true,"f":false,"z":null,"list":["a",1,true],"nums":[1,2],
     "obj":{"k":"v"},"six":"6","padded":" 6","hex":"0x10","inf":"inf","empty":[],
     "upper":"ABC","ns":["6"],"decimal":"5.50"}
    """#

    func check(_ source: String, _ expected: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = try T.queue(source, Self.attributes)
        #expect(actual == expected, "\(source)", sourceLocation: sourceLocation)
    }

    @Test func equalityWithNull() throws {
        try check("missing == null", true)
        try check("z == null", true)
        try check("s == null", false)
        try check("null == missing", true)
        try check("null == null", true)
        try check("missing == 'x'", false)
        // Two keys that are both null make no presence test, so `==` is false.
        try check("missing == missing2", false)
        try check("z == missing", false)
        try check("z == z", false)
    }

    @Test func inequalityWithNull() throws {
        try check("missing != null", false)
        try check("z != null", false)
        try check("s != null", true)
        try check("list != null", true)
        try check("obj != null", true)
        // Exactly one side null: true, as production workflows expect.
        try check("missing != 'x'", true)
        try check("missing != true", true)
        try check("s != missing", true)
        try check("missing != missing2", false)
    }

    @Test func otherOperatorsWithNullAreFalse() throws {
        for source in [
            "missing > 1", "missing < 1", "missing >= 1", "missing <= 1",
            "missing CONTAINS 'a'", "s CONTAINS missing",
            "missing HAS 'a'", "list HAS missing", "list HAS null",
            "missing IN ['a']", "missing IN [null]", "z IN [null]", "s IN missing",
            "missing NOT IN ['a']", "s NOT IN missing", "z NOT IN [1]",
        ] {
            try check(source, false)
        }
    }

    @Test func scalarOperatorsOnArraysAndObjectsAreFalse() throws {
        for source in [
            "list == 'a'", "list != 'a'", "list > 0", "list CONTAINS 'a'",
            "obj == 'v'", "obj != 'v'", "obj.k != 'v'",
            "list == list", "nums == [1, 2]", "s == ['abc']", "s != ['abc']",
        ] {
            try check(source, false)
        }
    }

    @Test func inequalityOfNullAndArrayIsFalse() throws {
        // The array rule comes before the one-side-null rule of `!=`.
        for source in ["missing != list", "list != missing", "z != obj", "missing != ['a']", "empty != missing"] {
            try check(source, false)
        }
        #expect(try !T.target("task.a != worker.list", task: #"{}"#, worker: #"{"list":["fr"]}"#))
    }

    @Test func numbersCompareNumerically() throws {
        try check("n == 5.0", true)
        try check("n >= 5", true)
        try check("n > 4.99", true)
        try check("n < 5", false)
        try check("n <= 5", true)
        try check("n != 5", false)
        try check("n != 6", true)
    }

    @Test func numericStringsCompareWithNumbers() throws {
        try check("six == 6", true)
        try check("six > 5", true)
        try check("six < 7.5", true)
        try check("6 == six", true)
        try check("5 < six", true)
        try check("six != 6", false)
        try check("n == '5'", true)
        try check("n == '5.0'", true)
        try check("decimal == 5.5", true)
        try check("n < '10'", true)
        try check("ns HAS 6", true)
        try check("six IN [6]", true)
        try check("n IN ['5']", true)
    }

    @Test func stringsThatAreNotNumbersDoNotCoerce() throws {
        try check("padded == 6", false)
        try check("hex == 16", false)
        try check("inf > 1", false)
        try check("s > 1", false)
        try check("s < 1", false)
        try check("padded != 6", true)
    }

    @Test func stringsCompareByCodePoint() throws {
        try check("s == 'abc'", true)
        try check("s == 'ABC'", false)
        try check("upper == 'abc'", false)
        try check("s > 'abb'", true)
        try check("s < 'abd'", true)
        try check("s < 'abcd'", true)
        try check("upper < s", true)
        // Two numeric strings compare as strings: "10" < "9".
        try check("'10' < '9'", true)
        try check("six == '6.0'", false)
    }

    @Test func stringsCompareWithoutNormalisation() throws {
        // U+00E9 and "e" with U+0301 are canonically equivalent but differ in code points.
        #expect(try !T.queue("a == 'e\u{301}'", #"{"a":"\u00e9"}"#))
        #expect(try T.queue("a != 'e\u{301}'", #"{"a":"\u00e9"}"#))
        #expect(try T.queue("a == '\u{E9}'", #"{"a":"\u00e9"}"#))
        #expect(try !T.queue("a IN ['e\u{301}']", #"{"a":"\u00e9"}"#))
    }

    @Test func asciiLiteralsDoNotMatchEquivalentSingletons() throws {
        // U+212A KELVIN SIGN is canonically equivalent to "K", and U+037E
        // GREEK QUESTION MARK to ";", but neither has the same code points.
        #expect(try !T.queue("a == 'K'", #"{"a":"\u212a"}"#))
        #expect(try T.queue("a != 'K'", #"{"a":"\u212a"}"#))
        #expect(try !T.queue("a == 'x;'", #"{"a":"x\u037e"}"#))
        #expect(try !T.queue("a HAS 'K'", #"{"a":["\u212a"]}"#))
        #expect(try !T.queue("a IN ['K']", #"{"a":"\u212a"}"#))
        #expect(try T.queue("a == 'K'", #"{"a":"K"}"#))
        #expect(try !T.target("task.a == worker.b", task: #"{"a":"K"}"#, worker: #"{"b":"\u212a"}"#))
    }

    @Test func largeObjectsFindEveryMember() throws {
        // Above the linear-scan limit, member lookup is a binary search.
        let keys = (0..<40).map { "key\($0)" } + ["é", "zz", "A", "_", "$x", "\u{212A}"]
        let members = keys.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ")
        let attributes = "{\(members)}"
        for (offset, key) in keys.enumerated() where key != "\u{212A}" {
            #expect(try T.queue("\(key) == \(offset)", attributes), "\(key)")
        }
        #expect(try T.queue("K == null", attributes))
        #expect(try T.queue("key40 == null", attributes))
    }

    @Test func keysMatchByCodePoints() throws {
        #expect(try T.queue("K == null", #"{"\u212a":1}"#))
        #expect(try T.queue("K == 1", #"{"K":1}"#))
        #expect(try T.queue("caf\u{E9} == 1", #"{"caf\u00e9":1}"#))
        #expect(try T.queue("caf\u{E9} == null", #"{"cafe\u0301":1}"#))
    }

    @Test func booleansCompareOnlyWithBooleans() throws {
        try check("t == true", true)
        try check("f == false", true)
        try check("t != false", true)
        try check("t == 'true'", false)
        try check("t == 1", false)
        try check("t != 'true'", true)
        try check("t != 1", true)
        try check("t > false", false)
        try check("t >= true", false)
    }

    @Test func differentTypesAreUnequal() throws {
        try check("s == 5", false)
        try check("s != 5", true)
        try check("n != 'abc'", true)
        try check("s > true", false)
    }

    @Test func containsIsCaseSensitiveSubstring() throws {
        try check("s CONTAINS 'bc'", true)
        try check("s CONTAINS 'abc'", true)
        try check("s CONTAINS ''", true)
        try check("s CONTAINS 'BC'", false)
        try check("s CONTAINS 'abcd'", false)
        try check("n CONTAINS '5'", false)
        try check("six CONTAINS 6", false)
        try check("list CONTAINS 'a'", false)
        #expect(try T.queue("language CONTAINS \"en-CA\"", #"{"language":"fr-CA,en-CA"}"#))
    }

    @Test func containsAgreesWithNaiveSearch() throws {
        // Seeded, over a two-letter alphabet so that partial matches abound;
        // needles longer than 16 bytes take the linear-time search.
        var generator = AttributeRandomGenerator(seed: 20_261_204)
        let expression = try AllotCore.Expression("a CONTAINS b", kind: .queueTargetWorkers)
        for round in 0..<2_000 {
            let haystackLength = Int.random(in: 0..<120, using: &generator)
            let needleLength = Int.random(in: 0..<40, using: &generator)
            let haystack = String((0..<haystackLength).map { _ in Bool.random(using: &generator) ? "a" : "b" })
            let needle = String((0..<needleLength).map { _ in Int.random(in: 0..<3, using: &generator) == 0 ? "b" : "a" })
            let expected = Self.naiveContains(Array(haystack.utf8), Array(needle.utf8))
            let attributes = AttributeValue.object(AttributeObject([("a", .string(haystack)), ("b", .string(needle))]))
            #expect(expression.evaluate(in: DocumentContext(workerAttributes: attributes)) == expected, "round \(round): \(haystack) CONTAINS \(needle)")
        }
    }

    static func naiveContains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    @Test func hasNeedsArrayOnTheLeft() throws {
        try check("list HAS 'a'", true)
        try check("list HAS 1", true)
        try check("list HAS '1'", true)
        try check("list HAS true", true)
        try check("list HAS 'b'", false)
        try check("empty HAS 'a'", false)
        try check("s HAS 'abc'", false)
        try check("list HAS ['a']", false)
        try check("nums HAS nums", false)
        try check("obj HAS 'v'", false)
    }

    @Test func inNeedsArrayOnTheRight() throws {
        try check("s IN ['x', 'abc']", true)
        try check("n IN nums", false)
        try check("1 IN nums", true)
        try check("s IN 'abc'", false)
        try check("list IN list", false)
        try check("t IN [true]", true)
        try check("f IN [true]", false)
    }

    @Test func notInNeedsScalarAndArray() throws {
        try check("s NOT IN ['x', 'y']", true)
        try check("s NOT IN ['abc']", false)
        try check("s NOT IN []", true)
        try check("s NOT IN 'x'", false)
        try check("list NOT IN ['x']", false)
        try check("obj NOT IN ['x']", false)
        try check("n NOT IN nums", true)
        try check("1 NOT IN nums", false)
    }

    @Test func largeArrayLiteralsMatchLikeSmallOnes() throws {
        // At and above the hashing threshold the literal is looked up through sets.
        let values = (0..<20).map { "'v\($0)'" } + ["7", "'8'", "true", "null", "2.5"]
        let literal = "[" + values.joined(separator: ", ") + "]"
        let cases: [(String, Bool)] = [
            (#"{"a":"v3"}"#, true), (#"{"a":"v30"}"#, false), (#"{"a":7}"#, true), (#"{"a":"7"}"#, true),
            (#"{"a":8}"#, true), (#"{"a":"8"}"#, true), (#"{"a":"8.0"}"#, false), (#"{"a":true}"#, true),
            (#"{"a":false}"#, false), (#"{"a":null}"#, false), (#"{}"#, false), (#"{"a":2.5}"#, true),
            (#"{"a":"2.50"}"#, true), (#"{"a":["v3"]}"#, false),
        ]
        for (attributes, expected) in cases {
            #expect(try T.queue("a IN \(literal)", attributes) == expected, "IN \(attributes)")
            #expect(try T.queue("\(literal) HAS a", attributes) == expected, "HAS \(attributes)")
            let notIn = try T.queue("a NOT IN \(literal)", attributes)
            let isScalar = !attributes.contains("null") && attributes != "{}" && !attributes.contains("[")
            #expect(notIn == (isScalar && !expected), "NOT IN \(attributes)")
        }
    }

    @Test func keyAgainstKeyComparisons() throws {
        #expect(try T.target("task.a == worker.a", task: #"{"a":"x"}"#, worker: #"{"a":"x"}"#))
        #expect(try T.target("task.a == worker.a", task: #"{"a":"6"}"#, worker: #"{"a":6}"#))
        #expect(try T.target("task.a != worker.a", task: #"{}"#, worker: #"{"a":6}"#))
        #expect(try T.target("task.a IN worker.list", task: #"{"a":"en"}"#, worker: #"{"list":["fr","en"]}"#))
        #expect(try !T.target("task.a IN worker.list", task: #"{}"#, worker: #"{"list":["fr","en"]}"#))
        #expect(try T.target("worker.list HAS task.a", task: #"{"a":"fr"}"#, worker: #"{"list":["fr","en"]}"#))
        #expect(try T.target("task.a CONTAINS worker.b", task: #"{"a":"fr-CA"}"#, worker: #"{"b":"CA"}"#))
        #expect(try T.target("task.a NOT IN worker.list", task: #"{"a":"de"}"#, worker: #"{"list":["fr","en"]}"#))
    }
}


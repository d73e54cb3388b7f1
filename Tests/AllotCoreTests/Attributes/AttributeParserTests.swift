import Testing
@testable import AllotCore

@Suite struct AttributeParserTests {
    @Test func parsesLiterals() throws {
        #expect(try AttributeValue(parsingJSON: "null") == .null)
        #expect(try AttributeValue(parsingJSON: "true") == .bool(true))
        #expect(try AttributeValue(parsingJSON: "false") == .bool(false))
    }

    @Test func parsesStrings() throws {
        #expect(try AttributeValue(parsingJSON: #""""#) == .string(""))
        #expect(try AttributeValue(parsingJSON: #""support""#) == .string("support"))
        #expect(try AttributeValue(parsingJSON: #""café 日本 😀""#) == .string("café 日本 😀"))
    }

    @Test func parsesEveryShortEscape() throws {
        let value = try AttributeValue(parsingJSON: #""\" \\ \/ \b \f \n \r \t""#)
        #expect(value == .string("\" \\ / \u{08} \u{0C} \n \r \t"))
    }

    @Test func parsesUnicodeEscapes() throws {
        #expect(try AttributeValue(parsingJSON: #""\u0041\u00e9\u00E9""#) == .string("Aéé"))
        #expect(try AttributeValue(parsingJSON: #""\u65e5\u672C""#) == .string("日本"))
        #expect(try AttributeValue(parsingJSON: #""\u0000""#) == .string("\u{0}"))
        #expect(try AttributeValue(parsingJSON: #""\uFFFF""#) == .string("\u{FFFF}"))
    }

    @Test func parsesSurrogatePairs() throws {
        #expect(try AttributeValue(parsingJSON: #""\uD83D\uDE00""#) == .string("😀"))
        #expect(try AttributeValue(parsingJSON: #""\ud800\udc00""#) == .string("\u{10000}"))
        #expect(try AttributeValue(parsingJSON: #""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
        #expect(try AttributeValue(parsingJSON: #""a\uD83D\uDE00b""#) == .string("a😀b"))
    }

    @Test func parsesEscapesMixedWithRawText() throws {
        let value = try AttributeValue(parsingJSON: #""é\n日\t😀\u00e9""#)
        #expect(value == .string("é\n日\t😀é"))
    }

    @Test func parsesIntegers() throws {
        let cases: [(String, Double)] = [
            ("0", 0), ("-0", 0), ("5", 5), ("-5", -5), ("2147483647", 2_147_483_647),
            ("9007199254740993", 9_007_199_254_740_992), ("123456789012345678901234567890", 1.2345678901234568e29),
        ]
        for (text, expected) in cases {
            #expect(try AttributeValue(parsingJSON: text) == .number(expected), "\(text)")
        }
    }

    @Test func parsesNegativeZeroWithSign() throws {
        guard case .number(let value) = try AttributeValue(parsingJSON: "-0") else {
            Issue.record("-0 is not a number")
            return
        }
        #expect(value.sign == .minus)
    }

    @Test func parsesFractionsAndExponents() throws {
        let cases: [(String, Double)] = [
            ("0.1", 0.1), ("-1.5", -1.5), ("1e3", 1000), ("1E3", 1000), ("1e+3", 1000), ("25e-1", 2.5),
            ("0.000001", 1e-6), ("1.7976931348623157e308", 1.7976931348623157e308), ("5e-324", .leastNonzeroMagnitude),
            ("2.2250738585072014e-308", 2.2250738585072014e-308), ("0.30000000000000004", 0.30000000000000004),
            ("1e-400", 0), ("123.456e-2", 1.23456), ("1e0000000000000000000005", 1e5),
            ("0.1000000000000000055511151231257827", 0.1),
        ]
        for (text, expected) in cases {
            #expect(try AttributeValue(parsingJSON: text) == .number(expected), "\(text)")
        }
    }

    @Test func fastAndSlowNumberPathsAgree() throws {
        // Numbers with 15 significant digits take the exact fast path; longer
        // ones go to the standard library. Both must round the same way.
        var generator = AttributeRandomGenerator(seed: 7)
        for _ in 0..<2_000 {
            let digits = (0..<Int.random(in: 1...20, using: &generator))
                .map { _ in String(Int.random(in: 0...9, using: &generator)) }
                .joined()
            let exponent = Int.random(in: -30...30, using: &generator)
            let text = "1\(digits)e\(exponent)"
            let expected = try #require(Double(text))
            #expect(try AttributeValue(parsingJSON: text) == .number(expected), "\(text)")
        }
    }

    @Test func parsesArrays() throws {
        #expect(try AttributeValue(parsingJSON: "[]") == .array([]))
        #expect(try AttributeValue(parsingJSON: "[1]") == .array([.number(1)]))
        let mixed = try AttributeValue(parsingJSON: #"[1, "a", true, null, [], {}]"#)
        #expect(mixed == .array([.number(1), .string("a"), .bool(true), .null, .array([]), .emptyObject]))
    }

    @Test func parsesObjects() throws {
        #expect(try AttributeValue(parsingJSON: "{}") == .emptyObject)
        let value = try AttributeValue(parsingJSON: #"{"b": 2, "a": {"c": [3]}}"#)
        #expect(value["a"]?["c"] == .array([.number(3)]))
        #expect(value["b"] == .number(2))
    }

    @Test func duplicateKeyKeepsLastValue() throws {
        let value = try AttributeValue(parsingJSON: #"{"a": 1, "b": 2, "a": 3}"#)
        guard case .object(let object) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(object.count == 2)
        #expect(object["a"] == .number(3))
    }

    @Test func parsesTypicalWorkerAttributes() throws {
        let text = """
            {
              "skills": ["billing", "support"],
              "languages": ["en", "es"],
              "level": 7,
              "routing": {"skills": ["vip"], "levels": {"vip": 10}},
              "contact_uri": "client:alice",
              "available": true,
              "manager": null
            }
            """
        let value = try AttributeValue(parsingAttributes: text)
        #expect(value["skills"] == .array([.string("billing"), .string("support")]))
        #expect(value["level"] == .number(7))
        #expect(value["routing"]?["levels"]?["vip"] == .number(10))
        #expect(value["available"] == .bool(true))
        #expect(value["manager"] == .null)
        #expect(value["missing"] == nil)
    }

    @Test func acceptsWhitespaceEverywhere() throws {
        let value = try AttributeValue(parsingJSON: " \t\r\n{ \"a\" \n: \r[ 1 ,\t2 ] , \"b\":{ } }\n ")
        #expect(value["a"] == .array([.number(1), .number(2)]))
        #expect(value["b"] == .emptyObject)
    }

    @Test func keysAreSortedByUTF8() throws {
        let value = try AttributeValue(parsingJSON: #"{"é": 1, "z": 2, "A": 3, "a": 4, "😀": 5, "日": 6}"#)
        guard case .object(let object) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(object.members.map(\.key) == ["A", "a", "z", "é", "日", "😀"])
    }

    @Test func attributesAcceptObject() throws {
        #expect(try AttributeValue(parsingAttributes: "{}") == .emptyObject)
        #expect(try AttributeValue(parsingAttributes: #" {"a":1} "#)["a"] == .number(1))
    }

    @Test func bytesEntryParsesAttributes() throws {
        let bytes = Array(#"{"name": "café"}"#.utf8)
        let value = try bytes.withUnsafeBufferPointer { buffer throws(AttributeParseError) in
            try AttributeValue(parsingAttributesBytes: buffer)
        }
        #expect(value["name"] == .string("café"))
    }

    @Test func canonicallyEquivalentKeysStayDistinct() throws {
        // "é" as one scalar and as "e" with a combining acute accent.
        let value = try AttributeValue(parsingJSON: #"{"\u00e9": 1, "e\u0301": 2}"#)
        guard case .object(let object) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(object.count == 2)
        #expect(object["\u{E9}"] == .number(1))
        #expect(object["e\u{301}"] == .number(2))
    }

    @Test func largeObjectSortsAndKeepsLastDuplicate() throws {
        // More members than the insertion sort handles, in descending order,
        // with every key given twice.
        let keys = (0..<40).map { "key\(1_000 - $0)" }
        let members = keys.map { "\"\($0)\": 1" } + keys.map { "\"\($0)\": 2" }
        let value = try AttributeValue(parsingJSON: "{" + members.joined(separator: ",") + "}")
        guard case .object(let object) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(object.members.map(\.key) == keys.sorted())
        #expect(object.members.allSatisfy { $0.value == .number(2) })
    }

    @Test func smallObjectSortsAndKeepsLastDuplicate() throws {
        let value = try AttributeValue(parsingJSON: #"{"c": 1, "b": 1, "a": 1, "c": 2, "a": 3}"#)
        guard case .object(let object) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(object.members.map(\.key) == ["a", "b", "c"])
        #expect(object["a"] == .number(3))
        #expect(object["b"] == .number(1))
        #expect(object["c"] == .number(2))
    }

    @Test func objectFromSortedMembersKeepsOrder() {
        let object = AttributeObject([("a", .number(1)), ("b", .number(2)), ("c", .number(3))])
        #expect(object.members.map(\.key) == ["a", "b", "c"])
        let duplicates = AttributeObject([("a", .number(1)), ("a", .number(2)), ("b", .number(3))])
        #expect(duplicates.members.map(\.key) == ["a", "b"])
        #expect(duplicates["a"] == .number(2))
    }
}

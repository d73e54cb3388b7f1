import Testing
@testable import AllotCore

@Suite struct AttributeWriterTests {
    @Test func writesScalars() {
        #expect(AttributeValue.null.jsonText == "null")
        #expect(AttributeValue.bool(true).jsonText == "true")
        #expect(AttributeValue.bool(false).jsonText == "false")
        #expect(AttributeValue.string("").jsonText == #""""#)
    }

    @Test func writesIntegralNumbersWithoutFraction() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (5, "5"), (-5, "-5"), (2_147_483_647, "2147483647"),
            (9_007_199_254_740_992, "9007199254740992"), (9_007_199_254_740_994, "9007199254740994"),
            (9_999_999_999_999_998, "9999999999999998"),
        ]
        for (number, expected) in cases {
            #expect(AttributeValue.number(number).jsonText == expected)
        }
    }

    @Test func writesOtherNumbersInShortestForm() {
        let cases: [(Double, String)] = [
            (0.1, "0.1"), (-1.5, "-1.5"), (1e16, "1e16"), (1e18, "1e18"), (-1e22, "-1e22"),
            (1.5e300, "1.5e300"), (1e-7, "1e-7"), (1.5e-5, "1.5e-5"), (0.0001, "0.0001"),
            (Double.leastNonzeroMagnitude, "5e-324"), (Double.greatestFiniteMagnitude, "1.7976931348623157e308"),
            (0.30000000000000004, "0.30000000000000004"), (123_456.789, "123456.789"),
        ]
        for (number, expected) in cases {
            #expect(AttributeValue.number(number).jsonText == expected)
        }
    }

    @Test func writesNonFiniteNumbersAsNull() {
        #expect(AttributeValue.number(.nan).jsonText == "null")
        #expect(AttributeValue.number(.infinity).jsonText == "null")
        #expect(AttributeValue.number(-.infinity).jsonText == "null")
    }

    @Test func escapesStrings() {
        #expect(AttributeValue.string("a\"b\\c/d").jsonText == #""a\"b\\c/d""#)
        #expect(AttributeValue.string("\u{08}\u{0C}\n\r\t").jsonText == #""\b\f\n\r\t""#)
        #expect(AttributeValue.string("\u{0}\u{1}\u{1F}\u{7F}").jsonText == "\"\\u0000\\u0001\\u001F\u{7F}\"")
        #expect(AttributeValue.string("é日😀\u{2028}").jsonText == "\"é日😀\u{2028}\"")
    }

    @Test func writesContainersCompactly() throws {
        #expect(AttributeValue.array([]).jsonText == "[]")
        #expect(AttributeValue.emptyObject.jsonText == "{}")
        let value = AttributeValue.array([.number(1), .string("a"), .array([.null]), .emptyObject])
        #expect(value.jsonText == #"[1,"a",[null],{}]"#)
    }

    @Test func writesMembersInKeyOrder() throws {
        let value = try AttributeValue(parsingJSON: #" { "b" : 1 , "a" : "\u00e9", "A": [ true ] } "#)
        #expect(value.jsonText == #"{"A":[true],"a":"é","b":1}"#)
    }

    @Test func roundTripsTypicalAttributes() throws {
        let text = #"{"languages":["en","es"],"level":7,"routing":{"levels":{"vip":10},"skills":["vip"]},"# +
            #""score":0.75,"skills":["billing","support"]}"#
        let value = try AttributeValue(parsingAttributes: text)
        #expect(value.jsonText == text)
    }

    @Test func roundTripsRandomValues() throws {
        for seed in 0..<2_000 as Range<UInt64> {
            var values = RandomAttributeValues(seed: seed)
            let value = values.value(depth: 0)
            let text = value.jsonText
            let parsed: AttributeValue
            do {
                parsed = try AttributeValue(parsingJSON: text, maximumBytes: .max, maximumDepth: .max)
            } catch {
                Issue.record("seed \(seed): \(error.message) in \(text)")
                continue
            }
            #expect(parsed == value, "seed \(seed): \(text)")
            #expect(parsed.jsonText == text, "seed \(seed)")
        }
    }

    @Test func roundTripsRandomNumbers() throws {
        var generator = AttributeRandomGenerator(seed: 42)
        for _ in 0..<20_000 {
            let number = Double(bitPattern: generator.next())
            guard number.isFinite else { continue }
            let text = AttributeValue.number(number).jsonText
            #expect(try AttributeValue(parsingJSON: text) == .number(number), "\(number.bitPattern): \(text)")
            #expect(!text.hasSuffix(".0"), "\(text)")
            #expect(!text.contains("e+"), "\(text)")
        }
    }

    @Test func roundTripsEveryEscapedCharacter() throws {
        var scalars: [Unicode.Scalar] = (0..<0x80).compactMap { Unicode.Scalar($0) }
        scalars += ["\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}"]
        let string = String(String.UnicodeScalarView(scalars))
        let value = AttributeValue.string(string)
        #expect(try AttributeValue(parsingJSON: value.jsonText) == value)
    }

    @Test func matchesReferenceOnRandomValues() {
        for seed in 0..<3_000 as Range<UInt64> {
            var values = RandomAttributeValues(seed: seed)
            let value = values.value(depth: 0)
            #expect(Array(value.jsonText.utf8) == Array(ReferenceAttributeWriter.jsonText(value).utf8), "seed \(seed)")
        }
    }

    /// Documents larger than the first buffer are written again into larger ones, up to
    /// several retries.
    @Test func matchesReferenceOnLargeRandomValues() {
        for seed in 0..<40 as Range<UInt64> {
            var values = RandomAttributeValues(seed: seed)
            let elementCount = 20 * (Int(seed) + 1)
            let value = AttributeValue.array((0..<elementCount).map { _ in values.value(depth: 1) })
            let expected = ReferenceAttributeWriter.jsonText(value)
            #expect(expected.utf8.count > AttributeWriter.initialCapacityBytes || seed < 10, "seed \(seed) wrote only \(expected.utf8.count) bytes")
            #expect(Array(value.jsonText.utf8) == Array(expected.utf8), "seed \(seed)")
        }
    }

    /// Texts of exactly the first buffer's size and one byte either side, and the same
    /// around the second buffer's size.
    @Test(arguments: [1, 4].flatMap { factor in
        [-1, 0, 1].map { factor * AttributeWriter.initialCapacityBytes + $0 }
    })
    func writesTextAtBufferEdges(textBytes: Int) {
        let value = AttributeValue.string(String(repeating: "a", count: textBytes - 2))
        let text = value.jsonText
        #expect(text.utf8.count == textBytes)
        #expect(Array(text.utf8) == Array(ReferenceAttributeWriter.jsonText(value).utf8))
    }

    /// An escape or a number that crosses the end of the first buffer.
    @Test(arguments: 0..<8)
    func writesEscapesAcrossBufferEnd(shift: Int) {
        let filler = String(repeating: "b", count: AttributeWriter.initialCapacityBytes - 6 + shift)
        let value = AttributeValue.array([.string(filler + "\u{1}\"\n"), .number(-123_456_789), .number(1.5e-300)])
        #expect(Array(value.jsonText.utf8) == Array(ReferenceAttributeWriter.jsonText(value).utf8))
    }
}

/// Generates random attribute values from a seed: every JSON type, nested a
/// few levels, with strings that need escaping and numbers of every form.
struct RandomAttributeValues {
    var generator: AttributeRandomGenerator

    init(seed: UInt64) {
        generator = AttributeRandomGenerator(seed: seed)
    }

    mutating func value(depth: Int) -> AttributeValue {
        let kindCount = depth >= 5 ? 4 : 6
        switch Int.random(in: 0..<kindCount, using: &generator) {
        case 0:
            return .null
        case 1:
            return .bool(Bool.random(using: &generator))
        case 2:
            return .number(number())
        case 3:
            return .string(string())
        case 4:
            let count = Int.random(in: 0...4, using: &generator)
            return .array((0..<count).map { _ in value(depth: depth + 1) })
        default:
            let count = Int.random(in: 0...4, using: &generator)
            let members = (0..<count).map { _ in (key: string(), value: value(depth: depth + 1)) }
            return .object(AttributeObject(members))
        }
    }

    mutating func number() -> Double {
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:
            return Double(Int.random(in: -1_000...1_000, using: &generator))
        case 1:
            return Double(Int64.random(in: Int64.min...Int64.max, using: &generator))
        case 2:
            return Double.random(in: -1...1, using: &generator)
        case 3:
            let exponent = Int.random(in: -30...30, using: &generator)
            return Double("\(Int.random(in: 1...999, using: &generator))e\(exponent)") ?? 0
        case 4:
            return [0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0x1p53, -0x1p53 - 2, 1e16, 0.1]
                .randomElement(using: &generator) ?? 0
        default:
            let number = Double(bitPattern: generator.next())
            return number.isFinite ? number : 1
        }
    }

    mutating func string() -> String {
        let pool: [Unicode.Scalar] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}",
            "\u{1F}", "\u{7F}", "é", "日", "😀", "\u{FFFF}", "\u{10FFFF}", "\u{2028}", "\u{FEFF}",
        ]
        let count = Int.random(in: 0...8, using: &generator)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count {
            if Bool.random(using: &generator), let scalar = pool.randomElement(using: &generator) {
                scalars.append(scalar)
            } else if let scalar = Unicode.Scalar(UInt32.random(in: 0x20...0x2FFF, using: &generator)) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

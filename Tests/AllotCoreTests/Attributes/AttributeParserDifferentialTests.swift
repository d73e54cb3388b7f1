import Testing
@testable import AllotCore

/// Compares the parser with a model on seeded random documents, and checks
/// the eight-byte string scan at every position of a word.
///
/// The random documents mix escaped and raw text, non-ASCII characters,
/// duplicate keys and keys that share their first eight bytes. Their objects
/// have fewer and more members than `AttributeObject.insertionSortLimit`, so
/// both the parser's own key sort and the general one in
/// `AttributeObject.init` run.
@Suite struct AttributeParserDifferentialTests {
    static let documentCount = 3_000

    @Test func randomDocumentsMatchModel() throws {
        for index in 0..<Self.documentCount {
            let seed = UInt64(20_261_205 + index)
            var writer = RandomJSONWriter(seed: seed)
            let (text, expected) = writer.object(depth: 0)
            let parsed: AttributeValue
            do {
                parsed = try AttributeValue(parsingAttributes: text, maximumBytes: 1 << 20)
            } catch {
                Issue.record("seed \(seed): rejected \(text.debugDescription): \(error.message)")
                return
            }
            if let difference = firstDifference(parsed, expected, at: "$") {
                Issue.record("seed \(seed): \(difference) in \(text.debugDescription)")
                return
            }
        }
    }

    @Test func stringScanStopsAtEveryPosition() throws {
        let head = #"{"k":""#
        for prefixLength in 0..<20 {
            for paddingLength in 0..<10 {
                let prefix = String(repeating: "a", count: prefixLength)
                let padding = String(repeating: " ", count: paddingLength)
                let position = head.utf8.count + prefixLength

                let plain = try AttributeValue(parsingJSON: head + prefix + "\"}" + padding)
                #expect(plain["k"] == .string(prefix), "prefix \(prefixLength), padding \(paddingLength)")

                let accented = try AttributeValue(parsingJSON: head + prefix + "é€😀b\"}" + padding)
                #expect(accented["k"] == .string(prefix + "é€😀b"), "prefix \(prefixLength), padding \(paddingLength)")

                let escaped = try AttributeValue(parsingJSON: head + prefix + #"\nb"}"# + padding)
                #expect(escaped["k"] == .string(prefix + "\nb"), "prefix \(prefixLength), padding \(paddingLength)")

                let control = parseError(head + prefix + "\u{1F}b\"}" + padding)
                #expect(control?.kind == .invalidString, "prefix \(prefixLength), padding \(paddingLength)")
                #expect(control?.offset == position, "prefix \(prefixLength), padding \(paddingLength)")

                let invalid = parseError(bytes: Array((head + prefix).utf8) + [0xFF] + Array(("b\"}" + padding).utf8))
                #expect(invalid?.kind == .invalidUTF8, "prefix \(prefixLength), padding \(paddingLength)")
                #expect(invalid?.offset == position, "prefix \(prefixLength), padding \(paddingLength)")

                let unterminated = parseError(head + prefix)
                #expect(unterminated?.kind == .invalidSyntax, "prefix \(prefixLength)")
                #expect(unterminated?.offset == head.utf8.count - 1, "prefix \(prefixLength)")
            }
        }
    }

    @Test func keysSharingEightBytesSort() throws {
        let text = #"{"abcdefgh": 1, "abcdefghj": 2, "abcdefg": 3, "abcdefghi": 4, "abcdefgh": 5, "b": 6}"#
        let value = try AttributeValue(parsingJSON: text)
        guard case .object(let object) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(object.members.map(\.key) == ["abcdefg", "abcdefgh", "abcdefghi", "abcdefghj", "b"])
        #expect(object["abcdefgh"] == .number(5))
    }
}

/// Returns where `actual` and `expected` first differ, comparing keys by
/// their UTF-8 bytes, or nil when they are the same.
private func firstDifference(_ actual: AttributeValue, _ expected: AttributeValue, at path: String) -> String? {
    switch (actual, expected) {
    case (.object(let left), .object(let right)):
        guard left.count == right.count else {
            return "\(path) has \(left.count) members, expected \(right.count)"
        }
        for (index, (leftMember, rightMember)) in zip(left.members, right.members).enumerated() {
            guard Array(leftMember.key.utf8) == Array(rightMember.key.utf8) else {
                return "\(path) member \(index) is \(leftMember.key.debugDescription), expected \(rightMember.key.debugDescription)"
            }
            if let difference = firstDifference(leftMember.value, rightMember.value, at: "\(path).\(leftMember.key)") {
                return difference
            }
        }
        return nil
    case (.array(let left), .array(let right)):
        guard left.count == right.count else {
            return "\(path) has \(left.count) elements, expected \(right.count)"
        }
        for (index, (leftElement, rightElement)) in zip(left, right).enumerated() {
            if let difference = firstDifference(leftElement, rightElement, at: "\(path)[\(index)]") {
                return difference
            }
        }
        return nil
    case (.string(let left), .string(let right)):
        return Array(left.utf8) == Array(right.utf8) ? nil : "\(path) is \(left.debugDescription), expected \(right.debugDescription)"
    default:
        return actual == expected ? nil : "\(path) is \(actual), expected \(expected)"
    }
}

/// Writes random JSON text together with the value it must parse to.
///
/// The model for an object is written here, not taken from the parser: it
/// keeps the last value of each key, compared by UTF-8 bytes, and orders the
/// keys by those bytes.
private struct RandomJSONWriter {
    var generator: AttributeRandomGenerator

    init(seed: UInt64) {
        generator = AttributeRandomGenerator(seed: seed)
    }

    /// Keys that tie on their first eight bytes, that are prefixes of one
    /// another, or that need escapes, drawn often so that duplicates occur.
    static let keyPool = [
        "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefgi", "b", "type", "tier",
        "customer_id", "é", "e\u{301}", "日本", "😀", "\u{7F}", "k\"q", "back\\slash", "tab\there", "",
    ]

    /// Characters for random strings: ASCII, characters that must be
    /// escaped, and UTF-8 sequences of two, three and four bytes.
    static let alphabet: [Unicode.Scalar] = [
        "a", "b", "z", "A", "0", "9", " ", "-", "_", "/", "\"", "\\", "\n", "\t", "\u{1}", "\u{7F}",
        "é", "ß", "€", "日", "😀", "\u{FFFD}",
    ]

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int(generator.next() % UInt64(choices.count))]
    }

    mutating func chance(_ percent: UInt64) -> Bool {
        generator.next() % 100 < percent
    }

    mutating func whitespace() -> String {
        chance(70) ? "" : pick([" ", "\n", "\t", "\r", "  "])
    }

    mutating func value(depth: Int) -> (text: String, value: AttributeValue) {
        let kind = generator.next() % (depth < 3 ? 7 : 5)
        switch kind {
        case 0:
            return ("null", .null)
        case 1:
            let flag = chance(50)
            return (flag ? "true" : "false", .bool(flag))
        case 2:
            // Quarters print exactly in Swift's shortest form, which is valid JSON.
            let number = Double(Int(generator.next() % 8_001) - 4_000) / 4
            return ("\(number)", .number(number))
        case 3, 4:
            let text = randomText()
            return (quoted(text), .string(text))
        case 5:
            return array(depth: depth + 1)
        default:
            return object(depth: depth + 1)
        }
    }

    mutating func array(depth: Int) -> (text: String, value: AttributeValue) {
        let count = Int(generator.next() % 6)
        var parts: [String] = []
        var elements: [AttributeValue] = []
        for _ in 0..<count {
            let (text, element) = value(depth: depth)
            parts.append(whitespace() + text + whitespace())
            elements.append(element)
        }
        return ("[" + whitespace() + parts.joined(separator: ",") + "]", .array(elements))
    }

    mutating func object(depth: Int) -> (text: String, value: AttributeValue) {
        let count = Int(generator.next() % (chance(20) ? 30 : 12))
        // The parser sorts an object itself only when no key has an escape,
        // so half of the objects get keys written without any.
        let escapesKeys = chance(50)
        var parts: [String] = []
        var members: [(key: String, value: AttributeValue)] = []
        for _ in 0..<count {
            var key = chance(60) ? pick(Self.keyPool) : randomText()
            if !escapesKeys {
                key.unicodeScalars.removeAll(where: Self.mustBeEscaped)
            }
            let keyText = escapesKeys ? quoted(key) : "\"" + key + "\""
            let (text, member) = value(depth: depth)
            parts.append(whitespace() + keyText + whitespace() + ":" + whitespace() + text + whitespace())
            members.append((key: key, value: member))
        }
        return ("{" + whitespace() + parts.joined(separator: ",") + "}", .object(Self.model(of: members)))
    }

    /// Keeps the last member of each key and sorts by the keys' UTF-8 bytes.
    static func model(of members: [(key: String, value: AttributeValue)]) -> AttributeObject {
        var lastIndexByKey: [[UInt8]: Int] = [:]
        for (index, member) in members.enumerated() {
            lastIndexByKey[Array(member.key.utf8)] = index
        }
        let keptMembers = lastIndexByKey
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .map { members[$0.value] }
        return AttributeObject(sortedUniqueMembers: keptMembers)
    }

    static func mustBeEscaped(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\"" || scalar == "\\" || scalar.value < 0x20
    }

    mutating func randomText() -> String {
        let length = Int(generator.next() % (chance(30) ? 40 : 16))
        var text = ""
        for _ in 0..<length {
            text.unicodeScalars.append(chance(70) ? pick(Array("abcdefghij".unicodeScalars)) : pick(Self.alphabet))
        }
        return text
    }

    /// Writes `text` as a JSON string, escaping what must be escaped and, at
    /// random, other characters too.
    mutating func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"":
                output += chance(50) ? "\\\"" : "\\u0022"
            case "\\":
                output += chance(50) ? "\\\\" : "\\u005C"
            case "\n":
                output += chance(50) ? "\\n" : "\\u000a"
            case "\t":
                output += "\\t"
            case "/":
                output += chance(50) ? "\\/" : "/"
            case _ where scalar.value < 0x20:
                output += unicodeEscape(scalar.value)
            case _ where chance(15):
                if scalar.value > 0xFFFF {
                    let offset = scalar.value - 0x10000
                    output += unicodeEscape(0xD800 + (offset >> 10)) + unicodeEscape(0xDC00 + (offset & 0x3FF))
                } else {
                    output += unicodeEscape(scalar.value)
                }
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    mutating func unicodeEscape(_ unit: UInt32) -> String {
        let digits = String(unit, radix: 16, uppercase: chance(50))
        return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}

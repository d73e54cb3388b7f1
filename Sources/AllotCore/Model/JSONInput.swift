/// Parsing of the JSON documents that requests carry as text: worker and
/// task attributes and workflow configurations.
enum JSONInput {
    /// Parses an attributes document: a JSON object within the byte limit.
    static func attributes(_ text: String, field: String, limits: EngineLimits) throws(EngineError) -> AttributeValue {
        let byteCount = text.utf8.count
        if byteCount > limits.maximumAttributesBytes {
            throw .invalidArgument(
                field: field,
                message: "\(field) has \(byteCount) bytes; the maximum is \(limits.maximumAttributesBytes)")
        }
        let value = try document(text, field: field, maximumDepth: Limits.maximumAttributesDepth)
        guard case .object = value else {
            throw .invalidArgument(field: field, message: "\(field) must be a JSON object such as {\"skills\":[\"sales\"]}")
        }
        return value
    }

    /// Parses any JSON document, rejecting nesting deeper than `maximumDepth`.
    static func document(_ text: String, field: String, maximumDepth: Int) throws(EngineError) -> AttributeValue {
        var parser = MinimalJSONParser(bytes: Array(text.utf8), maximumDepth: maximumDepth)
        do {
            return try parser.parseDocument()
        } catch {
            throw .invalidArgument(field: field, message: "\(field) is not valid JSON: \(error.message)")
        }
    }
}

/// A small JSON parser for request documents.
///
/// TODO: replace with `AttributeValue(parsingJSON:)` once the JSON parser of
/// the attributes module is available; this one exists so the engine can be
/// built and tested before that.
struct MinimalJSONParser {
    struct Failure: Error {
        var message: String
    }

    private let bytes: [UInt8]
    private let maximumDepth: Int
    private var position = 0

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    mutating func parseDocument() throws(Failure) -> AttributeValue {
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard position == bytes.count else { throw fail("unexpected text after the document") }
        return value
    }

    private func fail(_ what: String) -> Failure {
        Failure(message: "\(what) at byte \(position + 1)")
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> AttributeValue {
        guard depth <= maximumDepth else { throw fail("nesting deeper than \(maximumDepth) levels") }
        skipWhitespace()
        guard position < bytes.count else { throw fail("unexpected end of document") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        default: return try parseNumber()
        }
    }

    private mutating func expectWord(_ word: String) throws(Failure) {
        let wordBytes = Array(word.utf8)
        guard bytes.count - position >= wordBytes.count,
              Array(bytes[position..<position + wordBytes.count]) == wordBytes
        else { throw fail("invalid literal") }
        position += wordBytes.count
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> AttributeValue {
        position += 1
        var members: [(key: String, value: AttributeValue)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(AttributeObject(members))
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            position += 1
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard position < bytes.count else { throw fail("unterminated object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; break }
            throw fail("expected ',' or '}'")
        }
        return .object(AttributeObject(members))
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> AttributeValue {
        position += 1
        var elements: [AttributeValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else { throw fail("unterminated array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; break }
            throw fail("expected ',' or ']'")
        }
        return .array(elements)
    }

    private mutating func parseString() throws(Failure) -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                return String(scalars)
            }
            if byte < 0x20 { throw fail("control character in a string") }
            if byte != UInt8(ascii: "\\") {
                raw.append(byte)
                position += 1
                continue
            }
            scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
            raw.removeAll()
            position += 1
            guard position < bytes.count else { throw fail("unterminated escape") }
            let escaped = bytes[position]
            position += 1
            switch escaped {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"): scalars.append(try parseUnicodeEscape())
            default: throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    private mutating func parseHexQuad() throws(Failure) -> UInt32 {
        guard bytes.count - position >= 4,
              let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { throw fail("invalid \\u escape") }
        position += 4
        return value
    }

    private mutating func parseUnicodeEscape() throws(Failure) -> Unicode.Scalar {
        let first = try parseHexQuad()
        if (0xD800...0xDBFF).contains(first) {
            guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"),
                  bytes[position + 1] == UInt8(ascii: "u") else { throw fail("unpaired surrogate") }
            position += 2
            let second = try parseHexQuad()
            guard (0xDC00...0xDFFF).contains(second),
                  let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            else { throw fail("invalid surrogate pair") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw fail("unpaired surrogate") }
        return scalar
    }

    private mutating func parseNumber() throws(Failure) -> AttributeValue {
        let start = position
        let numberBytes = Set("+-0123456789.eE".utf8)
        while position < bytes.count, numberBytes.contains(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !text.isEmpty, !text.hasPrefix("+"), let value = Double(text), value.isFinite else {
            position = start
            throw fail("invalid value")
        }
        return .number(value)
    }
}

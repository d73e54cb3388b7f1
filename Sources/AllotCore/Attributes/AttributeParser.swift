extension AttributeValue {
    /// Parses an RFC 8259 JSON document of any type.
    ///
    /// The size limit is checked before any parsing. Nesting of arrays and
    /// objects deeper than `maximumDepth` is rejected, which also bounds the
    /// parser's recursion. Duplicate object keys keep the last value. Numbers
    /// are rounded to the nearest `Double`, and a number whose magnitude is
    /// too large for a `Double` (such as 1e400) is rejected rather than
    /// clamped to infinity, because infinity cannot be written back as JSON.
    ///
    /// - Throws: `AttributeParseError` naming the position or the limit.
    /// - Complexity: O(n) in the length of `text`, plus O(m log m) to sort
    ///   each object of m members.
    public init(
        parsingJSON text: String,
        maximumBytes: Int = Limits.maximumAttributesBytes,
        maximumDepth: Int = Limits.maximumAttributesDepth
    ) throws(AttributeParseError) {
        try AttributeParser.checkSize(text.utf8.count, maximumBytes: maximumBytes)
        var contiguousText = text
        let result = contiguousText.withUTF8 { bytes in
            Result { () throws(AttributeParseError) in
                try AttributeParser.parse(bytes, maximumBytes: maximumBytes, maximumDepth: maximumDepth)
            }
        }
        self = try result.get()
    }

    /// Parses a worker's or task's attributes, which must be a JSON object.
    ///
    /// Apart from requiring an object at the top level, this behaves as
    /// `init(parsingJSON:maximumBytes:maximumDepth:)`.
    ///
    /// - Throws: `AttributeParseError`, of kind `notAnObject` for a valid
    ///   document of another type.
    public init(
        parsingAttributes text: String,
        maximumBytes: Int = Limits.maximumAttributesBytes,
        maximumDepth: Int = Limits.maximumAttributesDepth
    ) throws(AttributeParseError) {
        try AttributeParser.checkSize(text.utf8.count, maximumBytes: maximumBytes)
        var contiguousText = text
        let result = contiguousText.withUTF8 { bytes in
            Result { () throws(AttributeParseError) in
                let value = try AttributeParser.parse(bytes, maximumBytes: maximumBytes, maximumDepth: maximumDepth)
                try AttributeParser.requireObject(value, in: bytes)
                return value
            }
        }
        self = try result.get()
    }

    /// Parses attributes from UTF-8 bytes, such as a string field of a wire
    /// message, without first making a `String`. Bytes that are not
    /// well-formed UTF-8 are rejected with kind `invalidUTF8` instead of
    /// being replaced.
    package init(
        parsingAttributesBytes bytes: UnsafeBufferPointer<UInt8>,
        maximumBytes: Int = Limits.maximumAttributesBytes,
        maximumDepth: Int = Limits.maximumAttributesDepth
    ) throws(AttributeParseError) {
        try AttributeParser.checkSize(bytes.count, maximumBytes: maximumBytes)
        let value = try AttributeParser.parse(bytes, maximumBytes: maximumBytes, maximumDepth: maximumDepth)
        try AttributeParser.requireObject(value, in: bytes)
        self = value
    }
}

/// A recursive-descent JSON parser over UTF-8 bytes.
///
/// Every loop consumes at least one byte per iteration, so the work is
/// bounded by the document's length, which `checkSize` bounds by the byte
/// limit. The recursion is bounded by `maximumDepth`.
struct AttributeParser: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    /// The next byte to read.
    var offset = 0
    /// Members of the objects being parsed, innermost last. Each object
    /// moves its members out when it closes, into an array of exactly their
    /// count. An array grown by appending kept up to twice the room it
    /// needed, for as long as its task or worker lived.
    var openMembers = AttributeParseStack<OpenMember>()
    /// Elements of the arrays being parsed, innermost last, moved out as
    /// `openMembers` are.
    private var openElements = AttributeParseStack<AttributeValue>()

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int, initialMembers: UnsafeMutableBufferPointer<OpenMember>) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        openMembers = AttributeParseStack(initialStorage: initialMembers)
    }

    static func checkSize(_ byteCount: Int, maximumBytes: Int) throws(AttributeParseError) {
        precondition(maximumBytes >= 0, "maximumBytes is \(maximumBytes); it must not be negative")
        guard byteCount > maximumBytes else { return }
        let excess = byteCount - maximumBytes
        throw AttributeParseError(
            kind: .tooLarge, offset: maximumBytes, line: 0, column: 0,
            message: "attributes are \(AttributeParseError.grouped(byteCount)) bytes, "
                + "\(AttributeParseError.grouped(excess)) over the limit of "
                + "\(AttributeParseError.grouped(maximumBytes)); shorten them"
        )
    }

    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>,
        maximumBytes: Int,
        maximumDepth: Int
    ) throws(AttributeParseError) -> AttributeValue {
        precondition(maximumDepth >= 0, "maximumDepth is \(maximumDepth); it must not be negative")
        assert(bytes.count <= maximumBytes, "checkSize must run before parse")
        // The first members go on the call stack, which saves an allocation
        // for a usual document. The parser ends before the buffer does.
        let capacity = AttributeParseStack<OpenMember>.initialCapacity
        return try withUnsafeTemporaryAllocation(of: OpenMember.self, capacity: capacity) {
            initialMembers throws(AttributeParseError) in
            var parser = AttributeParser(bytes: bytes, maximumDepth: maximumDepth, initialMembers: initialMembers)
            parser.skipWhitespace()
            let value = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            guard parser.offset == bytes.count else {
                throw parser.failure(
                    .trailingData,
                    "found \(parser.describeFound()) after the end of the JSON value; remove it"
                )
            }
            return value
        }
    }

    static func requireObject(_ value: AttributeValue, in bytes: UnsafeBufferPointer<UInt8>) throws(AttributeParseError) {
        let found: String
        switch value {
        case .object: return
        case .array: found = "an array"
        case .string: found = "a string"
        case .number: found = "a number"
        case .bool: found = "a boolean"
        case .null: found = "null"
        }
        var parser = AttributeParser(bytes: bytes, maximumDepth: 0)
        parser.skipWhitespace()
        let position = AttributeParseError.position(of: parser.offset, in: bytes)
        throw AttributeParseError(
            kind: .notAnObject, offset: parser.offset, line: position.line, column: position.column,
            message: "attributes must be a JSON object, found \(found); "
                + "send the values as members of an object, for example {\"skills\": [\"billing\"]}"
        )
    }

    // MARK: Values

    /// Parses the value at `offset`, which follows any whitespace. `depth` is
    /// the number of arrays and objects that enclose the value.
    mutating func parseValue(depth: Int) throws(AttributeParseError) -> AttributeValue {
        guard offset < bytes.count else {
            throw failure(.invalidSyntax, "expected a value but found the end of the input")
        }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        default:
            throw unexpectedValue()
        }
    }

    /// Parses an object whose `{` is at `offset`. `depth` counts this object.
    mutating func parseObject(depth: Int) throws(AttributeParseError) -> AttributeValue {
        try checkDepth(depth)
        offset += 1
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            return .object(AttributeObject([]))
        }
        let base = openMembers.count
        while true {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                let expected = openMembers.count == base ? "a string key or '}'" : "a string key"
                throw failure(.invalidSyntax, "expected \(expected) but found \(describeFound())")
            }
            let keyStart = offset + 1
            let (key, isVerbatim) = try parseStringToken()
            let keySource = isVerbatim ? KeySource(start: keyStart, count: offset - 1 - keyStart) : nil
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
                throw failure(.invalidSyntax, "expected ':' but found \(describeFound())")
            }
            offset += 1
            skipWhitespace()
            // Most member values are strings, so they skip `parseValue`.
            let isString = offset < bytes.count && bytes[offset] == UInt8(ascii: "\"")
            let value = isString ? AttributeValue.string(try parseString()) : try parseValue(depth: depth)
            openMembers.push(OpenMember(key: key, value: value, keySource: keySource))
            skipWhitespace()
            guard offset < bytes.count else {
                throw failure(.invalidSyntax, "expected ',' or '}' but found the end of the input")
            }
            switch bytes[offset] {
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                offset += 1
                return .object(closeObject(from: base))
            default:
                throw failure(.invalidSyntax, "expected ',' or '}' but found \(describeFound())")
            }
        }
    }

    /// Parses an array whose `[` is at `offset`. `depth` counts this array.
    mutating func parseArray(depth: Int) throws(AttributeParseError) -> AttributeValue {
        try checkDepth(depth)
        offset += 1
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            return .array([])
        }
        let base = openElements.count
        while true {
            let element = try parseValue(depth: depth)
            openElements.push(element)
            skipWhitespace()
            guard offset < bytes.count else {
                throw failure(.invalidSyntax, "expected ',' or ']' but found the end of the input")
            }
            switch bytes[offset] {
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                offset += 1
                return .array(openElements.removeAllIntoArray(from: base))
            default:
                throw failure(.invalidSyntax, "expected ',' or ']' but found \(describeFound())")
            }
        }
    }

    /// Consumes `literal` (true, false or null), whose first byte is at `offset`.
    mutating func parseLiteral(_ literal: StaticString) throws(AttributeParseError) {
        let length = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected in
            guard bytes.count - offset >= length else { return false }
            for index in 0..<length where bytes[offset + index] != expected[index] {
                return false
            }
            return true
        }
        guard matches else { throw unexpectedValue() }
        offset += length
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                offset += 1
            default:
                return
            }
        }
    }
}

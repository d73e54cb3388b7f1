/// A rejected attributes document: what was wrong, where, and what to do.
///
/// `message` is written for the client that sent the document and names the
/// position or the limit that was exceeded.
public struct AttributeParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of problem, for callers that map errors to status codes.
    public enum Kind: Sendable, Hashable {
        /// The document is longer than the byte limit. Nothing was parsed.
        case tooLarge
        /// Arrays and objects nest deeper than the depth limit.
        case tooDeep
        /// A token is missing or out of place, or the input ends early.
        case invalidSyntax
        /// A complete value is followed by more than whitespace.
        case trailingData
        /// A string contains an unescaped control character (U+0000 to U+001F).
        case invalidString
        /// A backslash escape is unknown, malformed, or a lone UTF-16 surrogate.
        case invalidEscape
        /// The bytes are not well-formed UTF-8. Only byte input can cause this,
        /// because a Swift `String` is always valid UTF-8.
        case invalidUTF8
        /// A number breaks the JSON grammar: a leading zero, a missing digit, NaN or Infinity.
        case invalidNumber
        /// A number is beyond the range of a 64-bit double, such as 1e400.
        case numberOutOfRange
        /// The document is valid JSON but not an object, where attributes must be one.
        case notAnObject
    }

    public var kind: Kind
    /// Zero-based offset of the problem in UTF-8 bytes from the start of the
    /// document. For `tooLarge` it is the limit, the first byte beyond it.
    public var offset: Int
    /// One-based line of `offset`, where lines end at line feeds (U+000A).
    /// It is 0 for `tooLarge`, because the document is rejected unread.
    public var line: Int
    /// One-based column of `offset`, counted in Unicode scalars from the
    /// start of the line. It is 0 for `tooLarge`.
    public var column: Int
    /// A sentence for the client, naming the position or the limit.
    public var message: String

    public init(kind: Kind, offset: Int, line: Int, column: Int, message: String) {
        self.kind = kind
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { message }
}

extension AttributeParseError {
    /// Creates the error for a problem at `offset` in `bytes`, prefixing
    /// `detail` with the line and column.
    static func at(
        _ offset: Int,
        in bytes: UnsafeBufferPointer<UInt8>,
        kind: Kind,
        _ detail: String
    ) -> AttributeParseError {
        let (line, column) = position(of: offset, in: bytes)
        let message = "invalid JSON at line \(line), column \(column): \(detail)"
        return AttributeParseError(kind: kind, offset: offset, line: line, column: column, message: message)
    }

    /// Computes the one-based line and column of a byte offset. The column
    /// counts Unicode scalars by counting the bytes that are not UTF-8
    /// continuation bytes.
    ///
    /// - Complexity: O(offset).
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for index in 0..<min(offset, bytes.count) {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0b1100_0000 != 0b1000_0000 {
                column += 1
            }
        }
        return (line, column)
    }

    /// Formats a count with a comma between groups of three digits, as in 4,096.
    static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        var result = count < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 {
                result.append(",")
            }
            result.append(digit)
        }
        return result
    }
}

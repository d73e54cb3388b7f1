/// An expression's text as UTF-8 bytes, with the conversions that error
/// messages need.
struct SourceText {
    /// The expression as written.
    let string: String
    /// Its UTF-8 bytes, which the lexer scans.
    let bytes: [UInt8]

    init(_ string: String) {
        self.string = string
        self.bytes = Array(string.utf8)
    }

    /// Returns the one-based column, in characters, of the byte at `offset`.
    func column(ofByteOffset offset: Int) -> Int {
        let prefix = bytes[0..<min(max(offset, 0), bytes.count)]
        return String(decoding: prefix, as: UTF8.self).count + 1
    }

    /// Returns the text of `range` for quoting in a message, shortened to
    /// `Self.maximumQuotedCharacters` characters.
    func quoted(_ range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        let text = String(decoding: bytes[lower..<upper], as: UTF8.self)
        guard text.count > Self.maximumQuotedCharacters else { return text }
        return String(text.prefix(Self.maximumQuotedCharacters)) + "…"
    }

    /// The longest token text quoted in an error message, so that a message
    /// about a huge literal stays readable.
    static let maximumQuotedCharacters = 40
}

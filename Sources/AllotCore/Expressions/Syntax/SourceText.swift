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

    /// Returns the one-based column, in Unicode scalars, of the byte at `offset`.
    func column(ofByteOffset offset: Int) -> Int {
        Self.column(ofByteOffset: offset, in: bytes[...])
    }

    /// Returns the one-based column, in Unicode scalars, of the byte at
    /// `offset` in `bytes`: one more than the number of bytes before it that
    /// start a scalar, which are those that are not UTF-8 continuation bytes.
    static func column(ofByteOffset offset: Int, in bytes: some Collection<UInt8>) -> Int {
        bytes.prefix(max(offset, 0)).count { $0 & 0xC0 != 0x80 } + 1
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

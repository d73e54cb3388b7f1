/// Splits an expression into tokens.
///
/// The lexer reads UTF-8 bytes and allocates only the token array and the
/// text of words and strings. Every loop advances through the source, whose
/// length the caller has already checked against
/// `Limits.maximumExpressionBytes`.
struct Lexer {
    private let source: SourceText
    private var offset = 0
    private var tokens: [Token] = []

    /// Returns the tokens of `source`, ending with an `.end` token.
    static func tokens(of source: SourceText) throws(ExpressionError) -> [Token] {
        var lexer = Lexer(source: source)
        try lexer.run()
        return lexer.tokens
    }

    private init(source: SourceText) {
        self.source = source
    }

    private var bytes: [UInt8] { source.bytes }

    private mutating func run() throws(ExpressionError) {
        while true {
            skipWhitespace()
            guard offset < bytes.count else {
                tokens.append(Token(kind: .end, start: bytes.count, end: bytes.count))
                return
            }
            let start = offset
            let kind = try scanToken()
            tokens.append(Token(kind: kind, start: start, end: offset))
        }
    }

    private mutating func scanToken() throws(ExpressionError) -> TokenKind {
        let byte = bytes[offset]
        if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
            return try scanString()
        }
        if CharacterClass.isDigit(byte) {
            return try scanNumber()
        }
        if CharacterClass.startsWord(bytes, at: offset) {
            return scanWord()
        }
        return try scanSymbol()
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            let width = CharacterClass.whitespaceWidth(bytes, at: offset)
            guard width > 0 else { return }
            offset += width
        }
    }

    private mutating func scanWord() -> TokenKind {
        let start = offset
        offset = CharacterClass.endOfWord(bytes, from: offset)
        return .word(String(decoding: bytes[start..<offset], as: UTF8.self))
    }
}

// MARK: - Numbers and symbols

extension Lexer {
    /// Scans `digits [ "." digits ] [ ("e" | "E") [ "+" | "-" ] digits ]`.
    /// Leading zeros are allowed: `0800` is 800.
    private mutating func scanNumber() throws(ExpressionError) -> TokenKind {
        let start = offset
        offset = skipDigits(from: offset)
        if offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "."), CharacterClass.isDigit(bytes[offset + 1]) {
            offset = skipDigits(from: offset + 1)
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            var exponent = offset + 1
            if exponent < bytes.count, bytes[exponent] == UInt8(ascii: "+") || bytes[exponent] == UInt8(ascii: "-") {
                exponent += 1
            }
            if exponent < bytes.count, CharacterClass.isDigit(bytes[exponent]) {
                offset = skipDigits(from: exponent)
            }
        }
        // A letter right after the digits, as in `988En`, is a key that starts
        // with a digit rather than a number. AND and OR are the exception, as in
        // `a==1AND b==2`, because the grammar needs no space before a connective.
        if offset < bytes.count, CharacterClass.continuesWord(bytes, at: offset) {
            let end = CharacterClass.endOfWord(bytes, from: offset)
            let word = Token(kind: .word(String(decoding: bytes[offset..<end], as: UTF8.self)), start: offset, end: end)
            if word.isKeyword("AND") || word.isKeyword("OR") {
                return try numberValue(from: start)
            }
            throw error(
                at: start,
                "'\(source.quoted(start..<end))' is neither a number nor a key, because key segments cannot start with a digit; quote it if it is a string",
                found: source.quoted(start..<end),
                expected: "a number, a string or a key"
            )
        }
        return try numberValue(from: start)
    }

    /// Returns the number whose digits run from `start` to the current offset.
    private func numberValue(from start: Int) throws(ExpressionError) -> TokenKind {
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw error(at: start, "number \(source.quoted(start..<offset)) is too large; numbers must be below about 1.8e308, "
                        + "so write a smaller one, or quote it if it is a string", found: text)
        }
        return .number(value)
    }

    private func skipDigits(from start: Int) -> Int {
        var end = start
        while end < bytes.count, CharacterClass.isDigit(bytes[end]) { end += 1 }
        return end
    }

    private mutating func scanSymbol() throws(ExpressionError) -> TokenKind {
        if offset + 1 < bytes.count {
            let pair = String(decoding: bytes[offset...(offset + 1)], as: UTF8.self)
            if let symbol = Symbol(rawValue: pair) {
                offset += 2
                return .symbol(symbol)
            }
        }
        let byte = bytes[offset]
        if byte < 0x80, let symbol = Symbol(rawValue: String(UnicodeScalar(byte))) {
            offset += 1
            return .symbol(symbol)
        }
        throw unexpectedCharacter()
    }

    private func unexpectedCharacter() -> ExpressionError {
        let width = CharacterClass.scalarWidth(bytes, at: offset)
        let text = source.quoted(offset..<(offset + width))
        let hint: String
        switch text {
        case "!": hint = "; use != for not equal, or NOT IN"
        case "&": hint = "; use AND or &&"
        case "|": hint = "; use OR or ||"
        default: hint = "; remove it, or quote the text if it belongs in a string"
        }
        return error(at: offset, "unexpected character '\(text)'\(hint)", found: text, expected: "a key, a value, an operator or a parenthesis")
    }

    func error(at byteOffset: Int, _ message: String, found: String? = nil, expected: String? = nil) -> ExpressionError {
        ExpressionError(column: source.column(ofByteOffset: byteOffset), message: message, found: found, expected: expected)
    }
}

// MARK: - Strings

extension Lexer {
    /// Scans a string in single or double quotes. A backslash escapes the
    /// next character: `\'`, `\"` and `\\` are those characters, `\n` is a
    /// line feed and `\t` a tab. Any other escape is an error.
    private mutating func scanString() throws(ExpressionError) -> TokenKind {
        let start = offset
        let quote = bytes[offset]
        var text: [UInt8] = []
        offset += 1
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == quote {
                offset += 1
                return .string(String(decoding: text, as: UTF8.self))
            }
            if byte == UInt8(ascii: "\\") {
                text.append(try scanEscape())
            } else {
                text.append(byte)
                offset += 1
            }
        }
        let quoteText = String(UnicodeScalar(quote))
        throw error(
            at: start,
            "unterminated string: the \(quoteText) here opens a string that never closes; quote both ends of a string value, as in \(quoteText)gold\(quoteText)",
            found: "end of expression",
            expected: "a closing \(quoteText)"
        )
    }

    /// Consumes a backslash and the character after it, returning the byte it stands for.
    private mutating func scanEscape() throws(ExpressionError) -> UInt8 {
        let start = offset
        offset += 1
        guard offset < bytes.count else {
            throw error(at: start, "a backslash at the end of the expression escapes nothing; write \\\\ for a backslash", found: "\\")
        }
        let escaped = bytes[offset]
        offset += 1
        switch escaped {
        case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "\\"): return escaped
        case UInt8(ascii: "n"): return UInt8(ascii: "\n")
        case UInt8(ascii: "t"): return UInt8(ascii: "\t")
        default:
            let width = CharacterClass.scalarWidth(bytes, at: offset - 1)
            let text = source.quoted(start..<(offset - 1 + width))
            throw error(
                at: start,
                "unknown escape '\(text)' in a string; the escapes are \\' \\\" \\\\ \\n and \\t",
                found: text,
                expected: "\\' \\\" \\\\ \\n or \\t"
            )
        }
    }
}

/// A position in a token list, with the helpers that the expression parser
/// and the `order_by` parser share: key paths and error messages.
struct TokenCursor {
    let source: SourceText
    private let tokens: [Token]
    private var position = 0

    init(source: SourceText) throws(ExpressionError) {
        self.source = source
        self.tokens = try Lexer.tokens(of: source)
    }

    /// The token at the cursor; `.end` once the tokens are used up.
    var current: Token { tokens[position] }

    /// The token after the current one, or the `.end` token.
    var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    /// Moves to the next token; stays on the final `.end` token.
    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    /// Whether the expression has no tokens at all.
    var isEmpty: Bool { tokens.count == 1 }

    /// Returns the token as a message quotes it: `'text'` or "end of expression".
    func describe(_ token: Token) -> String {
        if case .end = token.kind { return "end of expression" }
        return "'\(source.quoted(token.start..<token.end))'"
    }

    /// Returns the one-based column of `token`.
    func column(of token: Token) -> Int {
        source.column(ofByteOffset: token.start)
    }

    /// Returns an error at `token`, recording it as the token found.
    func error(at token: Token, _ message: String, expected: String? = nil) -> ExpressionError {
        ExpressionError(column: column(of: token), message: message, found: describe(token), expected: expected)
    }

    /// Returns an "expected …, found …" error at the current token.
    func unexpected(_ expected: String, hint: String = "") -> ExpressionError {
        error(at: current, "expected \(expected), found \(describe(current))\(hint)", expected: expected)
    }
}

/// A key path as written, before it is resolved for an expression kind.
struct ParsedKey {
    /// The segments and indexes; the first is always a member.
    var components: [PathComponent]
    /// The first token of the key.
    var startToken: Token
    /// The key as written.
    var text: String

    /// The name of the first segment.
    var firstName: String {
        guard case .member(let name) = components.first else {
            preconditionFailure("a parsed key starts with a member, found \(components)")
        }
        return name
    }
}

extension TokenCursor {
    /// Parses `segment { "." segment | "[" index "]" }` from the current word,
    /// with nothing between the parts.
    mutating func parseKey() throws(ExpressionError) -> ParsedKey {
        guard case .word(let firstName) = current.kind else {
            preconditionFailure("parseKey starts on a word, found \(current.kind)")
        }
        let startToken = current
        var components: [PathComponent] = [.member(firstName)]
        var last = current
        advance()
        while last.isFollowed(immediatelyBy: current) {
            if current.isSymbol(.dot) {
                let dot = current
                advance()
                components.append(.member(try parseSegment(after: dot)))
            } else if current.isSymbol(.leftBracket) {
                advance()
                components.append(.index(try parseIndex()))
            } else if current.isSymbol(.minus) {
                throw hyphenError(keyStart: startToken)
            } else {
                break
            }
            last = current
            advance()
        }
        let text = source.quoted(startToken.start..<last.end)
        return ParsedKey(components: components, startToken: startToken, text: text)
    }

    /// Reads the segment after `dot`; leaves the cursor on it.
    private func parseSegment(after dot: Token) throws(ExpressionError) -> String {
        guard dot.isFollowed(immediatelyBy: current) else {
            throw error(at: dot, "'.' in a key must be followed directly by a key segment, with no space", expected: "a key segment")
        }
        guard case .word(let name) = current.kind else {
            let hint = if case .number = current.kind { "; key segments cannot start with a digit" } else { "" }
            throw unexpected("a key segment after '.'", hint: hint)
        }
        return name
    }

    /// Reads `index "]"` after a `[`; leaves the cursor on the `]`.
    private mutating func parseIndex() throws(ExpressionError) -> Int {
        let indexToken = current
        guard case .number(let value) = indexToken.kind,
              source.bytes[indexToken.start..<indexToken.end].allSatisfy(CharacterClass.isDigit)
        else {
            throw unexpected("an array index (a whole number such as 0 or 2) after '['")
        }
        advance()
        guard current.isSymbol(.rightBracket) else {
            throw unexpected("']' to close the array index")
        }
        // Indexes past any possible array are out of range and read as null;
        // clamping keeps the conversion to Int safe.
        return Int(min(value, Double(Int32.max)))
    }

    private func hyphenError(keyStart: Token) -> ExpressionError {
        var end = keyStart.start
        let bytes = source.bytes
        while end < bytes.count,
              CharacterClass.continuesWord(bytes, at: end) || "-.[]".utf8.contains(bytes[end]) {
            end += CharacterClass.scalarWidth(bytes, at: end)
        }
        let key = source.quoted(keyStart.start..<end)
        return error(
            at: current,
            "'-' is not allowed in a key ('\(key)'); expressions cannot reference keys that contain hyphens",
            expected: "an operator after the key"
        )
    }
}

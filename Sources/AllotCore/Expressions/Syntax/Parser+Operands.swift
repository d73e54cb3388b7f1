/// Operands: literals, array literals and keys.
extension Parser {
    /// Parses an operand: a string, a number, `true`, `false`, `null`, an
    /// array literal or a key, which is resolved for the expression's kind.
    mutating func parseOperand() throws(ExpressionError) -> Operand {
        let token = cursor.current
        if case .word = token.kind, !startsKeyPath(token) {
            if token.isKeyword("NOT") {
                throw cursor.error(at: token, "unary NOT is not supported; use != or NOT IN", expected: "a key or a value")
            }
            if let literal = keywordLiteral(token) {
                cursor.advance()
                return .constant(literal)
            }
        }
        if case .word = token.kind {
            let key = try cursor.parseKey()
            return try KeyResolver.resolve(key, kind: kind, cursor: cursor)
        }
        if token.isSymbol(.leftBracket) {
            return .constant(try parseArrayLiteral())
        }
        if let scalar = try parseScalarLiteral() {
            return .constant(scalar)
        }
        let hint = token.isSymbol(.leftParenthesis)
            ? "; parentheses group whole comparisons, as in (a == 1 OR b == 2)"
            : ""
        throw cursor.unexpected("a key or a value", hint: hint)
    }

    /// Returns whether a word continues into a key path (`true.x`, `null[0]`), which
    /// makes it a key rather than a keyword.
    private func startsKeyPath(_ word: Token) -> Bool {
        let next = cursor.next
        return word.isFollowed(immediatelyBy: next) && (next.isSymbol(.dot) || next.isSymbol(.leftBracket))
    }

    /// Returns the value of `true`, `false` or `null` in any letter case.
    private func keywordLiteral(_ token: Token) -> AttributeValue? {
        if token.isKeyword("TRUE") { return .bool(true) }
        if token.isKeyword("FALSE") { return .bool(false) }
        if token.isKeyword("NULL") { return .null }
        return nil
    }

    /// Parses a string, a number or a negative number at the cursor, or
    /// returns nil when the token starts none of these.
    private mutating func parseScalarLiteral() throws(ExpressionError) -> AttributeValue? {
        let token = cursor.current
        switch token.kind {
        case .string(let text):
            cursor.advance()
            return .string(text)
        case .number(let value):
            cursor.advance()
            return .number(value)
        case .symbol(.minus):
            let number = cursor.next
            guard token.isFollowed(immediatelyBy: number), case .number(let value) = number.kind else {
                throw cursor.error(
                    at: token,
                    "'-' must be followed directly by a number, as in -5; keys cannot contain or start with '-'",
                    expected: "a number"
                )
            }
            cursor.advance()
            cursor.advance()
            return .number(-value)
        default:
            return nil
        }
    }

    /// Parses `"[" [ constant { "," constant } ] "]"` where each constant is a
    /// string, a number, `true`, `false` or `null`.
    private mutating func parseArrayLiteral() throws(ExpressionError) -> AttributeValue {
        cursor.advance()
        var elements: [AttributeValue] = []
        if cursor.current.isSymbol(.rightBracket) {
            cursor.advance()
            return .array(elements)
        }
        while true {
            elements.append(try parseArrayElement())
            if cursor.current.isSymbol(.comma) {
                cursor.advance()
            } else if cursor.current.isSymbol(.rightBracket) {
                cursor.advance()
                return .array(elements)
            } else {
                throw cursor.unexpected("',' or ']' in an array literal")
            }
        }
    }

    private mutating func parseArrayElement() throws(ExpressionError) -> AttributeValue {
        let token = cursor.current
        if let literal = keywordLiteral(token), !startsKeyPath(token) {
            cursor.advance()
            return literal
        }
        if let scalar = try parseScalarLiteral() {
            return scalar
        }
        let hint: String
        if token.isSymbol(.leftBracket) {
            hint = "; array literals cannot be nested"
        } else if case .word = token.kind {
            hint = "; array literals hold only constants, not keys"
        } else {
            hint = ""
        }
        throw cursor.unexpected("a string, a number, true, false or null in an array literal", hint: hint)
    }
}

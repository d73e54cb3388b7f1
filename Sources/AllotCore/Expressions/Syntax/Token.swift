/// A lexical token of the expression language, with its place in the source.
struct Token {
    /// What the token is.
    var kind: TokenKind
    /// Byte offset of the token's first byte in the source's UTF-8.
    var start: Int
    /// Byte offset just past the token's last byte.
    var end: Int

    /// Returns whether `other` starts exactly where this token ends, with no
    /// whitespace between. Key paths are written with no spaces inside.
    func isFollowed(immediatelyBy other: Token) -> Bool {
        other.start == end
    }
}

/// The kinds of tokens.
enum TokenKind: Equatable {
    /// An identifier: a letter, `_` or `$`, then letters, digits, `_` or `$`.
    /// Keywords (`AND`, `IN`, `true` …) are words too; the parser decides by
    /// position whether a word is a keyword or part of a key.
    case word(String)
    /// An unsigned number literal; a minus sign is a separate token.
    case number(Double)
    /// A string literal with its escapes resolved.
    case string(String)
    /// An operator or punctuation mark.
    case symbol(Symbol)
    /// The end of the expression.
    case end
}

/// Operators and punctuation, each spelled with one or two ASCII characters.
enum Symbol: String, CaseIterable {
    case leftParenthesis = "("
    case rightParenthesis = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case comma = ","
    case dot = "."
    case minus = "-"
    case doubleEqual = "=="
    case singleEqual = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case hasArrow = ">-"
    case inArrow = "<-"
    case doubleAmpersand = "&&"
    case doubleBar = "||"

    /// The comparison operator this symbol spells, if it spells one.
    var comparisonOperator: ComparisonOperator? {
        switch self {
        case .doubleEqual, .singleEqual: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .hasArrow: .has
        case .inArrow: .in
        default: nil
        }
    }
}

extension Token {
    /// Returns whether this token is the word `keyword`, in any letter case.
    /// `keyword` must be upper-case ASCII letters.
    func isKeyword(_ keyword: String) -> Bool {
        guard case .word(let word) = kind else { return false }
        // Clearing bit 5 upper-cases an ASCII letter and maps no other byte
        // onto an upper-case letter.
        return word.utf8.elementsEqual(keyword.utf8) { $0 & 0xDF == $1 }
    }

    /// Returns whether this token is `symbol`.
    func isSymbol(_ symbol: Symbol) -> Bool {
        kind == .symbol(symbol)
    }
}

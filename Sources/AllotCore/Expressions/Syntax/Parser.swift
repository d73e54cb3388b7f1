/// Parses an expression into an `ExpressionNode`, resolving each key for
/// the expression's kind.
///
/// The grammar, with `AND` binding tighter than `OR` and both left-associative:
///
///     expression := disjunction
///     disjunction := conjunction { ("OR" | "||") conjunction }
///     conjunction := primary { ("AND" | "&&") primary }
///     primary := "(" disjunction ")" | operand operator operand
///
/// The parser recurses once per open parenthesis and rejects nesting deeper
/// than `Limits.maximumExpressionDepth`, so its stack use is bounded.
struct Parser {
    var cursor: TokenCursor
    let kind: ExpressionKind

    /// Parses `source`; an empty or all-whitespace expression is `.never`.
    static func parse(_ source: SourceText, kind: ExpressionKind) throws(ExpressionError) -> ExpressionNode {
        var parser = Parser(cursor: try TokenCursor(source: source), kind: kind)
        return try parser.parseExpression()
    }

    private init(cursor: TokenCursor, kind: ExpressionKind) {
        self.cursor = cursor
        self.kind = kind
    }

    private mutating func parseExpression() throws(ExpressionError) -> ExpressionNode {
        if cursor.isEmpty { return .never }
        let node = try parseDisjunction(depth: 0)
        guard case .end = cursor.current.kind else {
            if cursor.current.isSymbol(.rightParenthesis) {
                throw cursor.error(at: cursor.current, "unbalanced ')': no '(' is open here", expected: "AND, OR or the end of the expression")
            }
            throw cursor.unexpected("AND, OR or the end of the expression after a comparison")
        }
        return node
    }

    private mutating func parseDisjunction(depth: Int) throws(ExpressionError) -> ExpressionNode {
        var children = [try parseConjunction(depth: depth)]
        while cursor.current.isKeyword("OR") || cursor.current.isSymbol(.doubleBar) {
            cursor.advance()
            children.append(try parseConjunction(depth: depth))
        }
        return Self.merge(children, and: false)
    }

    private mutating func parseConjunction(depth: Int) throws(ExpressionError) -> ExpressionNode {
        var children = [try parsePrimary(depth: depth)]
        while cursor.current.isKeyword("AND") || cursor.current.isSymbol(.doubleAmpersand) {
            cursor.advance()
            children.append(try parsePrimary(depth: depth))
        }
        return Self.merge(children, and: true)
    }

    private mutating func parsePrimary(depth: Int) throws(ExpressionError) -> ExpressionNode {
        guard cursor.current.isSymbol(.leftParenthesis) else {
            return try parseComparison()
        }
        let open = cursor.current
        let innerDepth = depth + 1
        guard innerDepth <= Limits.maximumExpressionDepth else {
            let excess = innerDepth - Limits.maximumExpressionDepth
            throw cursor.error(
                at: open,
                "parentheses nest \(innerDepth) deep here, \(excess) more than the limit of \(Limits.maximumExpressionDepth); simplify the expression"
            )
        }
        cursor.advance()
        let inner = try parseDisjunction(depth: innerDepth)
        guard cursor.current.isSymbol(.rightParenthesis) else {
            throw cursor.unexpected("')' to close '(' at column \(cursor.column(of: open))")
        }
        cursor.advance()
        return inner
    }

    /// Joins the children of one connective, merging children that are the
    /// same connective, so that `(a AND b) AND c` is one node of three.
    private static func merge(_ children: [ExpressionNode], and isConjunction: Bool) -> ExpressionNode {
        if children.count == 1 { return children[0] }
        var merged: [ExpressionNode] = []
        for child in children {
            switch (child, isConjunction) {
            case (.and(let grandchildren), true), (.or(let grandchildren), false):
                merged.append(contentsOf: grandchildren)
            default:
                merged.append(child)
            }
        }
        return isConjunction ? .and(merged) : .or(merged)
    }
}

// MARK: - Comparisons

extension Parser {
    private mutating func parseComparison() throws(ExpressionError) -> ExpressionNode {
        let leftStart = cursor.current
        let left = try parseOperand()
        let leftText = cursor.source.quoted(leftStart.start..<cursor.current.start).trimmedTrailingWhitespace
        let comparisonOperator = try parseOperator(after: leftText)
        let right = try parseOperand()
        return .comparison(left, comparisonOperator, right)
    }

    /// Parses a comparison operator. Words are operators only here, so a key
    /// may be named `in` or `has`.
    private mutating func parseOperator(after operandText: String) throws(ExpressionError) -> ComparisonOperator {
        let token = cursor.current
        if case .symbol(let symbol) = token.kind, let comparisonOperator = symbol.comparisonOperator {
            cursor.advance()
            return comparisonOperator
        }
        let words: [(String, ComparisonOperator)] = [("CONTAINS", .contains), ("HAS", .has), ("IN", .in)]
        if let (_, comparisonOperator) = words.first(where: { token.isKeyword($0.0) }) {
            cursor.advance()
            return comparisonOperator
        }
        if token.isKeyword("NOT") {
            cursor.advance()
            guard cursor.current.isKeyword("IN") else {
                throw cursor.unexpected("IN after NOT", hint: "; unary NOT is not supported, use != or NOT IN")
            }
            cursor.advance()
            return .notIn
        }
        let hint = token.isSymbol(.minus)
            ? "; arithmetic is not supported"
            : "; a key or value alone is not a condition, compare it, as in \(operandText) == true"
        throw cursor.unexpected(
            "a comparison operator (==, !=, <, <=, >, >=, CONTAINS, HAS, IN, NOT IN) after '\(operandText)'",
            hint: hint
        )
    }
}

extension String {
    /// The string without trailing whitespace, for quoting an operand.
    fileprivate var trimmedTrailingWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

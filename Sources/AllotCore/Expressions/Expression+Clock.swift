extension Expression {
    /// Whether any comparison reads a `taskrouter.*` clock key, so that the
    /// result can change while nothing but the time changes.
    ///
    /// - Complexity: O(n) in the nodes of the tree, whose depth the parser
    ///   bounds by `Limits.maximumExpressionDepth`.
    public var readsClock: Bool {
        Self.readsClock(root)
    }

    private static func readsClock(_ node: ExpressionNode) -> Bool {
        switch node {
        case .and(let children), .or(let children):
            return children.contains { readsClock($0) }
        case .comparison(let lhs, _, let rhs):
            if case .clock = lhs { return true }
            if case .clock = rhs { return true }
            return false
        case .never:
            return false
        }
    }
}

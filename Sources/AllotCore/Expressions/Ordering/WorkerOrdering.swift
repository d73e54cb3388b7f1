/// A compiled `order_by` list, such as `worker.level DESC, worker.skills.billing ASC`.
///
/// Clauses are separated by commas. Each is a key that starts with
/// `worker.` followed by `ASC` or `DESC` in any letter case; a clause
/// without a direction is ascending. The first clause sorts and later ones
/// break its ties. An empty or all-whitespace list has no clauses.
public struct WorkerOrdering: Sendable, Hashable {
    /// The clauses in order of importance.
    public let clauses: [OrderClause]

    /// Compiles `source`.
    ///
    /// - Throws: `ExpressionError` naming the column, when a key does not
    ///   start with `worker.`, a clause has something other than `ASC` or
    ///   `DESC` after its key, or the text is longer than
    ///   `Limits.maximumExpressionBytes`.
    public init(_ source: String) throws(ExpressionError) {
        let byteCount = source.utf8.count
        guard byteCount <= Limits.maximumExpressionBytes else {
            let limit = Limits.maximumExpressionBytes
            throw ExpressionError(
                column: SourceText.column(ofByteOffset: limit, in: source.utf8),
                message: "order_by is \(byteCount) bytes long, \(byteCount - limit) bytes over the limit of \(limit) bytes"
            )
        }
        var cursor = try TokenCursor(source: SourceText(source))
        var clauses: [OrderClause] = []
        if !cursor.isEmpty {
            while true {
                clauses.append(try Self.parseClause(&cursor))
                if case .end = cursor.current.kind { break }
                guard cursor.current.isSymbol(.comma) else {
                    throw cursor.unexpected("ASC, DESC, ',' or the end of order_by")
                }
                cursor.advance()
            }
        }
        self.clauses = clauses
    }

    /// Creates an ordering from clauses that are already compiled.
    public init(clauses: [OrderClause]) {
        self.clauses = clauses
    }

    private static func parseClause(_ cursor: inout TokenCursor) throws(ExpressionError) -> OrderClause {
        guard case .word = cursor.current.kind else {
            throw cursor.unexpected("a key that starts with 'worker.', as in worker.level DESC")
        }
        let key = try cursor.parseKey()
        guard key.firstName == "worker", key.components.count >= 2, case .member = key.components[1] else {
            throw cursor.error(
                at: key.startToken,
                "order_by key '\(key.text)' must begin with 'worker.', as in worker.\(key.text) DESC"
            )
        }
        var descending = false
        if cursor.current.isKeyword("DESC") {
            descending = true
            cursor.advance()
        } else if cursor.current.isKeyword("ASC") {
            cursor.advance()
        }
        return OrderClause(path: Array(key.components.dropFirst()), descending: descending)
    }

    /// Decides which of two workers goes first, from their attributes.
    ///
    /// Each clause is tried in turn. A worker with a value (see
    /// `OrderClause.sortValue(in:)`) goes before one without, whatever the
    /// direction. Two values are compared in the clause's direction. Two
    /// workers without a value, or with equal values, go to the next clause.
    ///
    /// - Complexity: O(c × k log m) for c clauses of k path steps through
    ///   objects of m members.
    public func precedence(_ first: AttributeValue, _ second: AttributeValue) -> WorkerPrecedence {
        for clause in clauses {
            let firstValue = clause.sortValue(in: first)
            let secondValue = clause.sortValue(in: second)
            switch (firstValue, secondValue) {
            case (nil, nil):
                continue
            case (.some, nil):
                return .first
            case (nil, .some):
                return .second
            case (.some(let left), .some(let right)):
                if left == right { continue }
                return (left < right) != clause.descending ? .first : .second
            }
        }
        return .tie
    }
}

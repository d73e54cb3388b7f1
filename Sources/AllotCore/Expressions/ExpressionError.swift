/// An expression that cannot be compiled, with the place, the token found
/// there and what would have been valid.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One-based column of the offending token, counted in Unicode scalars
    /// as the attribute parser counts its columns. Past the last token it is
    /// one more than the expression's scalar count.
    public var column: Int
    /// What is wrong and how to fix it, without the column.
    public var message: String
    /// The token at `column` as written ("end of expression" past the last
    /// one), or nil when the error is about the whole expression.
    public var found: String?
    /// What the parser expected at `column`, or nil when nothing would fit.
    public var expected: String?

    /// Creates an error; `message` should name the value and the fix.
    public init(column: Int, message: String, found: String? = nil, expected: String? = nil) {
        self.column = column
        self.message = message
        self.found = found
        self.expected = expected
    }

    /// The message with its column: "column 14: expected ')' …".
    public var description: String {
        "column \(column): \(message)"
    }
}

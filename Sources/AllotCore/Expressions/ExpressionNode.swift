/// A parsed expression tree, with every key resolved for the expression's kind.
///
/// The tree keeps the comparisons as written (nothing is folded), so an
/// index can read which keys are compared with which constants. Nested
/// groups of the same connective are merged: `(a AND b) AND c` is
/// `.and([a, b, c])`. An `and` or `or` node has at least two children.
public indirect enum ExpressionNode: Sendable, Hashable {
    /// True when every child is true; evaluated left to right, stopping at the first false.
    case and([ExpressionNode])
    /// True when any child is true; evaluated left to right, stopping at the first true.
    case or([ExpressionNode])
    /// One comparison of two operands.
    case comparison(Operand, ComparisonOperator, Operand)
    /// The empty expression, which matches nothing.
    case never
}

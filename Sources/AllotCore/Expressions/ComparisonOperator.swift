/// A comparison operator, after aliases are resolved: `=` is `equal`, `>-`
/// is `has` and `<-` is `in`.
public enum ComparisonOperator: Sendable, Hashable, CaseIterable {
    /// `==` or `=`.
    case equal
    /// `!=`.
    case notEqual
    /// `<`.
    case less
    /// `<=`.
    case lessOrEqual
    /// `>`.
    case greater
    /// `>=`.
    case greaterOrEqual
    /// `CONTAINS`: the left string contains the right string.
    case contains
    /// `HAS` or `>-`: the left array has an element equal to the right value.
    case has
    /// `IN` or `<-`: the left value equals an element of the right array.
    case `in`
    /// `NOT IN`: the left value equals no element of the right array.
    case notIn

    /// The canonical spelling, as an expression would write it.
    public var spelling: String {
        switch self {
        case .equal: "=="
        case .notEqual: "!="
        case .less: "<"
        case .lessOrEqual: "<="
        case .greater: ">"
        case .greaterOrEqual: ">="
        case .contains: "CONTAINS"
        case .has: "HAS"
        case .in: "IN"
        case .notIn: "NOT IN"
        }
    }

    /// The operator that gives the same result with the operands swapped, or
    /// nil when swapping changes the meaning (`CONTAINS`, `NOT IN`).
    var mirrored: ComparisonOperator? {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        case .has: .in
        case .in: .has
        case .contains, .notIn: nil
        }
    }
}

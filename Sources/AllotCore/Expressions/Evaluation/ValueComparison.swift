/// The meaning of each comparison operator on two values.
///
/// NULL is a missing key, an index out of range or a JSON `null`. The rules,
/// in the order they apply:
///
/// 0. A comparison with the literal `null` on one side is a presence test
///    of the other side (`nullTest`). `k == null` is true when k is NULL,
///    `k != null` when it is not, and every other operator is false. The
///    rules below cover every comparison without that literal.
/// 1. `==` with a NULL operand is false, even when both are NULL, so
///    `task.agent == worker.agent` matches no worker for a task without
///    `agent`. `!=` is false when both sides are NULL and true when exactly
///    one is and the other is a single value, so `worker.sid !=
///    task.ignoreAgent` is true for a task without `ignoreAgent`, and
///    `flag != true` is true for a worker without `flag`. Production
///    workflows rely on both, which is why this `!=` rule differs from the
///    SQL-like false that the routing model recommends. Every other
///    operator with a NULL operand is false.
/// 2. The scalar operators (`==`, `!=`, `<`, `<=`, `>`, `>=`, `CONTAINS`)
///    are false when either side is an array or an object, so
///    `tags == 'a'` is false for `tags: ["a"]`, and so is `tags != 'a'`.
///    For `!=` this rule comes before rule 1, so `missing != tags` is false.
/// 3. Two scalars are equal when both are numbers with the same value
///    (`1 == 1.0`), both strings with the same code points (case-sensitive)
///    or both booleans with the same value. A number also equals a string
///    that spells it (`"6" == 6`, as `NumericText` reads it). Scalars of
///    other type pairs are unequal, so `!=` is true for them.
/// 4. Ordering applies to two numbers, to a number and a string that spells
///    a number (compared as numbers), and to two strings (by code point,
///    even when both spell numbers). Every other pair, booleans included,
///    is unordered and every ordering operator on it is false.
/// 5. `CONTAINS` is true when both sides are strings and the right one is a
///    substring of the left one, case-sensitive.
/// 6. `HAS` needs an array on the left and a scalar on the right, and `IN`
///    a scalar on the left and an array on the right. Either is true when an
///    element equals the scalar by rule 3. `NOT IN` has the shape of `IN`
///    and is true when no element equals it. Any other shape is false, so
///    `NOT IN` is false, not true, for a missing key.
enum ValueComparison {
    /// Applies `comparisonOperator` to two values.
    static func evaluate(_ lhs: AttributeValue, _ comparisonOperator: ComparisonOperator, _ rhs: AttributeValue) -> Bool {
        switch comparisonOperator {
        case .equal:
            return scalarsEqual(lhs, rhs)
        case .notEqual:
            // Rule 2 comes before rule 1 here, so `missing != tags` is false for an array `tags`.
            guard lhs.comparesAsScalar && rhs.comparesAsScalar else { return false }
            if lhs.comparesAsNull || rhs.comparesAsNull { return lhs.comparesAsNull != rhs.comparesAsNull }
            return !scalarsEqual(lhs, rhs)
        case .less:
            return order(lhs, rhs).map { $0 < 0 } ?? false
        case .lessOrEqual:
            return order(lhs, rhs).map { $0 <= 0 } ?? false
        case .greater:
            return order(lhs, rhs).map { $0 > 0 } ?? false
        case .greaterOrEqual:
            return order(lhs, rhs).map { $0 >= 0 } ?? false
        case .contains:
            guard case .string(let haystack) = lhs, case .string(let needle) = rhs else { return false }
            return UTF8Text.contains(haystack, needle)
        case .has:
            return arrayHas(lhs, rhs)
        case .in:
            return arrayHas(rhs, lhs)
        case .notIn:
            guard case .array(let elements) = rhs, lhs.comparesAsScalar, !lhs.comparesAsNull else { return false }
            return !self.elements(elements, contain: lhs)
        }
    }

    /// Applies `comparisonOperator` to `value` and the literal `null` (rule 0),
    /// whichever side the literal is on.
    @inline(__always)
    static func nullTest(_ value: AttributeValue, _ comparisonOperator: ComparisonOperator) -> Bool {
        switch comparisonOperator {
        case .equal: value.comparesAsNull
        case .notEqual: !value.comparesAsNull
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .contains, .has, .in, .notIn: false
        }
    }

    /// Returns whether `array` is an array with an element equal to the non-null scalar `value`.
    @inline(__always)
    static func arrayHas(_ array: AttributeValue, _ value: AttributeValue) -> Bool {
        guard case .array(let elements) = array, value.comparesAsScalar, !value.comparesAsNull else { return false }
        return self.elements(elements, contain: value)
    }

    /// Returns whether an element of `elements` equals `value` by rule 3.
    @inline(__always)
    static func elements(_ elements: [AttributeValue], contain value: AttributeValue) -> Bool {
        elements.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where scalarsEqual(buffer[index], value) {
                return true
            }
            return false
        }
    }

    /// Returns whether two values are equal scalars by rule 3, which is
    /// never the case for null, arrays and objects.
    @inline(__always)
    static func scalarsEqual(_ lhs: AttributeValue, _ rhs: AttributeValue) -> Bool {
        switch lhs {
        case .string(let left):
            switch rhs {
            case .string(let right): return UTF8Text.equal(left, right)
            case .number(let right): return NumericText.number(from: left) == right
            default: return false
            }
        case .number(let left):
            switch rhs {
            case .number(let right): return left == right
            case .string(let right): return NumericText.number(from: right) == left
            default: return false
            }
        case .bool(let left):
            guard case .bool(let right) = rhs else { return false }
            return left == right
        case .null, .array, .object:
            return false
        }
    }

    /// Returns the order of two values by rule 4 (negative, zero or
    /// positive), or nil when they are unordered.
    static func order(_ lhs: AttributeValue, _ rhs: AttributeValue) -> Int? {
        switch lhs {
        case .number(let left):
            switch rhs {
            case .number(let right): return compareNumbers(left, right)
            case .string(let right): return NumericText.number(from: right).map { compareNumbers(left, $0) }
            default: return nil
            }
        case .string(let left):
            switch rhs {
            case .string(let right): return UTF8Text.compare(left, right)
            case .number(let right): return NumericText.number(from: left).map { compareNumbers($0, right) }
            default: return nil
            }
        case .null, .bool, .array, .object:
            return nil
        }
    }

    @inline(__always)
    private static func compareNumbers(_ lhs: Double, _ rhs: Double) -> Int {
        lhs < rhs ? -1 : (lhs > rhs ? 1 : 0)
    }
}

extension AttributeValue {
    /// Whether the value is JSON `null`, which is also what a missing key reads as.
    @inline(__always)
    var comparesAsNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Whether the value is neither an array nor an object.
    @inline(__always)
    var comparesAsScalar: Bool {
        switch self {
        case .array, .object: false
        case .null, .bool, .number, .string: true
        }
    }
}

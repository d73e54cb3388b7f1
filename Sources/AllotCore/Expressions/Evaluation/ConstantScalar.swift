/// A string, number or boolean literal, prepared for comparisons against a
/// value that varies: a string literal carries the number it spells, so
/// that comparing it with a number needs no parsing at evaluation time.
enum ConstantScalar: Sendable {
    /// A string literal, the number it spells if any, and whether all of it is ASCII.
    case string(String, spelledNumber: Double?, isASCII: Bool)
    case number(Double)
    case bool(Bool)

    /// Prepares `value`, or returns nil when it is null, an array or an object.
    init?(_ value: AttributeValue) {
        switch value {
        case .string(let text):
            self = .string(text, spelledNumber: NumericText.number(from: text), isASCII: text.utf8.allSatisfy { $0 < 0x80 })
        case .number(let number): self = .number(number)
        case .bool(let flag): self = .bool(flag)
        case .null, .array, .object: return nil
        }
    }

    /// The literal as a value.
    var value: AttributeValue {
        switch self {
        case .string(let text, _, _): .string(text)
        case .number(let number): .number(number)
        case .bool(let flag): .bool(flag)
        }
    }
}

extension ValueComparison {
    /// Applies `comparisonOperator` to a value and a scalar literal. The
    /// result is the same as `evaluate(_:_:_:)` on the literal's value, which
    /// the tests check over a grid of values and literals.
    @inline(__always)
    static func evaluate(_ lhs: AttributeValue, _ comparisonOperator: ComparisonOperator, _ rhs: ConstantScalar) -> Bool {
        switch comparisonOperator {
        case .equal:
            return scalarEquals(lhs, rhs)
        case .notEqual:
            // Rule 1: exactly one side null is true; rule 2: composites are false.
            switch lhs {
            case .null: return true
            case .array, .object: return false
            case .bool, .number, .string: return !scalarEquals(lhs, rhs)
            }
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = order(lhs, rhs) else { return false }
            switch comparisonOperator {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        case .contains:
            guard case .string(let haystack) = lhs, case .string(let needle, _, _) = rhs else { return false }
            return UTF8Text.contains(haystack, needle)
        case .has:
            guard case .array(let elements) = lhs else { return false }
            return elements.withUnsafeBufferPointer { buffer in
                for index in buffer.indices where scalarEquals(buffer[index], rhs) {
                    return true
                }
                return false
            }
        case .in, .notIn:
            // The right side is a scalar, not an array.
            return false
        }
    }

    /// Returns whether a value equals a literal by scalar equality (rule 3).
    @inline(__always)
    static func scalarEquals(_ lhs: AttributeValue, _ rhs: ConstantScalar) -> Bool {
        switch lhs {
        case .string(let left):
            switch rhs {
            case .string(let right, _, let isASCII):
                return isASCII ? UTF8Text.equal(left, asciiText: right) : UTF8Text.equal(left, right)
            case .number(let right): return NumericText.number(from: left) == right
            case .bool: return false
            }
        case .number(let left):
            switch rhs {
            case .number(let right): return left == right
            case .string(_, let spelledNumber, _): return spelledNumber == left
            case .bool: return false
            }
        case .bool(let left):
            guard case .bool(let right) = rhs else { return false }
            return left == right
        case .null, .array, .object:
            return false
        }
    }

    /// Returns the order of a value and a literal by rule 4, or nil when they are unordered.
    @inline(__always)
    private static func order(_ lhs: AttributeValue, _ rhs: ConstantScalar) -> Int? {
        switch rhs {
        case .number(let right):
            return order(lhs, AttributeValue.number(right))
        case .string(let right, let spelledNumber, _):
            if case .number = lhs {
                return spelledNumber.flatMap { order(lhs, AttributeValue.number($0)) }
            }
            return order(lhs, AttributeValue.string(right))
        case .bool:
            return nil
        }
    }
}

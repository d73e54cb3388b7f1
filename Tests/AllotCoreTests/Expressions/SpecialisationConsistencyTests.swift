import AllotCore
import Testing

/// The compiler specialises comparisons with literals (a scalar literal on
/// either side, an array literal for IN, NOT IN and HAS). These tests check
/// that each specialisation gives the same result as the general path, which
/// reads both operands from the document.
@Suite struct SpecialisationConsistencyTests {
    static let values: [String] = [
        "null", "true", "false", "0", "5", "5.5", "-1", "1e3",
        "\"\"", "\"5\"", "\"5.0\"", "\"abc\"", "\"ABC\"", "\"ab\"", "\"1000\"", "\"é\"",
        "[]", "[5]", "[\"abc\", 5, true]", "[\"5\"]", "{\"k\": 1}",
    ]

    static let scalarLiterals: [String] = [
        "true", "false", "0", "5", "5.5", "-1", "1e3",
        "''", "'5'", "'5.0'", "'abc'", "'ABC'", "'ab'", "'1000'", "'é'",
    ]

    static let arrayLiterals: [String] = [
        "[]", "[5]", "['abc', 5, true]", "['5']", "[null, false]",
        "['a', 'b', 'c', 'd', 'e', 'f', 'g', 'abc', 5.5, '1000', true]",
        "['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 0, -1]",
    ]

    static let operators = ["==", "!=", "<", "<=", ">", ">=", "CONTAINS", "HAS", "IN", "NOT IN"]

    func evaluate(_ source: String, a: String, b: String) throws -> Bool {
        let expression = try AllotCore.Expression(source, kind: .queueTargetWorkers)
        let attributes = try TestJSON.parse("{\"a\": \(a), \"b\": \(b)}")
        return expression.evaluate(in: DocumentContext(workerAttributes: attributes))
    }

    /// Converts a literal to JSON: single quotes become double quotes.
    func json(_ literal: String) -> String {
        literal.replacingOccurrences(of: "'", with: "\"")
    }

    @Test(arguments: operators)
    func scalarLiteralOnTheRight(_ comparisonOperator: String) throws {
        for value in Self.values {
            for literal in Self.scalarLiterals {
                let specialised = try evaluate("a \(comparisonOperator) \(literal)", a: value, b: "null")
                let general = try evaluate("a \(comparisonOperator) b", a: value, b: json(literal))
                #expect(specialised == general, "\(value) \(comparisonOperator) \(literal)")
            }
        }
    }

    @Test(arguments: operators)
    func scalarLiteralOnTheLeft(_ comparisonOperator: String) throws {
        for value in Self.values {
            for literal in Self.scalarLiterals {
                let specialised = try evaluate("\(literal) \(comparisonOperator) a", a: value, b: "null")
                let general = try evaluate("b \(comparisonOperator) a", a: value, b: json(literal))
                #expect(specialised == general, "\(literal) \(comparisonOperator) \(value)")
            }
        }
    }

    @Test(arguments: ["IN", "NOT IN", "HAS", "==", "!="])
    func arrayLiteral(_ comparisonOperator: String) throws {
        for value in Self.values {
            for literal in Self.arrayLiterals {
                let specialised = try evaluate("a \(comparisonOperator) \(literal)", a: value, b: "null")
                let general = try evaluate("a \(comparisonOperator) b", a: value, b: json(literal))
                #expect(specialised == general, "\(value) \(comparisonOperator) \(literal)")
                let leftSpecialised = try evaluate("\(literal) \(comparisonOperator) a", a: value, b: "null")
                let leftGeneral = try evaluate("b \(comparisonOperator) a", a: value, b: json(literal))
                #expect(leftSpecialised == leftGeneral, "\(literal) \(comparisonOperator) \(value)")
            }
        }
    }

    /// A folded comparison of two literals gives the result of the same
    /// comparison with keys in their place. A `null` literal stays a literal
    /// there, because a comparison with it is a presence test, unlike one
    /// with a key whose value is null.
    @Test func foldedConstantsMatchGeneralPath() throws {
        for left in Self.scalarLiterals + ["null"] {
            for right in Self.scalarLiterals + ["null"] where left != "null" || right != "null" {
                for comparisonOperator in Self.operators {
                    let folded = try evaluate("\(left) \(comparisonOperator) \(right)", a: "null", b: "null")
                    let leftOperand = left == "null" ? "null" : "a"
                    let rightOperand = right == "null" ? "null" : "b"
                    let general = try AllotCore.Expression("\(leftOperand) \(comparisonOperator) \(rightOperand)", kind: .queueTargetWorkers)
                        .evaluate(in: DocumentContext(workerAttributes: try TestJSON.parse("{\"a\": \(json(left)), \"b\": \(json(right))}")))
                    #expect(folded == general, "\(left) \(comparisonOperator) \(right)")
                }
            }
        }
    }

    /// The literal `null` on either side tests presence. A key whose value is
    /// null in its place does not.
    @Test(arguments: operators)
    func nullLiteralTestsPresence(_ comparisonOperator: String) throws {
        for value in Self.values {
            let expected = switch comparisonOperator {
            case "==": value == "null"
            case "!=": value != "null"
            default: false
            }
            #expect(try evaluate("a \(comparisonOperator) null", a: value, b: "null") == expected, "\(value) \(comparisonOperator) null")
            #expect(try evaluate("null \(comparisonOperator) a", a: value, b: "null") == expected, "null \(comparisonOperator) \(value)")
        }
        #expect(try evaluate("a == b", a: "null", b: "null") == false)
    }
}

import AllotCore
import Testing

@Suite struct ConstantFoldingTests {
    func compile(_ source: String) throws -> AllotCore.Expression {
        try AllotCore.Expression(source, kind: .queueTargetWorkers)
    }

    @Test func tautologies() throws {
        for source in ["1==1", "1 == 1", "'a' == 'a'", "1 == 1 OR a == 2", "a == 2 OR 1 == 1", "(1 == 1) AND (2 > 1)", "null == null", "'x' IN ['x']"] {
            let expression = try compile(source)
            #expect(expression.isTautology, "\(source)")
            #expect(!expression.isContradiction, "\(source)")
            #expect(expression.comparisonCount == 0, "\(source)")
            #expect(expression.evaluate(in: DocumentContext()), "\(source)")
        }
    }

    @Test func contradictions() throws {
        for source in ["1==0", "1 == 0", "", "a == 1 AND 1 == 0", "1 == 0 AND a == 1", "1 != 1", "true == 1", "[1] == [1]"] {
            let expression = try compile(source)
            #expect(expression.isContradiction, "\(source)")
            #expect(!expression.isTautology, "\(source)")
            #expect(expression.comparisonCount == 0, "\(source)")
            #expect(!expression.evaluate(in: DocumentContext()), "\(source)")
        }
    }

    @Test func foldingKeepsVaryingComparisons() throws {
        let expression = try compile("(a == 1 OR 1 == 0) AND b == 2")
        #expect(!expression.isTautology)
        #expect(!expression.isContradiction)
        #expect(expression.comparisonCount == 2)
        #expect(expression.root == .and([
            .or([
                .comparison(ExpressionTesting.workerKey("a"), .equal, .constant(.number(1))),
                .comparison(.constant(.number(1)), .equal, .constant(.number(0))),
            ]),
            .comparison(ExpressionTesting.workerKey("b"), .equal, .constant(.number(2))),
        ]))
    }

    @Test func comparisonsWithoutEffectAreDropped() throws {
        // Whatever a == 1 gives, the result is true.
        let expression = try compile("(a == 1 AND 1 == 0) OR 1 == 1")
        #expect(expression.isTautology)
    }

    @Test func shortCircuitMatchesTruthTable() throws {
        // Every assignment of three flags, against a reference evaluation.
        let expression = try compile("(a == 1 OR b == 1) AND (c == 1 OR a == 0) OR (b == 1 AND c == 1)")
        for mask in 0..<8 {
            let a = mask & 1, b = (mask >> 1) & 1, c = (mask >> 2) & 1
            let context = DocumentContext(workerAttributes: .object(AttributeObject([
                ("a", .number(Double(a))), ("b", .number(Double(b))), ("c", .number(Double(c))),
            ])))
            let expected = ((a == 1 || b == 1) && (c == 1 || a == 0)) || (b == 1 && c == 1)
            #expect(expression.evaluate(in: context) == expected, "a=\(a) b=\(b) c=\(c)")
        }
    }

    @Test func deepNestingEvaluates() throws {
        let depth = Limits.maximumExpressionDepth
        var source = "a == 1"
        for level in 0..<(depth - 1) {
            source = level.isMultiple(of: 2) ? "(b == \(level) OR \(source))" : "(\(source) AND c == 1)"
        }
        let expression = try compile(source)
        let context = DocumentContext(workerAttributes: .object(AttributeObject([("a", .number(1)), ("c", .number(1))])))
        #expect(expression.evaluate(in: context))
        #expect(expression.comparisonCount == depth)
    }
}

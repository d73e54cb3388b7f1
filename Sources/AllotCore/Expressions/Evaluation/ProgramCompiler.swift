/// Compiles an expression tree into a `Program`.
///
/// Comparisons of two constants are folded: `1 == 1` emits no instruction
/// and jumps straight to its true target. A comparison whose two targets
/// are the same is dropped too, because evaluation has no side effects.
/// So `1==1` compiles to a program whose entry is `trueExit`, and `1==0`
/// or the empty expression to one whose entry is `falseExit`.
struct ProgramCompiler {
    /// An emitted comparison and its jumps.
    private struct Step {
        var test: Test
        var whenTrue: Int32
        var whenFalse: Int32
    }

    private var steps: [Step] = []

    /// Compiles `root`.
    ///
    /// Recursion follows the tree's depth, which the parser bounds through
    /// `Limits.maximumExpressionDepth`: each parenthesis level adds at most
    /// two levels (an `or` and an `and`).
    static func compile(_ root: ExpressionNode) -> Program {
        var compiler = ProgramCompiler()
        let entry = compiler.emit(root, whenTrue: Program.trueExit, whenFalse: Program.falseExit)
        let (steps, newEntry) = removingUnreachable(compiler.steps, entry: entry)
        return Program(tests: steps.map(\.test), jumps: steps.map { ($0.whenTrue, $0.whenFalse) }, entry: newEntry)
    }

    /// Drops instructions that no path from the entry reaches, such as
    /// `a == 2` in `1 == 1 OR a == 2`, which is emitted before the fold of
    /// `1 == 1` makes it dead.
    private static func removingUnreachable(_ steps: [Step], entry: Int32) -> (steps: [Step], entry: Int32) {
        var isReachable = [Bool](repeating: false, count: steps.count)
        if entry >= 0 { isReachable[Int(entry)] = true }
        // Jumps only go to lower indexes, so one pass downwards marks every
        // reachable step before it is visited.
        for index in steps.indices.reversed() where isReachable[index] {
            for target in [steps[index].whenTrue, steps[index].whenFalse] where target >= 0 {
                isReachable[Int(target)] = true
            }
        }
        var newIndex = [Int32](repeating: -1, count: steps.count)
        var kept: [Step] = []
        func remap(_ target: Int32) -> Int32 {
            target >= 0 ? newIndex[Int(target)] : target
        }
        for index in steps.indices where isReachable[index] {
            var step = steps[index]
            step.whenTrue = remap(step.whenTrue)
            step.whenFalse = remap(step.whenFalse)
            newIndex[index] = Int32(kept.count)
            kept.append(step)
        }
        return (kept, remap(entry))
    }

    /// Emits `node` so that it continues at `whenTrue` or `whenFalse`, and
    /// returns where it starts. Children are emitted last to first, so each
    /// one's targets exist already and lie at lower indexes.
    private mutating func emit(_ node: ExpressionNode, whenTrue: Int32, whenFalse: Int32) -> Int32 {
        switch node {
        case .never:
            return whenFalse
        case .and(let children):
            var next = whenTrue
            for child in children.reversed() {
                next = emit(child, whenTrue: next, whenFalse: whenFalse)
            }
            return next
        case .or(let children):
            var next = whenFalse
            for child in children.reversed() {
                next = emit(child, whenTrue: whenTrue, whenFalse: next)
            }
            return next
        case .comparison(let lhs, let comparisonOperator, let rhs):
            if let constant = Self.foldedResult(lhs, comparisonOperator, rhs) {
                return constant ? whenTrue : whenFalse
            }
            if whenTrue == whenFalse { return whenTrue }
            let test = Self.test(lhs, comparisonOperator, rhs)
            steps.append(Step(test: test, whenTrue: whenTrue, whenFalse: whenFalse))
            return Int32(steps.count - 1)
        }
    }

    /// Returns the result of a comparison of two constants, or nil when an operand varies.
    private static func foldedResult(_ lhs: Operand, _ comparisonOperator: ComparisonOperator, _ rhs: Operand) -> Bool? {
        guard case .constant(let left) = lhs, case .constant(let right) = rhs else { return nil }
        if left.comparesAsNull { return ValueComparison.nullTest(right, comparisonOperator) }
        if right.comparesAsNull { return ValueComparison.nullTest(left, comparisonOperator) }
        return ValueComparison.evaluate(left, comparisonOperator, right)
    }

    /// Chooses the test for a comparison in which at least one operand
    /// varies. A literal on the left of a comparison that has a mirror image
    /// moves to the right (`5 < x` is `x > 5`), where `Test` specialises it.
    private static func test(_ lhs: Operand, _ comparisonOperator: ComparisonOperator, _ rhs: Operand) -> Test {
        if case .constant(.null) = lhs { return Test(nullTestOf: OperandSource(rhs), comparisonOperator) }
        if case .constant(.null) = rhs { return Test(nullTestOf: OperandSource(lhs), comparisonOperator) }
        if case .constant(let value) = lhs, !rhs.isConstant, value.comparesAsScalar,
           let mirrored = comparisonOperator.mirrored {
            return Test(OperandSource(rhs), mirrored, OperandSource(lhs))
        }
        switch (lhs, comparisonOperator, rhs) {
        case (_, .in, .constant(.array(let elements))):
            return Test(membershipOf: OperandSource(lhs), in: ConstantSet(elements), negated: false)
        case (_, .notIn, .constant(.array(let elements))):
            return Test(membershipOf: OperandSource(lhs), in: ConstantSet(elements), negated: true)
        case (.constant(.array(let elements)), .has, _):
            return Test(membershipOf: OperandSource(rhs), in: ConstantSet(elements), negated: false)
        default:
            return Test(OperandSource(lhs), comparisonOperator, OperandSource(rhs))
        }
    }
}

/// A compiled expression: its comparisons laid out as a branching program.
///
/// Each instruction tests one comparison and names the instruction to run
/// next when the test is true and when it is false. The targets `trueExit`
/// and `falseExit` end the evaluation with that result. `AND` and `OR`
/// become these jumps, so evaluation is one loop with no recursion and no
/// stack, and it stops as soon as the result is known. Every jump goes to a
/// lower index, so the loop runs at most `instructions.count` times.
@usableFromInline
struct Program: Sendable {
    /// The comparisons; a jump target is an index into this array or an exit.
    let instructions: ContiguousArray<Instruction>
    /// The tests of `instructions`, in the same order, owned here.
    let tests: [Test]
    /// The first jump target: an instruction index or an exit.
    @usableFromInline let entry: Int32
    /// Whether any instruction reads the task's attributes.
    @usableFromInline let readsTaskAttributes: Bool
    /// Whether any instruction reads the worker's attributes.
    @usableFromInline let readsWorkerAttributes: Bool

    /// The target that ends evaluation with true.
    @usableFromInline static let trueExit: Int32 = -1
    /// The target that ends evaluation with false.
    @usableFromInline static let falseExit: Int32 = -2

    /// Creates a program from tests and their jumps, in the same order.
    init(tests: [Test], jumps: [(whenTrue: Int32, whenFalse: Int32)], entry: Int32) {
        precondition(tests.count == jumps.count, "\(tests.count) tests but \(jumps.count) jumps")
        self.tests = tests
        self.instructions = ContiguousArray(zip(tests, jumps).map { test, jump in
            Instruction(test: Unmanaged.passUnretained(test), whenTrue: jump.whenTrue, whenFalse: jump.whenFalse)
        })
        self.entry = entry
        var readsTask = false
        var readsWorker = false
        for test in tests {
            for operand in test.operands {
                switch operand {
                case .taskAttribute: readsTask = true
                case .workerAttribute: readsWorker = true
                case .constant, .contextField: break
                }
            }
        }
        readsTaskAttributes = readsTask
        readsWorkerAttributes = readsWorker
    }

    /// Runs the program. Not generic, so that it is compiled once, inside
    /// AllotCore, with every call static.
    @usableFromInline
    func run(_ documents: borrowing EvaluationDocuments, readField: ContextFieldReader) -> Bool {
        instructions.withUnsafeBufferPointer { buffer in
            var target = entry
            while target >= 0 {
                let instruction = buffer[Int(target)]
                // The instructions array keeps every test alive, so the test
                // is used without retaining it.
                let isTrue = instruction.test._withUnsafeGuaranteedRef { $0.evaluate(documents, readField) }
                let next = isTrue ? instruction.whenTrue : instruction.whenFalse
                assert(next < target, "jump from \(target) to \(next) does not go to a lower index")
                target = next
            }
            return target == Self.trueExit
        }
    }
}

/// One step of a program. It holds its test unretained, so that copying an
/// instruction in the evaluation loop costs no reference counting; the
/// program's `tests` array owns the tests.
struct Instruction: @unchecked Sendable {
    /// The comparison to evaluate.
    let test: Unmanaged<Test>
    /// The jump target when the test is true.
    let whenTrue: Int32
    /// The jump target when the test is false.
    let whenFalse: Int32
}

/// One comparison, ready to evaluate.
///
/// A class with stored properties rather than an enum with payloads, so that
/// evaluation reads the operands in place instead of copying them out.
final class Test: Sendable {
    /// The evaluation strategy, chosen when the expression is compiled.
    enum Form: Sendable {
        /// Read both operands, then compare.
        case general
        /// Compare `lhs` with the scalar literal `constantScalar`.
        case againstScalar
        /// Look `lhs` up in the array literal `constantSet`.
        case membership
        /// Test whether `lhs` is null or not, for a comparison with the literal `null`.
        case nullTest
    }

    /// How this test evaluates.
    let form: Form
    /// The left operand, or the varying operand of the other forms.
    let lhs: OperandSource
    /// The operator; `.in` or `.notIn` for a membership test.
    let comparisonOperator: ComparisonOperator
    /// The right operand as written, or the literal of the other forms.
    let rhs: OperandSource
    /// The literal of the `againstScalar` form.
    let constantScalar: ConstantScalar?
    /// The array literal of the `membership` form, which `IN`, `NOT IN` and
    /// `HAS` with an array literal on the left use.
    let constantSet: ConstantSet?

    /// Chooses the form for `lhs comparisonOperator rhs`.
    init(_ lhs: OperandSource, _ comparisonOperator: ComparisonOperator, _ rhs: OperandSource) {
        self.lhs = lhs
        self.comparisonOperator = comparisonOperator
        self.rhs = rhs
        self.constantSet = nil
        if case .constant(let value) = rhs, let scalar = ConstantScalar(value) {
            self.form = .againstScalar
            self.constantScalar = scalar
        } else {
            self.form = .general
            self.constantScalar = nil
        }
    }

    /// Creates a test of `operand` against the literal `null`, which was
    /// written on either side of `comparisonOperator`.
    init(nullTestOf operand: OperandSource, _ comparisonOperator: ComparisonOperator) {
        self.form = .nullTest
        self.lhs = operand
        self.comparisonOperator = comparisonOperator
        self.rhs = .constant(.null)
        self.constantScalar = nil
        self.constantSet = nil
    }

    /// Creates a membership test of `operand` in an array literal: `.in`, or `.notIn` when `negated`.
    init(membershipOf operand: OperandSource, in set: ConstantSet, negated: Bool) {
        self.form = .membership
        self.lhs = operand
        self.comparisonOperator = negated ? .notIn : .in
        self.rhs = .constant(.array(set.elements))
        self.constantScalar = nil
        self.constantSet = set
    }

    @inline(__always)
    func evaluate(_ documents: borrowing EvaluationDocuments, _ readField: ContextFieldReader) -> Bool {
        switch form {
        case .againstScalar:
            guard let constantScalar else { preconditionFailure("an againstScalar test has a scalar") }
            return ValueComparison.evaluate(lhs.value(documents, readField), comparisonOperator, constantScalar)
        case .membership:
            guard let constantSet else { preconditionFailure("a membership test has a set") }
            let value = lhs.value(documents, readField)
            // NOT IN of a null, an array or an object is false, like IN.
            guard value.comparesAsScalar, !value.comparesAsNull else { return false }
            return constantSet.contains(value) != (comparisonOperator == .notIn)
        case .nullTest:
            return ValueComparison.nullTest(lhs.value(documents, readField), comparisonOperator)
        case .general:
            return ValueComparison.evaluate(lhs.value(documents, readField), comparisonOperator, rhs.value(documents, readField))
        }
    }

    /// The operands, left first.
    var operands: [OperandSource] {
        [lhs, rhs]
    }
}

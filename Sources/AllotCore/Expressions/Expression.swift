/// A compiled routing expression, such as `skills HAS 'support' AND level >= 3`.
///
/// Compile once when a queue, workflow or filter is saved, then evaluate as
/// often as needed: evaluation does no parsing, and on the common paths
/// (keys compared with constants, `HAS`, `IN`, `AND`, `OR`) it allocates
/// nothing. Two expressions are equal when their source and kind are equal.
public struct Expression: Sendable, Hashable {
    /// The expression as written.
    public let source: String
    /// The place the expression is used, which decided how its keys resolved.
    public let kind: ExpressionKind
    /// The parsed tree, with every comparison as written.
    public let root: ExpressionNode
    @usableFromInline let program: Program

    /// Compiles `source` for use as `kind`.
    ///
    /// An empty or all-whitespace source compiles to `.never`, which matches
    /// nothing.
    ///
    /// - Throws: `ExpressionError` naming the column, the token found and
    ///   what was expected, when the source is longer than
    ///   `Limits.maximumExpressionBytes`, nests parentheses deeper than
    ///   `Limits.maximumExpressionDepth`, is not valid syntax, or references a
    ///   key that `kind` does not allow.
    public init(_ source: String, kind: ExpressionKind) throws(ExpressionError) {
        try Self.checkLength(source)
        self.source = source
        self.kind = kind
        self.root = try Parser.parse(SourceText(source), kind: kind)
        self.program = ProgramCompiler.compile(root)
    }

    /// Evaluates the expression against `context`.
    ///
    /// Inlinable, so that the caller's module reads its own context type
    /// with static calls; the evaluation itself runs inside AllotCore.
    ///
    /// - Complexity: O(c) comparisons for c comparisons in the expression;
    ///   each key step costs O(m) in an object of m members, up to 16, and
    ///   O(log m) in larger ones.
    @inlinable
    public func evaluate<Context: ExpressionContext>(in context: Context) -> Bool {
        if program.entry < 0 { return program.entry == Program.trueExit }
        let documents = EvaluationDocuments(
            task: program.readsTaskAttributes ? context.taskAttributes : .null,
            worker: program.readsWorkerAttributes ? context.workerAttributes : .null
        )
        return program.run(documents) { field in field.value(in: context) }
    }

    /// Whether the expression is true for every context, as `1==1` is.
    ///
    /// Found by folding comparisons of constants, not by a full proof, so
    /// `x == null OR x != null` is not reported although it always holds.
    public var isTautology: Bool {
        program.entry == Program.trueExit
    }

    /// Whether the expression is false for every context, as `1==0` and the
    /// empty expression are. Found by folding constants, like `isTautology`.
    public var isContradiction: Bool {
        program.entry == Program.falseExit
    }

    /// The number of comparisons left after folding constants, which is the
    /// most that one evaluation tests.
    public var comparisonCount: Int {
        program.instructions.count
    }

    /// Returns whether the two expressions have the same source and kind.
    public static func == (lhs: Expression, rhs: Expression) -> Bool {
        lhs.kind == rhs.kind && lhs.source == rhs.source
    }

    /// Hashes the source and the kind.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(source)
    }

    private static func checkLength(_ source: String) throws(ExpressionError) {
        let byteCount = source.utf8.count
        let limit = Limits.maximumExpressionBytes
        guard byteCount > limit else { return }
        let column = SourceText.column(ofByteOffset: limit, in: source.utf8)
        throw ExpressionError(
            column: column,
            message: "expression is \(byteCount) bytes long, \(byteCount - limit) bytes over the limit of \(limit) bytes; shorten it"
        )
    }
}

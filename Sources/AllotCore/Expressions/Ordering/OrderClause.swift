/// One clause of `order_by`: an integer worker attribute and a direction.
public struct OrderClause: Sendable, Hashable {
    /// The path into the worker's attributes, without the `worker.` prefix.
    public var path: [PathComponent] {
        didSet {
            precondition(!path.isEmpty, "an order_by clause needs a non-empty path")
            compiledPath = AttributePath(path)
        }
    }
    /// Whether larger values come first.
    public var descending: Bool
    /// `path` compiled once, so that sorting allocates nothing.
    private var compiledPath: AttributePath

    /// Creates a clause for `path` into the worker's attributes.
    public init(path: [PathComponent], descending: Bool) {
        precondition(!path.isEmpty, "an order_by clause needs a non-empty path")
        self.path = path
        self.descending = descending
        self.compiledPath = AttributePath(path)
    }

    /// Returns whether the two clauses have the same path and direction.
    public static func == (lhs: OrderClause, rhs: OrderClause) -> Bool {
        lhs.path == rhs.path && lhs.descending == rhs.descending
    }

    /// Hashes the path and the direction.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(descending)
    }

    /// Returns the value this clause sorts `attributes` by: a JSON number at
    /// the clause's path that is an integer in the 64-bit range. Returns nil
    /// when the value is missing or is anything else (a string, a fraction,
    /// a boolean …). Such a worker sorts after every worker that has a value.
    public func sortValue(in attributes: AttributeValue) -> Int64? {
        // Converting by truncation and back, instead of `Int64(exactly:)`,
        // keeps AllotCore free of libm; the range check makes it safe.
        guard case .number(let number) = compiledPath.value(in: attributes),
              number >= -9_223_372_036_854_775_808.0, number < 9_223_372_036_854_775_808.0
        else { return nil }
        let integer = Int64(number)
        return Double(integer) == number ? integer : nil
    }
}

/// The worker, of two, that an `order_by` list puts first.
public enum WorkerPrecedence: Sendable, Hashable {
    /// The first worker goes before the second.
    case first
    /// The second worker goes before the first.
    case second
    /// The clauses do not separate them; the engine then prefers the worker
    /// that has gone longest without a task.
    case tie
}

import AllotCore

/// The `--kind` values of `allot eval` and the documents each one reads.
enum EvalKind: String, CaseIterable {
    case queue
    case filter
    case target
    case skipIf = "skip-if"
    case workerFilter = "worker-filter"

    /// The expression kind to compile for.
    var expressionKind: ExpressionKind {
        switch self {
        case .queue: .queueTargetWorkers
        case .filter: .taskFilter
        case .target: .target
        case .skipIf: .skipIf
        case .workerFilter: .workerFilter
        }
    }

    /// The document options this kind reads.
    var documentOptions: Set<String> {
        switch self {
        case .queue, .workerFilter: ["attributes", "worker"]
        case .filter: ["attributes", "task"]
        case .target: ["task", "worker"]
        case .skipIf: ["members"]
        }
    }

    /// Chooses the kind from `--kind`, or from the documents given, and
    /// checks that every document given is one the kind reads.
    static func select(_ arguments: ParsedArguments) throws(CommandFailure) -> EvalKind {
        let kind: EvalKind
        if let name = arguments.value("kind") {
            guard let named = EvalKind(rawValue: name) else {
                let names = allCases.map(\.rawValue).joined(separator: ", ")
                throw CommandFailure(message: "unknown --kind '\(name)'; use one of \(names)")
            }
            kind = named
        } else if arguments.contains("task") || arguments.contains("worker") {
            kind = .target
        } else {
            kind = .queue
        }
        for option in ["attributes", "task", "worker", "members"]
        where arguments.contains(option) && !kind.documentOptions.contains(option) {
            let accepted = kind.documentOptions.sorted().map { "--\($0)" }.joined(separator: " or ")
            throw CommandFailure(message: "--\(option) is not used with --kind \(kind.rawValue); give \(accepted)")
        }
        if arguments.contains("attributes"), arguments.contains("worker") || arguments.contains("task") {
            throw CommandFailure(message: "give either --attributes or --\(kind == .filter ? "task" : "worker"), not both")
        }
        return kind
    }
}

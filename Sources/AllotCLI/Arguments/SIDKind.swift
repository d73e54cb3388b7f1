import AllotCore

/// The kinds of SID that options and operands take, with what a message
/// about a wrong value needs: the prefix, the resource's name and the command
/// that lists the SIDs.
enum SIDKind: Sendable {
    case workspace, activity, taskChannel, worker, taskQueue, workflow, task, reservation

    var prefix: SidPrefix {
        switch self {
        case .workspace: .workspace
        case .activity: .activity
        case .taskChannel: .taskChannel
        case .worker: .worker
        case .taskQueue: .taskQueue
        case .workflow: .workflow
        case .task: .task
        case .reservation: .reservation
        }
    }

    /// The resource in words, such as "task queue".
    var noun: String {
        switch self {
        case .workspace: "workspace"
        case .activity: "activity"
        case .taskChannel: "task channel"
        case .worker: "worker"
        case .taskQueue: "task queue"
        case .workflow: "workflow"
        case .task: "task"
        case .reservation: "reservation"
        }
    }

    /// The command that prints the SIDs of this kind.
    var listCommand: String {
        switch self {
        case .workspace: "allot workspace list"
        case .activity: "allot activity list --workspace WS…"
        case .taskChannel: "allot channel list --workspace WS…"
        case .worker: "allot worker list --workspace WS…"
        case .taskQueue: "allot queue list --workspace WS…"
        case .workflow: "allot workflow list --workspace WS…"
        case .task: "allot task list --workspace WS…"
        case .reservation: "allot reservation list --workspace WS… --task WT…"
        }
    }

    /// Returns the kind whose SIDs start with `prefix`, if the CLI takes such SIDs.
    static func kind(of prefix: SidPrefix) -> SIDKind? {
        let all: [SIDKind] = [.workspace, .activity, .taskChannel, .worker, .taskQueue, .workflow, .task, .reservation]
        return all.first { $0.prefix == prefix }
    }

    /// Checks that `value`, given as `what` (such as `--activity`), is a SID
    /// of this kind. An empty value passes: options use it for "none".
    ///
    /// - Parameter nameOption: the option that takes a friendly name instead, suggested when
    ///   `value` is not a SID.
    /// - Throws: `UsageError` saying which SID is expected and where to find it.
    func check(_ value: String, as what: String, nameOption: String? = nil) throws(UsageError) {
        if value.isEmpty || Sid.isValid(value, prefix: prefix) { return }
        let form = "\(prefix.rawValue) followed by 32 hex digits"
        if let other = Sid.prefix(of: value) {
            let otherNoun = SIDKind.kind(of: other)?.noun ?? other.rawValue
            throw UsageError(message: "\(what) '\(value)' is \(SIDKind.article(otherNoun)) \(otherNoun) SID; expected \(article) \(noun) SID (\(form))")
        }
        if value.hasPrefix("-") {
            throw UsageError(message: "\(what) has no value: it took the next option '\(value)'. If you passed a shell variable such as $ws, it was empty")
        }
        var fix = "run '\(listCommand)' for the SIDs"
        if let nameOption {
            fix = "to select by friendly name, pass \(OptionSpecification.dashed(nameOption)) '\(value)' instead, or " + fix
        }
        throw UsageError(message: "\(what) '\(value)' is not \(article) \(noun) SID: expected \(form); \(fix)")
    }

    private var article: String { SIDKind.article(noun) }

    private static func article(_ noun: String) -> String {
        "aeiou".contains(noun.prefix(1)) ? "an" : "a"
    }
}

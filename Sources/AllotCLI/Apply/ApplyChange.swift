/// One line of `allot apply`'s report.
struct ApplyChange: Sendable {
    enum Action: String, Sendable {
        case created, updated, unchanged
    }

    var action: Action
    /// The resource kind: "workspace", "activity", "task_channel", "task_queue", "workflow" or "worker".
    var kind: String
    var friendlyName: String
    var sid: String
}

/// A traffic profile: which workspace file to load, who works in it and
/// what arrives. docs/bench.md describes the JSON format. Times are in
/// simulated seconds; `--speed` compresses them at run time.
// @unchecked: attributes and channels are parsed JSON ([String: Any]),
// built once while loading and only read afterwards.
struct TrafficProfile: @unchecked Sendable {
    /// A group of identical simulated agents.
    struct WorkerGroup {
        var name: String
        var count: Int
        /// The worker's attributes, as a JSON object.
        var attributes: [String: Any]
        /// Per task channel unique name: {"capacity": N, "available": B}, as
        /// the workspace file's workers take it.
        var channels: [String: Any]
    }

    /// One kind of arriving task and its share of the arrivals.
    struct TaskKind {
        var name: String
        var weight: Double
        /// The task's attributes, as a JSON object.
        var attributes: [String: Any]
        /// Unique name of the task channel; empty for "default".
        var taskChannel: String
        var priority: Int64?
        /// The kind's own handle time; nil uses the profile's.
        var handleTime: TimeDistribution?
    }

    /// The profile file's path, for messages.
    var file: String
    /// Absolute path of the workspace file the profile runs against.
    var workspaceFile: String
    /// Friendly name of the workflow tasks are created in; empty when the
    /// workspace has exactly one.
    var workflow: String
    var arrivalRatePerSecond: Double
    /// Time a task may wait before the engine cancels it (its TTL).
    var taskTimeoutSeconds: Double
    /// The service-level threshold: a task answered within it counts as in service level.
    var serviceLevelSeconds: Double
    /// Time from a reservation's arrival to the agent's accept.
    var thinkTime: TimeDistribution
    /// Time from accept to complete.
    var handleTime: TimeDistribution
    var workers: [WorkerGroup]
    var tasks: [TaskKind]

    /// Agents over all groups.
    var workerCount: Int {
        workers.reduce(0) { $0 + $1.count }
    }
}

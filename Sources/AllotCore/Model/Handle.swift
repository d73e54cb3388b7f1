/// A dense index into one of a workspace's resource tables.
///
/// Handles are only meaningful inside the workspace that issued them; SIDs
/// are used at the API boundary. The phantom `Resource` keeps a worker
/// handle from being used as a task handle.
struct Handle<Resource>: Hashable, Comparable, Sendable, CustomStringConvertible {
    let index: Int32

    init(_ index: Int32) {
        self.index = index
    }

    static func < (lhs: Handle, rhs: Handle) -> Bool {
        lhs.index < rhs.index
    }

    var description: String { "#\(index)" }
}

typealias ActivityHandle = Handle<ActivityRecord>
typealias ChannelHandle = Handle<TaskChannelRecord>
typealias WorkerHandle = Handle<WorkerRecord>
typealias QueueHandle = Handle<TaskQueueRecord>
typealias WorkflowHandle = Handle<WorkflowRecord>
typealias TaskHandle = Handle<TaskRecord>
typealias ReservationHandle = Handle<ReservationRecord>

/// A task queue: its settings, its members and its waiting tasks.
struct TaskQueueRecord: StoredSidRecord {
    let storedSid: StoredSid
    var sidValue: SidValue { storedSid.value }
    var sid: String { storedSid.text }
    var friendlyName: String
    var targetWorkers: Expression
    var reservationActivity: ActivityHandle?
    var assignmentActivity: ActivityHandle?
    var maxReservedWorkers: Int
    var taskOrder: TaskOrder
    let createdAt: Timestamp
    var updatedAt: Timestamp
    let sequence: Int64
    /// Workers whose attributes satisfy `targetWorkers`, whatever their activity.
    var members: Set<WorkerHandle> = []
    /// Members that can take a reservation now, in worker order (longest idle first).
    var readyWorkers = ReadyWorkers()
    /// Per channel handle index: pending tasks that some worker could still
    /// take, in task order. Tasks whose step can match no worker are left out.
    var pendingTasks: [Int32: IndexedHeap<TaskHandle, TaskOrderKey>] = [:]
    /// Members by current activity, for statistics and `skip_if` counters.
    var memberCountsByActivity: [ActivityHandle: Int] = [:]
    var tally = TaskTally(tracksQueueEntry: true)
    var counters = CumulativeCounters()
    /// The counters per minute, for cumulative statistics windows.
    var recentStatistics = MinuteBuckets()

    /// Takes a task out of the pending heap of `channel`, dropping the heap
    /// when it becomes empty. One mutating call keeps the record in place,
    /// while reading the heap through the queue table copied the whole record.
    /// The heap is found with one hash lookup and changed through its index.
    /// Optional-chained subscripts hashed the channel three times.
    mutating func removePendingTask(_ task: TaskHandle, channel: Int32) {
        guard let index = pendingTasks.index(forKey: channel) else { return }
        if Self.remove(task, from: &pendingTasks.values[index]) { pendingTasks.remove(at: index) }
    }

    /// Takes `task` out of `heap` and returns whether the heap became empty.
    /// Reading `isEmpty` through the dictionary's values afterwards copied the heap.
    private static func remove(_ task: TaskHandle, from heap: inout IndexedHeap<TaskHandle, TaskOrderKey>) -> Bool {
        heap.remove(task)
        return heap.isEmpty
    }

    func orderKey(priority: Int, virtualStartTime: Timestamp, sequence: Int64) -> TaskOrderKey {
        switch taskOrder {
        case .fifo: .fifo(priority: priority, virtualStartTime: virtualStartTime, sequence: sequence)
        case .lifo: .lifo(virtualStartTime: virtualStartTime, sequence: sequence)
        }
    }
}

/// A task queue as the API returns it.
public struct TaskQueueInfo: Sendable, Hashable {
    public var sid: String
    public var workspaceSid: String
    public var accountSid: String
    public var friendlyName: String
    public var targetWorkers: String
    public var reservationActivitySid: String?
    public var reservationActivityName: String?
    public var assignmentActivitySid: String?
    public var assignmentActivityName: String?
    public var maxReservedWorkers: Int
    public var taskOrder: TaskOrder
    public var dateCreated: Timestamp
    public var dateUpdated: Timestamp
}

/// The structures that follow from a restored workspace's tasks (tallies, pending heaps and
/// direct lists), accumulated from each task record as it arrives. Reading a million
/// records back out of the table afterwards copied every one of them.
struct RestoredTaskStructures {
    typealias OrderEntry = IndexedHeap<TaskHandle, TaskOrderKey>.Entry

    /// Task order of each restored queue, read once rather than per task.
    private let queueOrders: [QueueHandle: TaskOrder]
    private var workspaceTally = TallyBuilder()
    private var queueTallies: [QueueHandle: TallyBuilder] = [:]
    private var workflowTallies: [WorkflowHandle: TallyBuilder] = [:]
    private var pending: [QueueHandle: [Int32: [OrderEntry]]] = [:]
    private var direct: [WorkerHandle: [OrderEntry]] = [:]
    /// Tasks that list reservations, whose references can only be checked once the
    /// reservations are restored.
    private(set) var tasksWithReservations: [TaskHandle] = []

    /// Prepares for the tasks of a workspace whose queue table is restored.
    init(queues: ResourceTable<TaskQueueRecord>) {
        var orders: [QueueHandle: TaskOrder] = [:]
        for handle in queues.handles { orders[handle] = queues[handle].taskOrder }
        queueOrders = orders
    }

    /// Adds one task whose references ``WorkspaceState/checkRestoredTask(_:live:workspace:)`` accepted.
    mutating func add(_ task: TaskRecord, handle: TaskHandle) {
        let entry = task.tallyEntry
        workspaceTally.add(entry, handle: handle)
        if let queue = task.queue { queueTallies[queue, default: TallyBuilder(tracksQueueEntry: true)].add(entry, handle: handle) }
        if let workflow = task.workflow { workflowTallies[workflow, default: TallyBuilder()].add(entry, handle: handle) }
        if !task.reservations.isEmpty || task.acceptedReservation != nil { tasksWithReservations.append(handle) }
        guard task.isMatchable else { return }
        if case .worker(let worker) = task.placement {
            let key = TaskOrderKey.fifo(priority: entry.priority, virtualStartTime: task.virtualStartTime, sequence: entry.sequence)
            direct[worker, default: []].append(OrderEntry(id: handle, key: key))
        } else if let queue = task.queue {
            let key: TaskOrderKey = switch queueOrders[queue] ?? .fifo {
            case .fifo: .fifo(priority: entry.priority, virtualStartTime: task.virtualStartTime, sequence: entry.sequence)
            case .lifo: .lifo(virtualStartTime: task.virtualStartTime, sequence: entry.sequence)
            }
            pending[queue, default: [:]][task.channel.index, default: []].append(OrderEntry(id: handle, key: key))
        }
    }

    /// Builds the tallies and heaps and installs them in `state`, whose tables contain every
    /// queue, workflow and worker the tasks named, and whose tallies are still empty.
    func install(into state: inout WorkspaceState) {
        state.tally = workspaceTally.build(positions: &state.workspaceTallyPositions)
        for (queue, builder) in queueTallies {
            state.queues[queue].tally = builder.build(positions: &state.queueTallyPositions)
        }
        for (workflow, builder) in workflowTallies {
            state.workflows[workflow].tally = builder.build(positions: &state.workflowTallyPositions)
        }
        for (queue, channels) in pending {
            for (channel, entries) in channels { state.queues[queue].pendingTasks[channel] = Self.heap(entries) }
        }
        for (worker, entries) in direct { state.workers[worker].directTasks = Self.heap(entries) }
    }

    private static func heap(_ entries: [OrderEntry]) -> IndexedHeap<TaskHandle, TaskOrderKey> {
        guard let heap = IndexedHeap(entries: entries) else {
            preconditionFailure("a task was added to a pending heap twice")
        }
        return heap
    }
}

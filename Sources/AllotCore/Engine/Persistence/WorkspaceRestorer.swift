/// Rebuilds one workspace from its snapshot records.
///
/// Records arrive in stages (activities, channels, workers, queues, routing
/// documents, workflows, tasks, reservations, timers), and each stage may
/// only follow the ones before it. Each table's slots are placed as records
/// arrive, and a table is checked and installed once its stage has passed,
/// because later stages resolve handles and SIDs against it.
struct WorkspaceRestorer {
    enum Stage: Int, Comparable {
        case activities, channels, workers, queues, documents, workflows, tasks, reservations, timers, finished

        static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Upper bound on a stored table's slot count, far above every engine
    /// limit, so that a damaged count cannot trigger a huge allocation.
    static let maximumSlotCount: Int32 = 1 << 26

    let image: SnapshotImage.Workspace
    var state: WorkspaceState
    private(set) var stage = Stage.activities
    var activitySlots = ChunkedArray<ActivityRecord?>()
    var channelSlots = ChunkedArray<TaskChannelRecord?>()
    var workerSlots = ChunkedArray<WorkerRecord?>()
    var queueSlots = ChunkedArray<TaskQueueRecord?>()
    var workflowSlots = ChunkedArray<WorkflowRecord?>()
    var taskSlots = ChunkedArray<TaskRecord?>()
    var reservationSlots = ChunkedArray<ReservationRecord?>()
    var documents: [UInt32: CompiledWorkflow] = [:]
    /// Armed timers in stored order, installed as one heap when the stream ends.
    var timers: [TimerHeap.Entry] = []
    /// Flags of the tables restored before the tasks, which each task's references are
    /// checked against as it arrives; set once the workflows are installed.
    private var tablesBeforeTasks: RestoredHandles?
    /// Tallies and heaps of the tasks, built as they arrive; set with `tablesBeforeTasks`.
    private var taskStructures: RestoredTaskStructures?

    var sid: String { image.sid }

    init(image: SnapshotImage.Workspace, configuration: EngineConfiguration) throws(SnapshotRestoreError) {
        self.image = image
        state = try WorkspaceState(restoring: image, configuration: configuration)
        state.recentStatistics = try history(image.recentStatistics, owner: "workspace \(image.sid)")
        activitySlots = try Self.emptySlots(image.activities, name: "activity", workspace: image.sid)
        channelSlots = try Self.emptySlots(image.taskChannels, name: "task channel", workspace: image.sid)
        workerSlots = try Self.emptySlots(image.workers, name: "worker", workspace: image.sid)
        queueSlots = try Self.emptySlots(image.taskQueues, name: "task queue", workspace: image.sid)
        workflowSlots = try Self.emptySlots(image.workflows, name: "workflow", workspace: image.sid)
        taskSlots = try Self.emptySlots(image.tasks, name: "task", workspace: image.sid)
        reservationSlots = try Self.emptySlots(image.reservations, name: "reservation", workspace: image.sid)
    }

    private static func emptySlots<Record>(_ table: SnapshotImage.Table, name: String,
                                           workspace: String) throws(SnapshotRestoreError) -> ChunkedArray<Record?> {
        guard table.slotCount >= 0, table.slotCount <= maximumSlotCount else {
            throw .inconsistent(workspaceSid: workspace, reason: "\(name) table has \(table.slotCount) slots")
        }
        var slots = ChunkedArray<Record?>()
        for _ in 0..<table.slotCount { slots.append(nil) }
        return slots
    }

    /// Adds the next record of this workspace; `attributes` are a task's, parsed already.
    mutating func add(_ record: SnapshotImage.Record, attributes: AttributeValue? = nil) throws(SnapshotRestoreError) {
        let recordStage = Self.stage(of: record)
        guard recordStage >= stage else {
            throw .recordOutOfOrder(workspaceSid: sid, record: record.kindName, after: "\(stage)")
        }
        try advance(to: recordStage)
        switch record {
        case .workspace: preconditionFailure("the shard builder starts a new workspace itself")
        // Each record is converted before `place` takes the slots inout: converting inside
        // the call would copy `self`, and with it share every chunk of the slots, so each
        // placement would copy a whole chunk.
        case .activity(let activity):
            let record = try activityRecord(activity)
            try Self.place(record, at: activity.handle, in: &activitySlots, "activity", workspace: sid)
        case .taskChannel(let channel):
            let record = try channelRecord(channel)
            try Self.place(record, at: channel.handle, in: &channelSlots, "task channel", workspace: sid)
        case .worker(let worker):
            let record = try workerRecord(worker)
            try Self.place(record, at: worker.handle, in: &workerSlots, "worker", workspace: sid)
        case .taskQueue(let queue):
            let record = try queueRecord(queue)
            try Self.place(record, at: queue.handle, in: &queueSlots, "task queue", workspace: sid)
        case .routingDocument(let document):
            try addDocument(document)
        case .workflow(let workflow):
            let record = try workflowRecord(workflow)
            try Self.place(record, at: workflow.handle, in: &workflowSlots, "workflow", workspace: sid)
        case .task(let task):
            let record = try taskRecord(task, attributes: attributes)
            try addTask(record, at: task.handle)
        case .reservation(let reservation):
            let record = try reservationRecord(reservation)
            try Self.place(record, at: reservation.handle, in: &reservationSlots, "reservation", workspace: sid)
        case .timer(let timer):
            try addTimer(timer)
        }
    }

    /// Installs every remaining table, checks the references between
    /// records, rebuilds the derived structures and returns the workspace.
    mutating func finish() throws(SnapshotRestoreError) -> WorkspaceState {
        try advance(to: .finished)
        // Stored in heap order, so the heaps keep the same layout.
        guard let heap = WorkspaceTimers(entries: timers) else {
            throw .inconsistent(workspaceSid: sid, reason: "a timer is armed twice")
        }
        state.timers = heap
        timers = []
        guard let structures = taskStructures else { preconditionFailure("tasks stage passed without task structures") }
        taskStructures = nil
        try state.checkRestoredReferences(tasksWithReservations: structures.tasksWithReservations)
        state.rebuildDerivedStructures(tasks: structures)
        return state
    }

    private static func stage(of record: SnapshotImage.Record) -> Stage {
        switch record {
        case .workspace: .activities
        case .activity: .activities
        case .taskChannel: .channels
        case .worker: .workers
        case .taskQueue: .queues
        case .routingDocument: .documents
        case .workflow: .workflows
        case .task: .tasks
        case .reservation: .reservations
        case .timer: .timers
        }
    }

    /// Installs the tables of every stage before `next`.
    private mutating func advance(to next: Stage) throws(SnapshotRestoreError) {
        while stage < next {
            // Each installed table takes over its slots, which are released here, so that later
            // writes to the table do not copy chunks still shared with the slots.
            switch stage {
            case .activities:
                state.activities = try table(activitySlots, image.activities, "activity")
                activitySlots = ChunkedArray()
            case .channels:
                state.channels = try table(channelSlots, image.taskChannels, "task channel")
                channelSlots = ChunkedArray()
            case .workers:
                state.workers = try table(workerSlots, image.workers, "worker")
                workerSlots = ChunkedArray()
            case .queues:
                state.queues = try table(queueSlots, image.taskQueues, "task queue")
                queueSlots = ChunkedArray()
            case .documents:
                break
            case .workflows:
                state.workflows = try table(workflowSlots, image.workflows, "workflow")
                workflowSlots = ChunkedArray()
                tablesBeforeTasks = RestoredHandles(state)
                taskStructures = RestoredTaskStructures(queues: state.queues)
            case .tasks:
                state.tasks = try table(taskSlots, image.tasks, "task")
                taskSlots = ChunkedArray()
            case .reservations:
                state.reservations = try table(reservationSlots, image.reservations, "reservation")
                reservationSlots = ChunkedArray()
            case .timers, .finished:
                break
            }
            stage = Stage(rawValue: stage.rawValue + 1) ?? .finished
        }
    }

    private func table<Record>(_ slots: ChunkedArray<Record?>, _ layout: SnapshotImage.Table,
                               _ name: String) throws(SnapshotRestoreError) -> ResourceTable<Record> {
        guard let table = ResourceTable(slots: slots, freeSlots: layout.freeSlots) else {
            throw .inconsistent(workspaceSid: sid,
                                reason: "the \(name) table's free slots or SIDs disagree with its records")
        }
        return table
    }

    /// Checks a task's references, places it and adds it to the task structures.
    private mutating func addTask(_ record: TaskRecord, at handle: Int32) throws(SnapshotRestoreError) {
        guard let live = tablesBeforeTasks else { preconditionFailure("a task arrived before the workflows were installed") }
        try WorkspaceState.checkRestoredTask(record, live: live, workspace: sid)
        try Self.place(record, at: handle, in: &taskSlots, "task", workspace: sid)
        taskStructures?.add(record, handle: TaskHandle(handle))
    }

    private static func place<Record>(_ record: Record, at handle: Int32, in slots: inout ChunkedArray<Record?>,
                                      _ name: String, workspace: String) throws(SnapshotRestoreError) {
        guard handle >= 0, Int(handle) < slots.count, slots[Int(handle)] == nil else {
            throw .inconsistent(workspaceSid: workspace, reason: "\(name) handle \(handle) is outside the table or used twice")
        }
        slots[Int(handle)] = record
    }

    private mutating func addDocument(_ document: SnapshotImage.RoutingDocument) throws(SnapshotRestoreError) {
        guard documents[document.id] == nil else {
            throw .inconsistent(workspaceSid: sid, reason: "routing document \(document.id) appears twice")
        }
        do {
            documents[document.id] = try state.parseWorkflowConfiguration(document.configuration)
        } catch {
            throw .doesNotCompile(workspaceSid: sid, resourceSid: "routing document \(document.id)", cause: error)
        }
    }

    private mutating func addTimer(_ timer: SnapshotImage.Timer) throws(SnapshotRestoreError) {
        let id: TimerID
        switch timer.kind {
        case .taskTimeToLive: id = .taskTimeToLive(TaskHandle(timer.target))
        case .stepTimeout: id = .stepTimeout(TaskHandle(timer.target))
        case .assignedLifetime: id = .assignedLifetime(TaskHandle(timer.target))
        case .retention: id = .retention(TaskHandle(timer.target))
        case .reservationTimeout: id = .reservationTimeout(ReservationHandle(timer.target))
        case .clockMinute: id = .clockMinute
        }
        timers.append(.init(id: id, key: TimerKey(deadline: Timestamp(unixMilliseconds: timer.deadlineMilliseconds),
                                                  sequence: timer.sequence)))
    }
}

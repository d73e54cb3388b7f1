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

    var sid: String { image.sid }

    init(image: SnapshotImage.Workspace, configuration: EngineConfiguration) throws(SnapshotRestoreError) {
        self.image = image
        state = try WorkspaceState(restoring: image, configuration: configuration)
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

    /// Adds the next record of this workspace.
    mutating func add(_ record: SnapshotImage.Record) throws(SnapshotRestoreError) {
        let recordStage = Self.stage(of: record)
        guard recordStage >= stage else {
            throw .recordOutOfOrder(workspaceSid: sid, record: record.kindName, after: "\(stage)")
        }
        try advance(to: recordStage)
        switch record {
        case .workspace: preconditionFailure("the shard builder starts a new workspace itself")
        case .activity(let activity): try place(activityRecord(activity), at: activity.handle, in: &activitySlots, "activity")
        case .taskChannel(let channel): try place(channelRecord(channel), at: channel.handle, in: &channelSlots, "task channel")
        case .worker(let worker): try place(workerRecord(worker), at: worker.handle, in: &workerSlots, "worker")
        case .taskQueue(let queue): try place(queueRecord(queue), at: queue.handle, in: &queueSlots, "task queue")
        case .routingDocument(let document): try addDocument(document)
        case .workflow(let workflow): try place(workflowRecord(workflow), at: workflow.handle, in: &workflowSlots, "workflow")
        case .task(let task): try place(taskRecord(task), at: task.handle, in: &taskSlots, "task")
        case .reservation(let reservation):
            try place(reservationRecord(reservation), at: reservation.handle, in: &reservationSlots, "reservation")
        case .timer(let timer): try addTimer(timer)
        }
    }

    /// Installs every remaining table, checks the references between
    /// records, rebuilds the derived structures and returns the workspace.
    mutating func finish() throws(SnapshotRestoreError) -> WorkspaceState {
        try advance(to: .finished)
        try state.checkRestoredReferences()
        state.rebuildDerivedStructures()
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
            switch stage {
            case .activities: state.activities = try table(activitySlots, image.activities, "activity")
            case .channels: state.channels = try table(channelSlots, image.taskChannels, "task channel")
            case .workers: state.workers = try table(workerSlots, image.workers, "worker")
            case .queues: state.queues = try table(queueSlots, image.taskQueues, "task queue")
            case .documents: break
            case .workflows: state.workflows = try table(workflowSlots, image.workflows, "workflow")
            case .tasks: state.tasks = try table(taskSlots, image.tasks, "task")
            case .reservations: state.reservations = try table(reservationSlots, image.reservations, "reservation")
            case .timers, .finished: break
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

    private func place<Record>(_ record: Record, at handle: Int32, in slots: inout ChunkedArray<Record?>,
                               _ name: String) throws(SnapshotRestoreError) {
        guard handle >= 0, Int(handle) < slots.count, slots[Int(handle)] == nil else {
            throw .inconsistent(workspaceSid: sid, reason: "\(name) handle \(handle) is outside the table or used twice")
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
        }
        guard !state.timers.contains(id) else {
            throw .inconsistent(workspaceSid: sid, reason: "timer \(id) is armed twice")
        }
        state.timers.upsert(id, key: TimerKey(deadline: Timestamp(unixMilliseconds: timer.deadlineMilliseconds),
                                              sequence: timer.sequence))
    }
}

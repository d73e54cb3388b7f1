/// Every mutation the engine accepts, as a value a journal can record and
/// replay. Replaying the same commands with the same `now` values, in the
/// same order per workspace, rebuilds the same state and SIDs.
public enum EngineCommand: Sendable, Hashable {
    /// The SID of a workspace created without one is derived from the
    /// request; a journal may record the returned SID in the request instead.
    case createWorkspace(CreateWorkspaceRequest)
    case updateWorkspace(workspace: String, UpdateWorkspaceRequest)
    case deleteWorkspace(workspace: String)
    case createActivity(workspace: String, CreateActivityRequest)
    case updateActivity(workspace: String, sid: String, UpdateActivityRequest)
    case deleteActivity(workspace: String, sid: String)
    case createTaskChannel(workspace: String, CreateTaskChannelRequest)
    case updateTaskChannel(workspace: String, sid: String, UpdateTaskChannelRequest)
    case deleteTaskChannel(workspace: String, sid: String)
    case createWorker(workspace: String, CreateWorkerRequest)
    case updateWorker(workspace: String, sid: String, UpdateWorkerRequest)
    case deleteWorker(workspace: String, sid: String, expectedVersion: UInt64?)
    case updateWorkerChannel(workspace: String, workerSid: String, channel: String, UpdateWorkerChannelRequest)
    case createTaskQueue(workspace: String, CreateTaskQueueRequest)
    case updateTaskQueue(workspace: String, sid: String, UpdateTaskQueueRequest)
    case deleteTaskQueue(workspace: String, sid: String)
    case createWorkflow(workspace: String, CreateWorkflowRequest)
    case updateWorkflow(workspace: String, sid: String, UpdateWorkflowRequest)
    case deleteWorkflow(workspace: String, sid: String)
    case createTask(workspace: String, CreateTaskRequest)
    case updateTask(workspace: String, sid: String, UpdateTaskRequest)
    case deleteTask(workspace: String, sid: String, expectedVersion: UInt64?)
    case updateReservation(workspace: String, sid: String, UpdateReservationRequest)
    /// Fires every timer due at `now` in every workspace.
    case advance
}

/// What a command returns.
public enum EngineCommandOutput: Sendable {
    case workspace(WorkspaceInfo)
    case activity(ActivityInfo)
    case taskChannel(TaskChannelInfo)
    case worker(WorkerInfo)
    case workerChannel(WorkerChannelInfo)
    case taskQueue(TaskQueueInfo)
    case workflow(WorkflowInfo)
    case task(TaskInfo)
    case reservation(ReservationInfo)
    /// The SID of a deleted resource.
    case deleted(sid: String)
    case advanced
}

extension Engine {
    /// Runs one command for `account` at `now`.
    public func execute(_ command: EngineCommand, account: String,
                        now: Timestamp) throws(EngineError) -> EngineResult<EngineCommandOutput> {
        switch command {
        case .createWorkspace(let request):
            return try createWorkspace(request, account: account, now: now).map(EngineCommandOutput.workspace)
        case .updateWorkspace(let workspace, let request):
            return try updateWorkspace(sid: workspace, request, account: account, now: now).map(EngineCommandOutput.workspace)
        case .deleteWorkspace(let workspace):
            return try deleteWorkspace(sid: workspace, account: account, now: now).map { .deleted(sid: $0) }
        case .advance:
            return EngineResult(value: .advanced, events: advance(to: now))
        default:
            return try executeInWorkspace(command, account: account, now: now)
        }
    }

    private func executeInWorkspace(_ command: EngineCommand, account: String,
                                    now: Timestamp) throws(EngineError) -> EngineResult<EngineCommandOutput> {
        switch command {
        case .createActivity(let workspace, let request):
            return try createActivity(workspace: workspace, request, account: account, now: now).map(EngineCommandOutput.activity)
        case .updateActivity(let workspace, let sid, let request):
            return try updateActivity(workspace: workspace, sid: sid, request, account: account, now: now)
                .map(EngineCommandOutput.activity)
        case .deleteActivity(let workspace, let sid):
            return try deleteActivity(workspace: workspace, sid: sid, account: account, now: now).map { .deleted(sid: $0) }
        case .createTaskChannel(let workspace, let request):
            return try createTaskChannel(workspace: workspace, request, account: account, now: now).map(EngineCommandOutput.taskChannel)
        case .updateTaskChannel(let workspace, let sid, let request):
            return try updateTaskChannel(workspace: workspace, sid: sid, request, account: account, now: now)
                .map(EngineCommandOutput.taskChannel)
        case .deleteTaskChannel(let workspace, let sid):
            return try deleteTaskChannel(workspace: workspace, sid: sid, account: account, now: now).map { .deleted(sid: $0) }
        case .createWorker(let workspace, let request):
            return try createWorker(workspace: workspace, request, account: account, now: now).map(EngineCommandOutput.worker)
        case .updateWorker(let workspace, let sid, let request):
            return try updateWorker(workspace: workspace, sid: sid, request, account: account, now: now).map(EngineCommandOutput.worker)
        case .deleteWorker(let workspace, let sid, let version):
            return try deleteWorker(workspace: workspace, sid: sid, expectedVersion: version, account: account, now: now)
                .map { .deleted(sid: $0) }
        case .updateWorkerChannel(let workspace, let worker, let channel, let request):
            return try updateWorkerChannel(workspace: workspace, workerSid: worker, channel: channel, request, account: account,
                                           now: now).map(EngineCommandOutput.workerChannel)
        default:
            return try executeRouting(command, account: account, now: now)
        }
    }

    private func executeRouting(_ command: EngineCommand, account: String,
                                now: Timestamp) throws(EngineError) -> EngineResult<EngineCommandOutput> {
        switch command {
        case .createTaskQueue(let workspace, let request):
            return try createTaskQueue(workspace: workspace, request, account: account, now: now).map(EngineCommandOutput.taskQueue)
        case .updateTaskQueue(let workspace, let sid, let request):
            return try updateTaskQueue(workspace: workspace, sid: sid, request, account: account, now: now)
                .map(EngineCommandOutput.taskQueue)
        case .deleteTaskQueue(let workspace, let sid):
            return try deleteTaskQueue(workspace: workspace, sid: sid, account: account, now: now).map { .deleted(sid: $0) }
        case .createWorkflow(let workspace, let request):
            return try createWorkflow(workspace: workspace, request, account: account, now: now).map(EngineCommandOutput.workflow)
        case .updateWorkflow(let workspace, let sid, let request):
            return try updateWorkflow(workspace: workspace, sid: sid, request, account: account, now: now)
                .map(EngineCommandOutput.workflow)
        case .deleteWorkflow(let workspace, let sid):
            return try deleteWorkflow(workspace: workspace, sid: sid, account: account, now: now).map { .deleted(sid: $0) }
        case .createTask(let workspace, let request):
            return try createTask(workspace: workspace, request, account: account, now: now).map(EngineCommandOutput.task)
        case .updateTask(let workspace, let sid, let request):
            return try updateTask(workspace: workspace, sid: sid, request, account: account, now: now).map(EngineCommandOutput.task)
        case .deleteTask(let workspace, let sid, let version):
            return try deleteTask(workspace: workspace, sid: sid, expectedVersion: version, account: account, now: now)
                .map { .deleted(sid: $0) }
        case .updateReservation(let workspace, let sid, let request):
            return try updateReservation(workspace: workspace, sid: sid, request, account: account, now: now)
                .map(EngineCommandOutput.reservation)
        default:
            preconditionFailure("command \(command) has no handler")
        }
    }
}

extension EngineResult {
    /// The same events with the value transformed.
    func map<Other: Sendable>(_ transform: (Value) -> Other) -> EngineResult<Other> {
        EngineResult<Other>(value: transform(value), events: events)
    }
}

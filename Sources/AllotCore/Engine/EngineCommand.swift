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

/// A closure the engine calls after a command changed state, while the shard
/// lock is still held, with the shard's index, the command as applied and its `now`.
///
/// A journal appends the record here, so that its order per shard is the
/// order in which the engine applied the commands. A `createWorkspace` whose
/// SID the engine derived arrives with that SID filled in. The hook must not
/// call back into the engine, and should return quickly: the shard is locked.
package typealias JournalHook = (_ shard: Int, _ applied: EngineCommand, _ now: Timestamp) -> Void

extension Engine {
    /// Runs one command for `account` at `now`.
    public func execute(_ command: EngineCommand, account: String,
                        now: Timestamp) throws(EngineError) -> EngineResult<EngineCommandOutput> {
        try execute(command, account: account, now: now, journal: nil)
    }

    /// Runs one command for `account` at `now` and calls `journal` under the
    /// shard lock for each shard it changed. That is once for a command that
    /// succeeded, once per shard where a timer fired for `advance`, and never
    /// for a command that threw.
    ///
    /// A command that throws may still have fired the workspace's due timers.
    /// Replay does not need a record for that, because the next command or
    /// advance on the workspace fires them as of their own deadlines, which
    /// gives the same state.
    package func execute(_ command: EngineCommand, account: String, now: Timestamp,
                         journal: JournalHook?) throws(EngineError) -> EngineResult<EngineCommandOutput> {
        switch command {
        case .createWorkspace(let request):
            let hook = journal.map { hook in
                { (index: Int, sid: String) in
                    var applied = request
                    applied.sid = sid
                    hook(index, .createWorkspace(applied), now)
                }
            }
            return try createWorkspace(request, account: account, now: now, journal: hook).map(EngineCommandOutput.workspace)
        case .deleteWorkspace(let workspace):
            let hook = journal.map { hook in { (index: Int) in hook(index, command, now) } }
            return try deleteWorkspace(sid: workspace, account: account, now: now, journal: hook).map { .deleted(sid: $0) }
        case .advance:
            let hook = journal.map { hook in { (index: Int) in hook(index, command, now) } }
            return EngineResult(value: .advanced, events: advance(to: now, journal: hook))
        default:
            guard let workspace = command.workspaceSid else {
                preconditionFailure("command \(command) names no workspace")
            }
            let hook = journal.map { hook in { (index: Int) in hook(index, command, now) } }
            return try mutate(workspace, account: account, now: now, journal: hook) { state throws(EngineError) in
                try state.apply(command, now: now)
            }
        }
    }
}

extension EngineResult {
    /// The same events with the value transformed.
    func map<Other: Sendable>(_ transform: (Value) -> Other) -> EngineResult<Other> {
        EngineResult<Other>(value: transform(value), events: events)
    }
}

extension EngineCommand {
    /// The workspace the command changes; nil for `advance` and for a
    /// `createWorkspace` whose SID the engine derives.
    public var workspaceSid: String? {
        switch self {
        case .createWorkspace(let request): request.sid
        case .advance: nil
        case .updateWorkspace(let workspace, _), .deleteWorkspace(let workspace),
             .createActivity(let workspace, _), .updateActivity(let workspace, _, _), .deleteActivity(let workspace, _),
             .createTaskChannel(let workspace, _), .updateTaskChannel(let workspace, _, _),
             .deleteTaskChannel(let workspace, _), .createWorker(let workspace, _), .updateWorker(let workspace, _, _),
             .deleteWorker(let workspace, _, _), .updateWorkerChannel(let workspace, _, _, _),
             .createTaskQueue(let workspace, _), .updateTaskQueue(let workspace, _, _), .deleteTaskQueue(let workspace, _),
             .createWorkflow(let workspace, _), .updateWorkflow(let workspace, _, _), .deleteWorkflow(let workspace, _),
             .createTask(let workspace, _), .updateTask(let workspace, _, _), .deleteTask(let workspace, _, _),
             .updateReservation(let workspace, _, _):
            workspace
        }
    }
}

extension WorkspaceState {
    /// Applies a command that changes one existing workspace and returns its
    /// output. `createWorkspace`, `deleteWorkspace` and `advance` act on the
    /// shard and are handled by the engine.
    mutating func apply(_ command: EngineCommand, now: Timestamp) throws(EngineError) -> EngineCommandOutput {
        switch command {
        case .updateWorkspace(_, let request):
            return .workspace(try updateSettings(request, now: now))
        case .createActivity(_, let request):
            return .activity(try createActivity(request, now: now))
        case .updateActivity(_, let sid, let request):
            return .activity(try updateActivity(sid: sid, request, now: now))
        case .deleteActivity(_, let sid):
            try deleteActivity(sid: sid, now: now)
            return .deleted(sid: sid)
        case .createTaskChannel(_, let request):
            return .taskChannel(try createTaskChannel(request, now: now))
        case .updateTaskChannel(_, let sid, let request):
            return .taskChannel(try updateTaskChannel(sid: sid, request, now: now))
        case .deleteTaskChannel(_, let sid):
            return .deleted(sid: try deleteTaskChannel(sid: sid, now: now))
        case .createWorker(_, let request):
            return .worker(try createWorker(request, now: now))
        case .updateWorker(_, let sid, let request):
            return .worker(try updateWorker(sid: sid, request, now: now))
        case .deleteWorker(_, let sid, let expectedVersion):
            try deleteWorker(sid: sid, expectedVersion: expectedVersion, now: now)
            return .deleted(sid: sid)
        case .updateWorkerChannel(_, let worker, let channel, let request):
            return .workerChannel(try updateWorkerChannel(workerSid: worker, channel: channel, request, now: now))
        default:
            return try applyRouting(command, now: now)
        }
    }

    private mutating func applyRouting(_ command: EngineCommand, now: Timestamp) throws(EngineError) -> EngineCommandOutput {
        switch command {
        case .createTaskQueue(_, let request):
            return .taskQueue(try createTaskQueue(request, now: now))
        case .updateTaskQueue(_, let sid, let request):
            return .taskQueue(try updateTaskQueue(sid: sid, request, now: now))
        case .deleteTaskQueue(_, let sid):
            try deleteTaskQueue(sid: sid, now: now)
            return .deleted(sid: sid)
        case .createWorkflow(_, let request):
            return .workflow(try createWorkflow(request, now: now))
        case .updateWorkflow(_, let sid, let request):
            return .workflow(try updateWorkflow(sid: sid, request, now: now))
        case .deleteWorkflow(_, let sid):
            try deleteWorkflow(sid: sid, now: now)
            return .deleted(sid: sid)
        case .createTask(_, let request):
            return .task(try createTask(request, now: now))
        case .updateTask(_, let sid, let request):
            return .task(try updateTask(sid: sid, request, now: now))
        case .deleteTask(_, let sid, let expectedVersion):
            try deleteTask(sid: sid, expectedVersion: expectedVersion, now: now)
            return .deleted(sid: sid)
        case .updateReservation(_, let sid, let request):
            return .reservation(try updateReservation(sid: sid, request, now: now))
        case .createWorkspace, .deleteWorkspace, .advance, .updateWorkspace, .createActivity, .updateActivity,
             .deleteActivity, .createTaskChannel, .updateTaskChannel, .deleteTaskChannel, .createWorker, .updateWorker,
             .deleteWorker, .updateWorkerChannel:
            preconditionFailure("command \(command) does not change one existing workspace's resources")
        }
    }
}

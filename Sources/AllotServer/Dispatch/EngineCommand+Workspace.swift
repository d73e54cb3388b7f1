import AllotCore

extension EngineCommand {
    /// The workspace a command changes; nil for creating a workspace and for
    /// advancing the clock, which may touch every workspace.
    var workspaceSid: String? {
        switch self {
        case .createWorkspace, .advance:
            nil
        case .updateWorkspace(let workspace, _), .deleteWorkspace(let workspace),
             .createActivity(let workspace, _), .updateActivity(let workspace, _, _), .deleteActivity(let workspace, _),
             .createTaskChannel(let workspace, _), .updateTaskChannel(let workspace, _, _), .deleteTaskChannel(let workspace, _),
             .createWorker(let workspace, _), .updateWorker(let workspace, _, _), .deleteWorker(let workspace, _, _),
             .updateWorkerChannel(let workspace, _, _, _),
             .createTaskQueue(let workspace, _), .updateTaskQueue(let workspace, _, _), .deleteTaskQueue(let workspace, _),
             .createWorkflow(let workspace, _), .updateWorkflow(let workspace, _, _), .deleteWorkflow(let workspace, _),
             .createTask(let workspace, _), .updateTask(let workspace, _, _), .deleteTask(let workspace, _, _),
             .updateReservation(let workspace, _, _):
            workspace
        }
    }
}

import AllotCore
import AllotWire

extension EngineHandler {
    func respondToTaskCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                           now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response? {
        let account = context.account.sid
        switch request {
        case .createTask(let wire):
            return try perform(.createTask(workspace: wire.workspaceSID, try CreateTaskRequest(wire)), context, request: request, now: now)
        case .fetchTask(let wire):
            return .task(Wire.Task(try engine.fetchTask(workspace: wire.workspaceSID, sid: wire.taskSID, account: account, now: now)))
        case .updateTask(let wire):
            return try perform(.updateTask(workspace: wire.workspaceSID, sid: wire.taskSID, UpdateTaskRequest(wire)), context, request: request, now: now)
        case .deleteTask(let wire):
            return try perform(.deleteTask(workspace: wire.workspaceSID, sid: wire.taskSID, expectedVersion: wire.ifMatchVersion),
                               context, request: request, now: now)
        case .listTasks(let wire):
            let page = try engine.listTasks(workspace: wire.workspaceSID, ListTasksRequest(wire), account: account, now: now)
            return .taskPage(Wire.TaskPage(page))
        default:
            misrouted(request)
        }
    }
}

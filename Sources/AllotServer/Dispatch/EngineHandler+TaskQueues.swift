import AllotCore
import AllotWire

extension EngineHandler {
    func respondToTaskQueueCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                                now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response? {
        let account = context.account.sid
        switch request {
        case .createTaskQueue(let wire):
            return try perform(.createTaskQueue(workspace: wire.workspaceSID, CreateTaskQueueRequest(wire)), context, request: request, now: now)
        case .fetchTaskQueue(let wire):
            return .taskQueue(Wire.TaskQueue(try engine.fetchTaskQueue(workspace: wire.workspaceSID, sid: wire.taskQueueSID, account: account)))
        case .updateTaskQueue(let wire):
            return try perform(.updateTaskQueue(workspace: wire.workspaceSID, sid: wire.taskQueueSID, UpdateTaskQueueRequest(wire)),
                               context, request: request, now: now)
        case .deleteTaskQueue(let wire):
            return try perform(.deleteTaskQueue(workspace: wire.workspaceSID, sid: wire.taskQueueSID), context, request: request, now: now)
        case .listTaskQueues(let wire):
            let page = try engine.listTaskQueues(workspace: wire.workspaceSID, ListTaskQueuesRequest(wire), account: account, now: now)
            return .taskQueuePage(Wire.TaskQueuePage(page))
        default:
            misrouted(request)
        }
    }
}

import AllotCore
import AllotWire

extension EngineHandler {
    func respondToTaskChannelCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                                  now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response? {
        let account = context.account.sid
        switch request {
        case .createTaskChannel(let wire):
            return try perform(.createTaskChannel(workspace: wire.workspaceSID, CreateTaskChannelRequest(wire)), context, request: request, now: now)
        case .fetchTaskChannel(let wire):
            let channel = try engine.fetchTaskChannel(workspace: wire.workspaceSID, sidOrUniqueName: wire.taskChannel, account: account)
            return .taskChannel(Wire.TaskChannel(channel))
        case .updateTaskChannel(let wire):
            return try perform(.updateTaskChannel(workspace: wire.workspaceSID, sid: wire.taskChannel, UpdateTaskChannelRequest(wire)),
                               context, request: request, now: now)
        case .deleteTaskChannel(let wire):
            return try perform(.deleteTaskChannel(workspace: wire.workspaceSID, sid: wire.taskChannel), context, request: request, now: now)
        case .listTaskChannels(let wire):
            let page = try engine.listTaskChannels(workspace: wire.workspaceSID,
                                                   page: PageRequest(pageSize: wire.pageSize, pageToken: wire.pageToken), account: account)
            return .taskChannelPage(Wire.TaskChannelPage(page))
        default:
            misrouted(request)
        }
    }
}

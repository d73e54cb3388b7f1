import AllotCore
import AllotWire

extension EngineHandler {
    func respondToWorkspaceCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                                now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response? {
        let account = context.account.sid
        switch request {
        case .createWorkspace(let wire):
            return try perform(.createWorkspace(CreateWorkspaceRequest(wire)), context, request: request, now: now)
        case .fetchWorkspace(let wire):
            return .workspace(Wire.Workspace(try engine.fetchWorkspace(sid: wire.workspaceSID, account: account)))
        case .updateWorkspace(let wire):
            return try perform(.updateWorkspace(workspace: wire.workspaceSID, UpdateWorkspaceRequest(wire)), context, request: request, now: now)
        case .deleteWorkspace(let wire):
            return try perform(.deleteWorkspace(workspace: wire.workspaceSID), context, request: request, now: now)
        case .listWorkspaces(let wire):
            let page = try engine.listWorkspaces(account: account, friendlyName: wire.friendlyName.nonEmpty,
                                                 page: PageRequest(pageSize: wire.pageSize, pageToken: wire.pageToken))
            return .workspacePage(Wire.WorkspacePage(page))
        default:
            misrouted(request)
        }
    }
}

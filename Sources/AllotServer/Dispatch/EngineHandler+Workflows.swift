import AllotCore
import AllotWire

extension EngineHandler {
    func respondToWorkflowCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                               now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response? {
        let account = context.account.sid
        switch request {
        case .createWorkflow(let wire):
            return try perform(.createWorkflow(workspace: wire.workspaceSID, CreateWorkflowRequest(wire)), context, request: request, now: now)
        case .fetchWorkflow(let wire):
            return .workflow(Wire.Workflow(try engine.fetchWorkflow(workspace: wire.workspaceSID, sid: wire.workflowSID, account: account)))
        case .updateWorkflow(let wire):
            return try perform(.updateWorkflow(workspace: wire.workspaceSID, sid: wire.workflowSID, UpdateWorkflowRequest(wire)),
                               context, request: request, now: now)
        case .deleteWorkflow(let wire):
            return try perform(.deleteWorkflow(workspace: wire.workspaceSID, sid: wire.workflowSID), context, request: request, now: now)
        case .listWorkflows(let wire):
            let page = try engine.listWorkflows(workspace: wire.workspaceSID, friendlyName: wire.friendlyName.nonEmpty,
                                                page: PageRequest(pageSize: wire.pageSize, pageToken: wire.pageToken), account: account)
            return .workflowPage(Wire.WorkflowPage(page))
        default:
            misrouted(request)
        }
    }
}

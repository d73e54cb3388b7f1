import AllotCore
import AllotWire

extension EngineHandler {
    func respondToActivityCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                               now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response? {
        let account = context.account.sid
        switch request {
        case .createActivity(let wire):
            return try perform(.createActivity(workspace: wire.workspaceSID, CreateActivityRequest(wire)), context, request: request, now: now)
        case .fetchActivity(let wire):
            return .activity(Wire.Activity(try engine.fetchActivity(workspace: wire.workspaceSID, sid: wire.activitySID, account: account)))
        case .updateActivity(let wire):
            return try perform(.updateActivity(workspace: wire.workspaceSID, sid: wire.activitySID, UpdateActivityRequest(wire)),
                               context, request: request, now: now)
        case .deleteActivity(let wire):
            return try perform(.deleteActivity(workspace: wire.workspaceSID, sid: wire.activitySID), context, request: request, now: now)
        case .listActivities(let wire):
            let page = try engine.listActivities(workspace: wire.workspaceSID, ListActivitiesRequest(wire), account: account)
            return .activityPage(Wire.ActivityPage(page))
        default:
            misrouted(request)
        }
    }
}

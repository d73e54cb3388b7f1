import AllotCore
import AllotWire

extension EngineHandler {
    func respondToEventCall(_ request: Wire.ClientFrame.Request, _ context: CallContext,
                            now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response {
        let account = context.account.sid
        switch request {
        case .listEvents(let wire):
            let workspace = try engine.fetchWorkspace(sid: wire.workspaceSID, account: account)
            let page = try engine.listEvents(workspace: wire.workspaceSID, ListEventsRequest(wire), account: account, now: now)
            return .eventPage(Wire.EventPage(page, workspaceName: workspace.friendlyName))
        case .fetchEvent(let wire):
            return .event(try fetchEvent(wire, account: account, now: now))
        case .subscribeEvents(let wire):
            return .subscription(try subscriptions.subscribe(wire, connection: context.connection))
        case .unsubscribeEvents(let wire):
            return .subscriptionEnded(try subscriptions.unsubscribe(wire.subscriptionID, connection: context.connection))
        default:
            misrouted(request)
        }
    }

    /// Finds one event among those the workspace's ring holds, whatever its age.
    private func fetchEvent(_ wire: Wire.FetchEventRequest, account: String, now: Timestamp) throws(EngineError) -> Wire.Event {
        let workspace = try engine.fetchWorkspace(sid: wire.workspaceSID, account: account)
        var request = ListEventsRequest()
        request.sid = wire.eventSID
        request.startDate = Timestamp(unixMilliseconds: Int64.min)
        request.endDate = Timestamp(unixMilliseconds: Int64.max)
        request.page = PageRequest(pageSize: 1)
        guard let event = try engine.listEvents(workspace: wire.workspaceSID, request, account: account, now: now).items.first else {
            throw .notFound(field: "event_sid",
                            message: "event \(wire.eventSID.quotedForMessage) is not held; the server keeps the newest \(engine.configuration.limits.eventRingCapacity) events of each workspace")
        }
        return Wire.Event(event, workspaceName: workspace.friendlyName)
    }
}

import AllotCore
import AllotWire
import Synchronization

/// Every event subscription of the server: one hub per workspace that has
/// subscribers, and each connection's subscriptions, so that a closed
/// connection leaves none behind.
///
/// Lock order: the registry's lock may be held while taking a hub's lock,
/// never the other way round. Hubs report what the registry must update in
/// a `HubChange` that the registry applies after the hub's lock is released.
final class SubscriptionRegistry: Sendable {
    private let engine: Engine
    private let logger: Logger
    private let state = Mutex(State())
    /// Hubs in the registry. Publishing reads it without the lock and does
    /// nothing while it is zero, which is the common case of a server
    /// without subscribers.
    private let hubCount = Atomic<Int>(0)
    private let lastSubscriptionID = Atomic<UInt64>(0)

    private struct State {
        var hubs: [String: WorkspaceEventHub] = [:]
        /// Active subscriptions by connection ID: subscription ID to workspace SID.
        var connections: [UInt64: [UInt64: String]] = [:]
    }

    init(engine: Engine, logger: Logger) {
        self.engine = engine
        self.logger = logger
    }

    /// Active subscriptions, for the metrics endpoint.
    var subscriptionCount: Int {
        state.withLock { $0.connections.values.reduce(0) { $0 + $1.count } }
    }

    /// Offers the events of a command or of a timer tick to the subscribers
    /// of their workspaces. Events of one workspace must be in sequence order.
    func publish(_ events: [EngineEvent]) {
        guard !events.isEmpty, hubCount.load(ordering: .sequentiallyConsistent) > 0 else { return }
        var start = events.startIndex
        while start < events.endIndex {
            let workspace = events[start].workspaceSid
            var end = start + 1
            while end < events.endIndex && events[end].workspaceSid == workspace { end += 1 }
            if let hub = hub(workspace) {
                apply(hub.publish(events[start..<end]), from: hub)
            }
            start = end
        }
    }

    /// Offers a workspace's events that no command returned, such as those of
    /// timers that fired before a command failed.
    func catchUp(workspace: String) {
        guard hubCount.load(ordering: .sequentiallyConsistent) > 0, let hub = hub(workspace) else { return }
        apply(hub.catchUp(), from: hub)
    }

    /// Starts a subscription for `connection`, after checking that its
    /// account owns the workspace and the worker, when one is named.
    func subscribe(_ request: Wire.SubscribeEventsRequest, connection: ConnectionHandle) throws(EngineError) -> Wire.Subscription {
        let account = connection.account.sid
        let workspace = try engine.fetchWorkspace(sid: request.workspaceSID, account: account)
        let workerSid = request.workerSID.nonEmpty
        if let workerSid {
            _ = try engine.fetchWorker(workspace: workspace.sid, sid: workerSid, account: account)
        }
        let subscriber = EventSubscriber(id: lastSubscriptionID.add(1, ordering: .relaxed).newValue, connection: connection,
                                         workerSid: workerSid, eventTypes: try Self.eventTypes(request.eventTypes))
        try reserve(subscriber, workspace: workspace.sid)
        do throws(EngineError) {
            for _ in 0..<ServerLimits.maximumSubscribeAttempts {
                let hub = hubOrNew(workspace, account: account)
                let outcome: WorkspaceEventHub.AddOutcome
                do throws(EngineError) {
                    outcome = try hub.add(subscriber, after: request.afterSequence)
                } catch {
                    removeIfRetired(hub)
                    throw error
                }
                switch outcome {
                case .added(let subscription, let change):
                    apply(change, from: hub)
                    return subscription
                case .retired:
                    removeIfRetired(hub)
                }
            }
            throw .aborted(field: "workspace_sid",
                           message: "the subscriptions of workspace \(workspace.sid) kept changing during the call; send subscribe_events again")
        } catch {
            release(subscriber)
            throw error
        }
    }

    /// Ends one subscription of `connection` and returns where it stopped.
    func unsubscribe(_ subscriptionID: UInt64, connection: ConnectionHandle) throws(EngineError) -> Wire.SubscriptionEnded {
        let workspace = try state.withLock { (state: inout State) throws(EngineError) -> String in
            guard let workspace = state.connections[connection.id]?.removeValue(forKey: subscriptionID) else {
                throw .notFound(field: "subscription_id",
                                message: "subscription \(subscriptionID) is not active on this connection; pass a subscription_id from a Subscription reply on it")
            }
            if state.connections[connection.id]?.isEmpty == true { state.connections[connection.id] = nil }
            return workspace
        }
        guard let hub = hub(workspace) else {
            return Wire.SubscriptionEnded(subscriptionID: subscriptionID)
        }
        let removal = hub.remove([subscriptionID])
        if removal.retired { removeIfRetired(hub) }
        return Wire.SubscriptionEnded(subscriptionID: subscriptionID, lastDeliveredSequence: removal.deliveredThrough)
    }

    /// Ends every subscription of a closed connection.
    func connectionClosed(_ connection: ConnectionHandle) {
        let subscriptions = state.withLock { $0.connections.removeValue(forKey: connection.id) } ?? [:]
        var idsByWorkspace: [String: Set<UInt64>] = [:]
        for (id, workspace) in subscriptions { idsByWorkspace[workspace, default: []].insert(id) }
        for (workspace, ids) in idsByWorkspace {
            guard let hub = hub(workspace) else { continue }
            if hub.remove(ids).retired { removeIfRetired(hub) }
        }
    }

    // MARK: Bookkeeping

    private func hub(_ workspace: String) -> WorkspaceEventHub? {
        state.withLock { $0.hubs[workspace] }
    }

    private func hubOrNew(_ workspace: WorkspaceInfo, account: String) -> WorkspaceEventHub {
        state.withLock { state in
            if let hub = state.hubs[workspace.sid] { return hub }
            let hub = WorkspaceEventHub(workspaceSid: workspace.sid, accountSid: account, workspaceName: workspace.friendlyName,
                                        engine: engine, logger: logger)
            state.hubs[workspace.sid] = hub
            hubCount.add(1, ordering: .sequentiallyConsistent)
            return hub
        }
    }

    private func removeIfRetired(_ hub: WorkspaceEventHub) {
        state.withLock { state in
            guard state.hubs[hub.workspaceSid] === hub, hub.isRetired else { return }
            state.hubs[hub.workspaceSid] = nil
            hubCount.subtract(1, ordering: .sequentiallyConsistent)
        }
    }

    private func apply(_ change: HubChange, from hub: WorkspaceEventHub) {
        guard !change.endedSubscriptions.isEmpty || change.retired else { return }
        state.withLock { state in
            for (connectionID, subscriptionID) in change.endedSubscriptions {
                state.connections[connectionID]?[subscriptionID] = nil
                if state.connections[connectionID]?.isEmpty == true { state.connections[connectionID] = nil }
            }
            if change.retired && state.hubs[hub.workspaceSid] === hub {
                state.hubs[hub.workspaceSid] = nil
                hubCount.subtract(1, ordering: .sequentiallyConsistent)
            }
        }
    }

    /// Counts a new subscription against its connection's limit.
    private func reserve(_ subscriber: EventSubscriber, workspace: String) throws(EngineError) {
        try state.withLock { (state: inout State) throws(EngineError) in
            let active = state.connections[subscriber.connection.id]?.count ?? 0
            if active >= ServerLimits.maximumSubscriptionsPerConnection {
                throw .resourceExhausted(field: "workspace_sid",
                                         message: "this connection has \(active) subscriptions, the maximum; unsubscribe from one or open another connection")
            }
            state.connections[subscriber.connection.id, default: [:]][subscriber.id] = workspace
        }
    }

    private func release(_ subscriber: EventSubscriber) {
        state.withLock { state in
            state.connections[subscriber.connection.id]?[subscriber.id] = nil
            if state.connections[subscriber.connection.id]?.isEmpty == true { state.connections[subscriber.connection.id] = nil }
        }
    }

    /// Parses a subscription's event type filter; nil when it is empty.
    static func eventTypes(_ names: [String]) throws(EngineError) -> Set<EventType>? {
        if names.isEmpty { return nil }
        if names.count > ServerLimits.maximumSubscriptionEventTypes {
            throw .invalidArgument(field: "event_types",
                                   message: "event_types lists \(names.count) types; the maximum is \(ServerLimits.maximumSubscriptionEventTypes)")
        }
        var types = Set<EventType>()
        for name in names {
            guard let type = EventType(rawValue: name) else {
                throw .invalidArgument(field: "event_types",
                                       message: "event_types names the unknown event type \(name.quotedForMessage); use types such as task.created or reservation.created")
            }
            types.insert(type)
        }
        return types
    }
}

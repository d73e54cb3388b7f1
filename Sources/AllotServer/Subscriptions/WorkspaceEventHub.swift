import AllotCore
import AllotWire
import Synchronization

/// The subscriptions of one workspace, and the sequence number up to which
/// each of them has been offered every event of the workspace.
///
/// Commands on several threads publish events in any order. The hub offers
/// them in sequence order under its lock: it skips events it has already
/// offered, and fills a gap from the engine's event ring. A gap appears when
/// the command that produced the missing events has not published them yet,
/// or when a command failed after timers had fired. A new subscriber's
/// replay runs under the same lock, so replayed and live events meet with no
/// gap and no duplicate.
final class WorkspaceEventHub: Sendable {
    let workspaceSid: String
    let accountSid: String
    private let engine: Engine
    private let logger: Logger
    private let state: Mutex<State>

    struct State {
        /// Every event up to this sequence number has been offered to every
        /// subscriber; nil until the first subscriber arrives.
        var deliveredThrough: UInt64?
        var subscribers: [EventSubscriber] = []
        /// Current friendly_name of the workspace, sent with each event.
        var workspaceName: String
        /// Set when the last subscriber leaves or the workspace is gone. A
        /// retired hub takes no subscribers; the registry makes a new one.
        var isRetired = false
    }

    /// The result of `add`.
    enum AddOutcome: Sendable {
        case added(Wire.Subscription, HubChange)
        /// The hub retired before the subscriber could join.
        case retired
    }

    init(workspaceSid: String, accountSid: String, workspaceName: String, engine: Engine, logger: Logger) {
        self.workspaceSid = workspaceSid
        self.accountSid = accountSid
        self.engine = engine
        self.logger = logger
        state = Mutex(State(workspaceName: workspaceName))
    }

    var isRetired: Bool { state.withLock { $0.isRetired } }

    /// Offers events of this workspace, which must be in sequence order.
    func publish(_ events: ArraySlice<EngineEvent>) -> HubChange {
        state.withLock { state in
            var change = HubChange()
            guard !state.isRetired, state.deliveredThrough != nil else { return change }
            if !offer(events, &state, &change) {
                catchUp(&state, &change)
            }
            return change
        }
    }

    /// Offers the events in the ring that have not been offered yet.
    func catchUp() -> HubChange {
        state.withLock { state in
            var change = HubChange()
            if !state.isRetired { catchUp(&state, &change) }
            return change
        }
    }

    /// Adds a subscriber after replaying to it the held events after
    /// `afterSequence`, when given. On failure a hub left without
    /// subscribers retires.
    func add(_ subscriber: EventSubscriber, after afterSequence: UInt64?) throws(EngineError) -> AddOutcome {
        try state.withLock { (state: inout State) throws(EngineError) -> AddOutcome in
            guard !state.isRetired else { return .retired }
            do throws(EngineError) {
                return try add(subscriber, after: afterSequence, &state)
            } catch {
                if state.subscribers.isEmpty { state.isRetired = true }
                throw error
            }
        }
    }

    /// Removes subscribers and returns the sequence number each has been
    /// offered up to, and whether the hub retired for want of subscribers.
    func remove(_ ids: Set<UInt64>) -> (deliveredThrough: UInt64, retired: Bool) {
        state.withLock { state in
            state.subscribers.removeAll { ids.contains($0.id) }
            if state.subscribers.isEmpty { state.isRetired = true }
            return (state.deliveredThrough ?? 0, state.isRetired)
        }
    }

    private func add(_ subscriber: EventSubscriber, after afterSequence: UInt64?, _ state: inout State) throws(EngineError) -> AddOutcome {
        var change = HubChange()
        let probe = EventRingProbe(engine: engine, workspaceSid: workspaceSid, accountSid: accountSid)
        if state.deliveredThrough == nil {
            state.deliveredThrough = try probe.newestSequence(atLeast: 0)
        } else {
            catchUp(&state, &change)
        }
        guard !state.isRetired, let start = state.deliveredThrough else { return .retired }
        if let afterSequence {
            if afterSequence > start {
                throw try pastNewest(afterSequence, newest: start, probe)
            }
            try replay(after: afterSequence, through: start, to: subscriber, workspaceName: state.workspaceName)
        }
        let oldest = try probe.oldestHeldSequence(newest: start)
        state.subscribers.append(subscriber)
        let subscription = Wire.Subscription(subscriptionID: subscriber.id, nextSequence: start + 1, oldestHeldSequence: oldest)
        return .added(subscription, change)
    }

    /// Returns the error for an `after_sequence` past the newest event. An empty
    /// ring, as after a restart, has no newest event to name, so the message
    /// gives the sequence the next event will have instead.
    private func pastNewest(_ afterSequence: UInt64, newest: UInt64, _ probe: EventRingProbe) throws(EngineError) -> EngineError {
        guard try probe.oldestHeldSequence(newest: newest) > newest else {
            return .outOfRange(field: "after_sequence",
                               message: "after_sequence \(afterSequence) is past the newest event of workspace \(workspaceSid), \(newest); pass \(newest) or less")
        }
        return .outOfRange(field: "after_sequence",
                           message: "after_sequence \(afterSequence) is past the events of workspace \(workspaceSid): no events are held, "
                               + "and the next event will have sequence \(newest + 1). Pass \(newest), or subscribe without after_sequence")
    }

    // MARK: Delivery

    /// Events read from the ring per engine call; the ring's capacity when smaller.
    private var batchEvents: Int {
        min(ServerLimits.eventBatchEvents, engine.configuration.limits.eventRingCapacity)
    }

    /// Bound on the batches of one catch-up or replay: enough to read a full ring.
    private var maximumBatches: Int {
        engine.configuration.limits.eventRingCapacity / batchEvents + 2
    }

    /// Offers `events` in order from the one after `deliveredThrough`.
    /// Returns false at a gap, leaving the events from there unoffered.
    private func offer(_ events: some Sequence<EngineEvent>, _ state: inout State, _ change: inout HubChange) -> Bool {
        for event in events {
            guard !state.isRetired, let delivered = state.deliveredThrough else { return true }
            if event.sequence <= delivered { continue }
            if event.sequence != delivered + 1 { return false }
            offerToSubscribers(event, &state, &change)
            state.deliveredThrough = event.sequence
            if event.type == .workspaceDeleted {
                endAll(Wire.Status(code: .notFound, message: "workspace \(workspaceSid) was deleted, which ends its subscriptions"),
                       reason: "workspace deleted", &state, &change)
            }
        }
        return true
    }

    private func offerToSubscribers(_ event: EngineEvent, _ state: inout State, _ change: inout HubChange) {
        if event.type == .workspaceUpdated, let workspace = try? engine.fetchWorkspace(sid: workspaceSid, account: accountSid) {
            state.workspaceName = workspace.friendlyName
        }
        var wireEvent: Wire.Event?
        var gone: Set<UInt64> = []
        for subscriber in state.subscribers where subscriber.accepts(event) {
            let converted = wireEvent ?? Wire.Event(event, workspaceName: state.workspaceName)
            wireEvent = converted
            if !push(converted, to: subscriber) { gone.insert(subscriber.id) }
        }
        guard !gone.isEmpty else { return }
        // A refused push means the connection is closing; its close ends
        // the rest of its subscriptions.
        for subscriber in state.subscribers where gone.contains(subscriber.id) {
            change.endedSubscriptions.append((subscriber.connection.id, subscriber.id))
        }
        state.subscribers.removeAll { gone.contains($0.id) }
        if state.subscribers.isEmpty {
            state.isRetired = true
            change.retired = true
        }
    }

    /// Reads the events after `deliveredThrough` from the ring and offers
    /// them. A workspace that is gone, or a ring that has already dropped
    /// events not yet offered, ends every subscription with the reason.
    private func catchUp(_ state: inout State, _ change: inout HubChange) {
        for _ in 0..<maximumBatches {
            guard !state.isRetired, let delivered = state.deliveredThrough else { return }
            let batch: [EngineEvent]
            do throws(EngineError) {
                batch = try engine.events(workspace: workspaceSid, after: delivered, limit: batchEvents, deliveredOnly: false, account: accountSid)
            } catch {
                let code: Wire.StatusCode = error.code == .notFound ? .notFound : Wire.StatusCode(error.code)
                let message = error.code == .notFound
                    ? "workspace \(workspaceSid) was deleted, which ends its subscriptions"
                    : "the server could not deliver every event of workspace \(workspaceSid): \(error.message)"
                endAll(Wire.Status(code: code, message: message), reason: error.code.rawValue, &state, &change)
                return
            }
            if batch.isEmpty { return }
            _ = offer(batch, &state, &change)
        }
    }

    /// Pushes the held events after `afterSequence` up to `lastSequence` to one subscriber.
    private func replay(after afterSequence: UInt64, through lastSequence: UInt64, to subscriber: EventSubscriber,
                        workspaceName: String) throws(EngineError) {
        var cursor = afterSequence
        for _ in 0..<maximumBatches where cursor < lastSequence {
            let batch = try engine.events(workspace: workspaceSid, after: cursor, limit: batchEvents, deliveredOnly: false, account: accountSid)
            guard let last = batch.last else { return }
            for event in batch where event.sequence <= lastSequence && subscriber.accepts(event) {
                if !push(Wire.Event(event, workspaceName: workspaceName), to: subscriber) { return }
            }
            cursor = last.sequence
        }
    }

    /// Pushes one event; false when the connection refused it because it
    /// is closed or too far behind, and is being closed.
    private func push(_ event: Wire.Event, to subscriber: EventSubscriber) -> Bool {
        let push = Wire.EventPush(subscriptionID: subscriber.id, event: event)
        switch subscriber.connection.push(Wire.ServerFrame(callID: 0, status: Wire.Status(code: .ok), response: .eventPush(push))) {
        case .queued:
            return true
        case .connectionClosed, .subscriberTooSlow:
            return false
        case .encodingFailed(let message):
            logger.error("encoding a pushed event failed", ("workspace.sid", workspaceSid), ("event.sid", event.sid), ("error", message))
            return true
        }
    }

    /// Ends every subscription with `status` on a SubscriptionEnded frame and retires the hub.
    private func endAll(_ status: Wire.Status, reason: String, _ state: inout State, _ change: inout HubChange) {
        let delivered = state.deliveredThrough ?? 0
        for subscriber in state.subscribers {
            let ended = Wire.SubscriptionEnded(subscriptionID: subscriber.id, lastDeliveredSequence: delivered)
            subscriber.connection.push(Wire.ServerFrame(callID: 0, status: status, response: .subscriptionEnded(ended)))
            change.endedSubscriptions.append((subscriber.connection.id, subscriber.id))
        }
        if !state.subscribers.isEmpty {
            logger.info("subscriptions ended", ("workspace.sid", workspaceSid), ("reason", reason), ("count", "\(state.subscribers.count)"))
        }
        state.subscribers.removeAll()
        state.isRetired = true
        change.retired = true
    }
}

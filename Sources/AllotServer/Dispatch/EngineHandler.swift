import AllotCore
import AllotPersistence
import AllotWire
import Synchronization

/// The request handler that serves every call of the protocol from an
/// in-memory `Engine` and pushes the events the engine produces to
/// subscribers.
///
/// Reads call the engine's fetch, list and statistics functions directly.
/// Every change, whether a call or a timer tick, runs as an `EngineCommand`
/// through `execute(_:account:now:)`, so that a journal can record each
/// command in one place. The engine checks that the calling account owns
/// each workspace it names and reports other accounts' workspaces as not
/// found.
///
/// With a `DurableEngine`, each change is journaled: the call is deferred,
/// and its reply is sent once its record is acknowledged under the sync policy.
/// Under `interval` and `never`, the records of the calls an I/O thread ran in
/// one loop pass are written together when it calls `flushDeferredCalls()`.
public final class EngineHandler: RequestHandler {
    let engine: Engine
    /// The journal and snapshots around `engine`; nil keeps everything in memory only.
    let durable: DurableEngine?
    let subscriptions: SubscriptionRegistry
    let logger: Logger
    /// Snapshot results and journal availability for the metrics endpoint; nil without `durable`.
    let persistenceMetrics: PersistenceMetrics?
    /// True while journaled advances fail, so that the failure is logged once, not every tick.
    private let advanceFailing = Atomic(false)

    /// The account passed with commands that no account makes, such as
    /// advancing the clock; the engine does not check it for those.
    static let systemAccount = ""

    /// Creates a handler that keeps every workspace in memory only.
    public init(engine: Engine, logger: Logger) {
        self.engine = engine
        durable = nil
        persistenceMetrics = nil
        self.logger = logger
        subscriptions = SubscriptionRegistry(engine: engine, logger: logger)
    }

    /// Creates a handler that journals every change through `durable`. The caller feeds
    /// `persistenceMetrics` with the durable engine's events; the handler adds the snapshots
    /// that clients request.
    package init(durable: DurableEngine, logger: Logger, persistenceMetrics: PersistenceMetrics = PersistenceMetrics()) {
        engine = durable.engine
        self.durable = durable
        self.persistenceMetrics = persistenceMetrics
        self.logger = logger
        subscriptions = SubscriptionRegistry(engine: durable.engine, logger: logger)
    }

    public func handle(_ request: Wire.ClientFrame.Request, context: CallContext) -> CallOutcome {
        handle(request, context: context, now: Timestamp(WallClockInstant.now()))
    }

    /// Runs one request as of `now`, which tests set to drive the engine's clock by hand.
    func handle(_ request: Wire.ClientFrame.Request, context: CallContext, now: Timestamp) -> CallOutcome {
        do throws(EngineError) {
            return try respond(to: request, context: context, now: now)
        } catch {
            return .failure(CallFailure(error, request: request))
        }
    }

    /// Runs one engine command and pushes the events it produced to
    /// subscribers. Every change to the engine's state goes through here.
    func execute(_ command: EngineCommand, account: String, now: Timestamp) throws(EngineError) -> EngineCommandOutput {
        do throws(EngineError) {
            let result = try engine.execute(command, account: account, now: now)
            subscriptions.publish(result.events)
            return result.value
        } catch {
            // Timers that came due before the command failed have changed
            // state and appended events that the error does not carry.
            if let workspace = command.workspaceSid {
                subscriptions.catchUp(workspace: workspace)
            }
            throw error
        }
    }

    /// Runs the command of a call for the caller's account and returns the
    /// reply, or nil when the call is deferred until its journal record is
    /// acknowledged.
    func perform(_ command: EngineCommand, _ context: CallContext, request: Wire.ClientFrame.Request,
                 now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response? {
        guard let durable else {
            return Wire.ServerFrame.Response(try execute(command, account: context.account.sid, now: now))
        }
        let connection = context.connection
        let callID = context.callID
        // The completion keeps only the workspace of the command, not a copy of all of it.
        let workspace = command.workspaceSid
        // The I/O thread writes the records of every call it ran in one pass together, in
        // flushDeferredCalls(), and the completion replies only after that write.
        durable.execute(command, account: context.account.sid, now: now, defersWrite: true) { [self] result in
            connection.complete(callID: callID, with: durableOutcome(result, workspace: workspace, request: request))
        }
        return nil
    }

    /// Publishes the events of a journaled command and returns the call's outcome.
    private func durableOutcome(_ result: Result<AppliedCommand, DurableEngineError>,
                                workspace: String?, request: Wire.ClientFrame.Request) -> CallOutcome {
        switch result {
        case .success(let applied):
            subscriptions.publish(applied.result.events)
            return .response(Wire.ServerFrame.Response(applied.result.value))
        case .failure(let error):
            // A failed command may have fired timers, and a command applied without a durable
            // record has events that no reply carries. Subscribers get both from the ring.
            if let workspace { subscriptions.catchUp(workspace: workspace) }
            if case .unavailable(let cause, _) = error {
                logger.error("journal unavailable; replied UNAVAILABLE", ("error", cause.description),
                             ("request", request.fieldName))
            }
            return .failure(CallFailure(error, request: request))
        }
    }

    /// Fires the timers that are due. Asking for the next deadline first
    /// keeps ticks with nothing due off the command path, so a journal
    /// records an advance only when it changes something.
    public func advance(to now: WallClockInstant) {
        let timestamp = Timestamp(now)
        guard let deadline = engine.nextDeadline, deadline <= timestamp else { return }
        guard let durable else {
            do {
                _ = try execute(.advance, account: Self.systemAccount, now: timestamp)
            } catch {
                logger.error("advancing the engine clock failed", ("error", error.description))
            }
            return
        }
        // The timer thread does not wait for the journal: the events go out once it
        // acknowledges the records.
        durable.advance(to: timestamp) { [self] result in
            switch result {
            case .success(let events):
                subscriptions.publish(events)
                if advanceFailing.exchange(false, ordering: .relaxed) {
                    logger.info("advancing the engine clock recovered")
                }
            case .failure(let error):
                if !advanceFailing.exchange(true, ordering: .relaxed) {
                    logger.error("advancing the engine clock failed; retrying every tick", ("error", error.description))
                }
            }
        }
    }

    public func flushDeferredCalls() {
        durable?.writeDeferredRecords()
    }

    public func connectionClosed(_ connection: ConnectionHandle) {
        subscriptions.connectionClosed(connection)
    }
}

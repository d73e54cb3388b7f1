import AllotCore
import AllotWire

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
public final class EngineHandler: RequestHandler {
    let engine: Engine
    let subscriptions: SubscriptionRegistry
    let logger: Logger

    /// The account passed with commands that no account makes, such as
    /// advancing the clock; the engine does not check it for those.
    static let systemAccount = ""

    public init(engine: Engine, logger: Logger) {
        self.engine = engine
        self.logger = logger
        subscriptions = SubscriptionRegistry(engine: engine, logger: logger)
    }

    public func handle(_ request: Wire.ClientFrame.Request, context: CallContext) -> CallOutcome {
        do throws(EngineError) {
            return try respond(to: request, context: context, now: Timestamp(WallClockInstant.now()))
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

    /// Runs the command of a call for the caller's account and returns the reply.
    func perform(_ command: EngineCommand, _ context: CallContext, now: Timestamp) throws(EngineError) -> Wire.ServerFrame.Response {
        Wire.ServerFrame.Response(try execute(command, account: context.account.sid, now: now))
    }

    /// Fires the timers that are due. Asking for the next deadline first
    /// keeps ticks with nothing due off the command path, so a journal
    /// records an advance only when it changes something.
    public func advance(to now: WallClockInstant) {
        let timestamp = Timestamp(now)
        guard let deadline = engine.nextDeadline, deadline <= timestamp else { return }
        do {
            _ = try execute(.advance, account: Self.systemAccount, now: timestamp)
        } catch {
            logger.error("advancing the engine clock failed", ("error", error.description))
        }
    }

    public func connectionClosed(_ connection: ConnectionHandle) {
        subscriptions.connectionClosed(connection)
    }
}

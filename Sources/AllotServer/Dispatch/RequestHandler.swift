import Glibc
import AllotWire

/// The seam between the network layer and the engine.
///
/// The server authenticates each connection (Hello) itself, serves Echo,
/// rejects calls past the in-flight limit or their deadline, and hands every
/// other request to the handler with the authenticated account. The handler must check
/// that the account owns each workspace it names.
public protocol RequestHandler: Sendable {
    /// Runs one request. Called on an I/O thread, so it must not block: an
    /// operation that waits (for example for a journal fsync) returns
    /// `.deferred` and replies later through `context.connection`.
    func handle(_ request: Wire.ClientFrame.Request, context: CallContext) -> CallOutcome

    /// Finishes the calls that `handle` deferred on the calling I/O thread, for example by
    /// writing their journal records in one write. Each I/O thread calls it once per pass of
    /// its loop, after running the frames it read and before sending replies, when it ran
    /// at least one call. It must not block, and replies still arrive through
    /// `ConnectionHandle.complete`.
    func flushDeferredCalls()

    /// Advances the engine's clock to `now`, firing the timeouts that are
    /// due. Called by the timer thread every tick.
    func advance(to now: WallClockInstant)

    /// Drops what the handler keeps for a closed connection, such as its
    /// subscriptions. Called on the connection's I/O thread.
    func connectionClosed(_ connection: ConnectionHandle)

    /// Values for the metrics endpoint, over the workspaces of `accounts`.
    func engineGauges(accounts: [Account]) -> EngineGauges

    /// Counts the workspaces of each account SID, including accounts the server does not
    /// accept. The server calls it at start-up, after recovery, and after each accounts reload.
    func workspaceCountByAccount() -> [String: Int]

    /// Returns why changes would be rejected now, such as a journal that cannot write, or
    /// nil when the handler accepts them. The metrics endpoint's readiness check reports it.
    func readinessProblem() -> String?
}

extension RequestHandler {
    /// Does nothing, for handlers that finish every call within `handle` or on their own threads.
    public func flushDeferredCalls() {}

    /// Returns no counts, for handlers that keep no workspaces.
    public func workspaceCountByAccount() -> [String: Int] { [:] }

    /// Returns nil, for handlers that do not depend on storage.
    public func readinessProblem() -> String? { nil }
}

/// Context of one call, passed to the handler.
public struct CallContext: Sendable {
    /// The connection's authenticated account.
    public let account: Account
    /// The client's call_id; the reply must carry it.
    public let callID: UInt64
    /// The client's deadline, when it set one. The server has already
    /// rejected calls whose deadline passed before they ran.
    public let deadline: WallClockInstant?
    /// The connection, for pushing events and completing deferred calls.
    public let connection: ConnectionHandle
}

/// The result of `RequestHandler.handle`.
public enum CallOutcome: Sendable {
    /// The call succeeded with this response.
    case response(Wire.ServerFrame.Response)
    /// The call failed.
    case failure(CallFailure)
    /// The handler replies later with `ConnectionHandle.complete(callID:with:)`.
    case deferred
}

/// A failed call: a status code and a message that names the field, the
/// value and the fix.
public struct CallFailure: Error, Sendable, Equatable {
    public var code: Wire.StatusCode
    public var message: String
    /// The request field at fault, when there is one.
    public var field: String

    /// Creates a failure. A NUL in the message or field, which a message may
    /// quote from a JSON document that spelt it `\u0000`, is written as that
    /// escape, because a frame cannot carry a NUL in a string.
    public init(_ code: Wire.StatusCode, _ message: String, field: String = "") {
        precondition(code != .ok, "a failure needs a code other than OK")
        self.code = code
        self.message = Self.escapingNUL(message)
        self.field = Self.escapingNUL(field)
    }

    private static func escapingNUL(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if scalar == "\u{0}" {
                escaped += "\\u0000"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    var status: Wire.Status {
        Wire.Status(code: code, message: message, field: field)
    }
}

/// An instant on the wall clock, as the protocol carries it: milliseconds
/// since the Unix epoch.
public struct WallClockInstant: Sendable, Comparable, Hashable {
    public let unixMilliseconds: Int64

    public init(unixMilliseconds: Int64) {
        self.unixMilliseconds = unixMilliseconds
    }

    /// Returns the current time of the system's real-time clock.
    public static func now() -> WallClockInstant {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return WallClockInstant(unixMilliseconds: Int64(time.tv_sec) * 1_000 + Int64(time.tv_nsec) / 1_000_000)
    }

    public static func < (left: WallClockInstant, right: WallClockInstant) -> Bool {
        left.unixMilliseconds < right.unixMilliseconds
    }
}

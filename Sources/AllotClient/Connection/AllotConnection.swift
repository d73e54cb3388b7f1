import AllotWire
import Foundation

/// One authenticated TCP connection to allot-server, with any number of
/// calls in flight at once.
///
/// The connection is a final class with a dedicated reader thread rather
/// than an actor. Reading a socket blocks, and a blocking read must not sit
/// on Swift's cooperative thread pool, which has only as many threads as
/// cores. The reader thread blocks in `recv`, decodes each frame as it
/// arrives and resumes the waiting call at once, without a hop through an
/// actor's queue. Calls from any task share a mutex-guarded table of pending
/// calls and write their frames under a second lock, so replies may arrive
/// in any order and the calls stay independent.
///
/// A dropped connection fails every call in flight with `unavailable` and
/// stays closed. Event streams from `events(workspace:after:)` open a new
/// connection by themselves; other callers connect again.
public final class AllotConnection: Sendable {
    /// Where the connection goes and how it authenticates; kept so that
    /// event streams can reconnect.
    public struct Options: Sendable {
        /// Host name or IP address of the server.
        public var host: String
        /// TCP port of the server.
        public var port: UInt16
        /// The account to authenticate as.
        public var credentials: AllotCredentials
        /// Client name and version sent in Hello, for the server's logs.
        public var clientName: String

        /// Creates options.
        public init(host: String, port: UInt16, credentials: AllotCredentials, clientName: String = "AllotClient") {
            self.host = host
            self.port = port
            self.credentials = credentials
            self.clientName = clientName
        }
    }

    /// The protocol version this client speaks.
    public static let protocolVersion: UInt32 = 1

    /// The options the connection was opened with.
    public let options: Options
    /// The server's reply to Hello: its version and limits.
    public let serverHello: Wire.HelloReply

    /// Connects to `host`:`port` and authenticates.
    ///
    /// - Parameters:
    ///   - credentials: the account; nil reads the credentials file at
    ///     `credentialsPath`.
    ///   - credentialsPath: the file allot-server writes to
    ///     `<data-dir>/credentials.json`; `./allot-data/credentials.json` by default.
    /// - Throws: `unavailable` when the server cannot be reached,
    ///   `unauthenticated` when the credentials are missing or rejected.
    public static func connect(
        host: String = "127.0.0.1",
        port: UInt16 = 7700,
        credentials: AllotCredentials? = nil,
        credentialsPath: String = AllotCredentials.defaultPath,
        clientName: String = "AllotClient",
        timeout: Duration = ClientLimits.defaultCallTimeout
    ) async throws(AllotError) -> AllotConnection {
        let resolved: AllotCredentials
        if let credentials {
            resolved = credentials
        } else {
            resolved = try AllotCredentials.load(path: credentialsPath)
        }
        let options = Options(host: host, port: port, credentials: resolved, clientName: clientName)
        return try await connect(options, timeout: timeout)
    }

    /// Connects and authenticates with `options`.
    public static func connect(_ options: Options, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> AllotConnection {
        let socket = try ClientSocket(host: options.host, port: options.port)
        let opening = OpeningConnection(socket: socket)
        opening.startReading()
        let hello = Wire.Hello(
            protocolVersion: protocolVersion,
            accountSID: options.credentials.accountSID,
            secret: options.credentials.secret,
            clientName: options.clientName,
            acceptsCompression: true
        )
        let result = await opening.core.exchange(.hello(hello), timeout: timeout, sink: nil)
        let reply: Wire.HelloReply
        switch result {
        case .failure(let error):
            opening.core.close(error)
            throw error
        case .success(let frame):
            if let status = frame.status, status.code != .ok {
                opening.core.close(AllotError(status: status))
                throw AllotError(status: status)
            }
            guard case .hello(let helloReply)? = frame.response else {
                let error = AllotError.unexpectedResponse(frame.response, expected: "hello")
                opening.core.close(error)
                throw error
            }
            reply = helloReply
        }
        return AllotConnection(options: options, serverHello: reply, core: opening.core)
    }

    let core: ConnectionCore

    private init(options: Options, serverHello: Wire.HelloReply, core: ConnectionCore) {
        self.options = options
        self.serverHello = serverHello
        self.core = core
        core.setMaximumFrameBytes(Int(serverHello.maximumFrameBytes))
    }

    deinit {
        core.close(AllotError(code: .cancelled, message: "the connection was closed by the client"))
    }

    /// True once the connection has ended, by `close()` or a failure.
    public var isClosed: Bool { core.isClosed }

    /// Why the connection ended; nil while it is open.
    public var closeReason: AllotError? { core.closeReason }

    /// Closes the connection. Calls in flight fail with `cancelled`, and
    /// subscriptions on it end.
    public func close() {
        core.close(AllotError(code: .cancelled, message: "the connection was closed by the client"))
    }

    /// Sends `request` and returns the server's response.
    ///
    /// The timeout becomes the frame's deadline, so the server skips a call
    /// that waited too long, and it also ends the local wait with
    /// `deadlineExceeded` when no reply arrives in time. Canceling the
    /// calling task ends the wait with `cancelled`; the server may still
    /// carry the call out.
    ///
    /// - Throws: the server's status when it is not OK, or a client-side
    ///   `deadlineExceeded`, `cancelled` or `unavailable`.
    public func call(_ request: Wire.ClientFrame.Request, timeout: Duration = ClientLimits.defaultCallTimeout) async throws(AllotError) -> Wire.ServerFrame.Response {
        let frame = try await core.exchange(request, timeout: timeout, sink: nil).get()
        if let status = frame.status, status.code != .ok {
            throw AllotError(status: status)
        }
        guard let response = frame.response else {
            throw AllotError.unexpectedResponse(nil, expected: "a response to \(request.fieldName)")
        }
        return response
    }

    /// Subscribes to events and returns the reply with the pushed events.
    func subscribe(_ request: Wire.SubscribeEventsRequest, timeout: Duration) async throws(AllotError) -> SubscriptionChannel {
        let (messages, sink) = AsyncStream<SubscriptionMessage>.makeStream(
            bufferingPolicy: .bufferingOldest(ClientLimits.maximumBufferedEvents)
        )
        let frame = try await core.exchange(.subscribeEvents(request), timeout: timeout, sink: sink).get()
        if let status = frame.status, status.code != .ok {
            throw AllotError(status: status)
        }
        guard case .subscription(let subscription)? = frame.response else {
            throw AllotError.unexpectedResponse(frame.response, expected: "subscription")
        }
        return SubscriptionChannel(subscription: subscription, messages: messages)
    }

    /// True when the application closed the connection with `close()`, rather than the
    /// server or the network. Streams and sessions do not replace such a connection.
    var wasClosedByClient: Bool {
        guard let reason = closeReason else { return false }
        return reason.code == .cancelled && reason.origin == .client
    }

    /// Drops the connection as a network failure would; for tests of reconnection.
    func simulateConnectionLoss() {
        core.socket.shutdown()
    }
}

/// A connection whose reader runs before Hello has been answered.
private struct OpeningConnection {
    let socket: ClientSocket
    let core: ConnectionCore

    init(socket: ClientSocket) {
        self.socket = socket
        self.core = ConnectionCore(socket: socket)
    }

    func startReading() {
        let core = core
        let thread = Thread { core.readUntilClosed() }
        thread.name = "AllotClient reader"
        thread.start()
    }
}

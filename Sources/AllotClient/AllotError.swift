import AllotWire

/// The failure of a call: the server's status, or a status the client
/// assigned to a failure it detected itself (a lost connection, a local
/// timeout, a canceled task).
public struct AllotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The side that detected the failure.
    public enum Origin: Sendable, Equatable {
        /// The server replied to the call with this status.
        case server
        /// The client failed the call before or without a reply.
        case client
    }

    /// The status code, in gRPC's numbering.
    public var code: Wire.StatusCode
    /// A description of the failure, naming the value and the fix.
    public var message: String
    /// The request field that was invalid, in snake_case; empty when none was.
    public var field: String
    /// The side that detected the failure.
    public var origin: Origin

    /// Creates an error.
    public init(code: Wire.StatusCode, message: String, field: String = "", origin: Origin = .client) {
        self.code = code
        self.message = message
        self.field = field
        self.origin = origin
    }

    /// Creates the error for a status the server sent.
    public init(status: Wire.Status) {
        self.init(code: status.code, message: status.message, field: status.field, origin: .server)
    }

    /// The code's name, the field when there is one, and the message:
    /// `NOT_FOUND (task_sid): no task WT… in workspace WS…`.
    public var description: String {
        let fieldText = field.isEmpty ? "" : " (\(field))"
        return "\(code.name)\(fieldText): \(message)"
    }

    static func connectionLost(_ reason: String) -> AllotError {
        AllotError(code: .unavailable, message: "the connection to the server was lost: \(reason); connect again")
    }

    /// Returns the error for a call made on a connection that had already ended.
    /// The client fails such a call itself, so the message says so and quotes the
    /// old reason, which may be a status that a server sent before it restarted.
    static func sentAfterClose(_ reason: AllotError) -> AllotError {
        AllotError(code: reason.code,
                   message: "the connection closed before this call, so the call was not sent; connect again with "
                       + "AllotConnection.connect. The connection closed with \(reason.code.name): \(reason.message)")
    }

    static func unexpectedResponse(_ response: Wire.ServerFrame.Response?, expected: String) -> AllotError {
        let received = response?.fieldName ?? "no response"
        return AllotError(code: .internal, message: "the server replied with \(received) where \(expected) was expected; the client and server speak different protocol versions")
    }
}

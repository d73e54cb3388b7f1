/// The kind of an `EngineError`, which maps onto a gRPC-style status.
public enum EngineErrorCode: String, Sendable, Hashable, CaseIterable {
    /// A parameter is malformed, out of range or names something unusable.
    case invalidArgument
    /// The SID or name matches nothing visible to the caller's account.
    case notFound
    /// A unique name or SID is already taken.
    case alreadyExists
    /// The resource is in a state that does not allow the operation.
    case failedPrecondition
    /// A per-workspace quota is full.
    case resourceExhausted
    /// The reservation was rescinded because another worker accepted the task.
    case gone
    /// The `If-Match` version does not match the resource's current version.
    case aborted
    /// An event reader asked for a sequence number the ring no longer holds.
    case outOfRange

    /// The gRPC status code number. `gone` has no gRPC equivalent and maps to
    /// FAILED_PRECONDITION; the wire layer may carry the distinction separately.
    public var grpcStatusCode: Int {
        switch self {
        case .invalidArgument: 3
        case .notFound: 5
        case .alreadyExists: 6
        case .resourceExhausted: 8
        case .failedPrecondition, .gone: 9
        case .aborted: 10
        case .outOfRange: 11
        }
    }

    /// The closest HTTP status, as TaskRouter's REST API returns it.
    public var httpStatusCode: Int {
        switch self {
        case .invalidArgument, .failedPrecondition, .outOfRange: 400
        case .notFound: 404
        case .alreadyExists: 409
        case .resourceExhausted: 429
        case .gone: 410
        case .aborted: 412
        }
    }
}

/// The one error type of the engine: a code, the request field at fault,
/// and a message that names the value and the fix.
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidArgument(field: String, message: String)
    case notFound(field: String, message: String)
    case alreadyExists(field: String, message: String)
    case failedPrecondition(field: String, message: String)
    case resourceExhausted(field: String, message: String)
    case gone(field: String, message: String)
    case aborted(field: String, message: String)
    case outOfRange(field: String, message: String)

    public var code: EngineErrorCode {
        switch self {
        case .invalidArgument: .invalidArgument
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .failedPrecondition: .failedPrecondition
        case .resourceExhausted: .resourceExhausted
        case .gone: .gone
        case .aborted: .aborted
        case .outOfRange: .outOfRange
        }
    }

    /// The request parameter at fault, in TaskRouter's spelling (`FriendlyName`).
    public var field: String {
        switch self {
        case .invalidArgument(let field, _), .notFound(let field, _), .alreadyExists(let field, _),
             .failedPrecondition(let field, _), .resourceExhausted(let field, _), .gone(let field, _),
             .aborted(let field, _), .outOfRange(let field, _):
            field
        }
    }

    public var message: String {
        switch self {
        case .invalidArgument(_, let message), .notFound(_, let message), .alreadyExists(_, let message),
             .failedPrecondition(_, let message), .resourceExhausted(_, let message), .gone(_, let message),
             .aborted(_, let message), .outOfRange(_, let message):
            message
        }
    }

    public var description: String { "\(code.rawValue) (\(field)): \(message)" }

    /// Returns a `notFound` error for `sid` of a resource kind.
    static func unknown(_ kind: String, sid: String, field: String) -> EngineError {
        // Workspaces belong to an account; every other resource to a workspace.
        let owner = kind == "workspace" ? "account" : "workspace"
        return .notFound(field: field, message: "\(kind) \(quoted(sid)) was not found in this \(owner); check the SID")
    }

    /// Quotes a client value for a message, cut to a readable length.
    static func quoted(_ value: String) -> String {
        let maximumShownCharacters = 80
        if value.count <= maximumShownCharacters { return "'\(value)'" }
        return "'\(value.prefix(maximumShownCharacters))…'"
    }
}

import AllotPersistence
import AllotStorage
import AllotWire

extension CallFailure {
    /// Creates the failure of a journaled call: the engine's error as for an unjournaled
    /// call, or INVALID_ARGUMENT for a request the journal cannot record. A journal failure
    /// gives UNAVAILABLE, which means the change is not known to be durable.
    init(_ error: DurableEngineError, request: Wire.ClientFrame.Request) {
        switch error {
        case .engine(let engineError):
            self.init(engineError, request: request)
        case .commandTooLarge(let payloadBytes):
            self = Self.tooLargeForJournal(payloadBytes: payloadBytes, request: request)
        case .invalidCommand:
            self.init(.invalidArgument, error.description)
        case .unavailable, .closed:
            self.init(.unavailable, error.description)
        }
    }

    /// Names the longest string of a request whose journal record would exceed the
    /// record limit, since any string field may be the one that made it large.
    /// The request is encoded again to find it, which only this rare failure pays for.
    private static func tooLargeForJournal(payloadBytes: Int, request: Wire.ClientFrame.Request) -> CallFailure {
        let limit = StorageLimits.maximumRecordPayloadBytes
        let head = "the request encodes to \(payloadBytes) bytes, over the journal record limit of \(limit)"
        let bytes = (try? Wire.ClientFrame(callID: 1, request: request).serializedBytes()) ?? []
        guard let longest = bytes.withUnsafeBytes({ Wire.ClientFrame.longestStringField(in: $0) }) else {
            return CallFailure(.invalidArgument, head + "; send a smaller request")
        }
        let field = longest.field.split(separator: ".").last.map(String.init) ?? longest.field
        return CallFailure(.invalidArgument,
                           head + "; its longest field, \(longest.field), has \(longest.byteCount) bytes: shorten it",
                           field: field)
    }
}

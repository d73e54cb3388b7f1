import AllotPersistence
import AllotWire

extension CallFailure {
    /// Creates the failure of a journaled call: the engine's error as for an unjournaled
    /// call, or INVALID_ARGUMENT for a request the journal cannot record. A journal failure
    /// gives UNAVAILABLE, which means the change is not known to be durable.
    init(_ error: DurableEngineError, request: Wire.ClientFrame.Request) {
        switch error {
        case .engine(let engineError):
            self.init(engineError, request: request)
        case .invalidCommand, .commandTooLarge:
            self.init(.invalidArgument, error.description)
        case .unavailable, .closed:
            self.init(.unavailable, error.description)
        }
    }
}

import AllotPersistence
import AllotWire

extension CallFailure {
    /// The failure of a journaled call: the engine's error as for an unjournaled call,
    /// INVALID_ARGUMENT for a request the journal cannot record, and UNAVAILABLE when the
    /// journal failed, which means the change is not known to be durable.
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

import AllotWire

/// A handler without an engine, for tests of the network layer: it returns
/// UNIMPLEMENTED for every engine operation. The server itself serves Hello
/// and Echo.
public struct UnwiredEngineHandler: RequestHandler {
    public init() {}

    public func handle(_ request: Wire.ClientFrame.Request, context: CallContext) -> CallOutcome {
        .failure(CallFailure(
            .unimplemented,
            "\(request.fieldName) is not implemented yet: this server build has no engine wired in; only hello and echo are served"
        ))
    }

    public func advance(to now: WallClockInstant) {}

    public func connectionClosed(_ connection: ConnectionHandle) {}

    public func engineGauges(accounts: [Account]) -> EngineGauges {
        EngineGauges(tasksByStatus: ["pending", "reserved", "assigned", "wrapping"].map { ($0, 0) })
    }
}

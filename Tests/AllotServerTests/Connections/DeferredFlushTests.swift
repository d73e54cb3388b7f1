import AllotWire
import Foundation
import Synchronization
import Testing
@testable import AllotServer

/// A handler that defers every fetch_workspace call and completes the deferred calls only
/// when the I/O thread flushes them, as a journaling handler completes its calls once
/// their records of the loop pass are written.
final class FlushingHandler: RequestHandler {
    private let deferred = Mutex<[CallContext]>([])
    /// How many calls each flush completed, in order.
    let flushedBatches = Mutex<[Int]>([])

    func handle(_ request: Wire.ClientFrame.Request, context: CallContext) -> CallOutcome {
        guard case .fetchWorkspace = request else { return UnwiredEngineHandler().handle(request, context: context) }
        deferred.withLock { $0.append(context) }
        return .deferred
    }

    func flushDeferredCalls() {
        let calls = deferred.withLock { calls in
            defer { calls.removeAll() }
            return calls
        }
        flushedBatches.withLock { $0.append(calls.count) }
        for context in calls {
            context.connection.complete(callID: context.callID, with: .response(.workspace(Wire.Workspace(sid: "WS\(context.callID)"))))
        }
    }

    func advance(to now: WallClockInstant) {}

    func connectionClosed(_ connection: ConnectionHandle) {}

    func engineGauges(accounts: [Account]) -> EngineGauges {
        EngineGauges(tasksByStatus: [])
    }
}

@Suite(.serialized) struct DeferredFlushTests {
    @Test func pipelinedCallsShareOneFlush() throws {
        let handler = FlushingHandler()
        let callCount = 20
        try withInProcessServer(handler: handler) { server, credentials in
            let client = try TestClient(port: server.listenAddress.port)
            #expect(try client.hello(credentials).status?.code == .ok)
            var bytes: [UInt8] = []
            for callID in 1...callCount {
                bytes += try TestClient.framed(Wire.ClientFrame(
                    callID: UInt64(callID), request: .fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: "WS1"))))
            }
            // One write of about a kilobyte, which the server reads at once on loopback.
            try client.send(bytes)
            var answered: [UInt64] = []
            while answered.count < callCount {
                let reply = try #require(try client.readFrame())
                #expect(reply.status?.code == .ok)
                #expect(reply.response == .workspace(Wire.Workspace(sid: "WS\(reply.callID)")))
                answered.append(reply.callID)
            }
            #expect(answered == (1...callCount).map(UInt64.init))
            let batches = handler.flushedBatches.withLock { $0 }
            #expect(batches.reduce(0, +) == callCount)
            #expect(batches.max() ?? 0 > 1, "every flush answered one call: \(batches)")
        }
    }

    @Test func callsWithoutDeferralNeedNoFlush() throws {
        let handler = FlushingHandler()
        try withInProcessServer(handler: handler) { server, credentials in
            let client = try TestClient(port: server.listenAddress.port)
            #expect(try client.hello(credentials).status?.code == .ok)
            let reply = try client.echo(Array("ping".utf8))
            #expect(reply.response == .echo(Wire.EchoReply(payload: Array("ping".utf8))))
            // Echo never reaches the handler, so no pass had a call to flush.
            #expect(handler.flushedBatches.withLock { $0 }.isEmpty)
        }
    }
}

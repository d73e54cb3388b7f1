import AllotWire
import Foundation
import Synchronization
import Testing
@testable import AllotServer

/// A handler that pushes events and defers replies from other threads, the
/// way the engine will.
final class PushingHandler: RequestHandler {
    /// Results of every push, in order.
    let pushResults = Mutex<[ConnectionHandle.PushResult]>([])
    let closedConnections = Mutex<[ConnectionHandle]>([])
    let pusherFinished = DispatchSemaphore(value: 0)
    /// Bytes of description in each pushed event, to fill buffers quickly.
    let eventDescriptionBytes: Int

    init(eventDescriptionBytes: Int = 16) {
        self.eventDescriptionBytes = eventDescriptionBytes
    }

    func handle(_ request: Wire.ClientFrame.Request, context: CallContext) -> CallOutcome {
        switch request {
        case .subscribeEvents(let subscribe):
            // The test names the number of events to push in after_sequence.
            let count = Int(subscribe.afterSequence ?? 0)
            let description = String(repeating: "e", count: eventDescriptionBytes)
            Thread.detachNewThread { [self] in
                for sequence in 1...max(1, count) {
                    let event = Wire.Event(sequence: UInt64(sequence), description: description)
                    let frame = Wire.ServerFrame(callID: 0, status: Wire.Status(), response: .eventPush(Wire.EventPush(subscriptionID: 7, event: event)))
                    let result = context.connection.push(frame)
                    pushResults.withLock { $0.append(result) }
                    if result != .queued { break }
                }
                pusherFinished.signal()
            }
            return .response(.subscription(Wire.Subscription(subscriptionID: 7)))
        case .fetchWorkspace(let fetch):
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 0.01)
                context.connection.complete(callID: context.callID, with: .response(.workspace(Wire.Workspace(sid: fetch.workspaceSID, accountSID: context.account.sid))))
            }
            return .deferred
        default:
            return UnwiredEngineHandler().handle(request, context: context)
        }
    }

    func advance(to now: WallClockInstant) {}

    func connectionClosed(_ connection: ConnectionHandle) {
        closedConnections.withLock { $0.append(connection) }
    }

    func engineGauges(accounts: [Account]) -> EngineGauges {
        EngineGauges(tasksByStatus: [])
    }
}

/// Runs a Server in this process with `handler`, on a free port.
func withInProcessServer(
    handler: any RequestHandler,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (Server, TestCredentials) throws -> Void
) throws {
    var configuration = ServerConfiguration()
    configuration.listenAddress = try #require(SocketAddress(parsing: "127.0.0.1:0"))
    configuration.metricsAddress = nil
    configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("allot-inprocess-\(UUID().uuidString)").path
    configure(&configuration)
    defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
    let server = try Server(configuration: configuration, handler: handler, logger: Logger(minimumLevel: .error))
    server.start()
    defer { server.stop() }
    try body(server, try TestCredentials(path: configuration.dataDirectory + "/credentials.json"))
}

@Suite(.serialized) struct EventPushTests {
    @Test func pushedEventsArriveInOrder() throws {
        let handler = PushingHandler()
        try withInProcessServer(handler: handler) { server, credentials in
            let client = try TestClient(port: server.listenAddress.port)
            #expect(try client.hello(credentials).status?.code == .ok)
            try client.send(Wire.ClientFrame(callID: 1, request: .subscribeEvents(Wire.SubscribeEventsRequest(afterSequence: 500))))
            var sequences: [UInt64] = []
            var subscribed = false
            while sequences.count < 500 {
                let frame = try #require(try client.readFrame())
                if frame.callID == 1 {
                    subscribed = frame.response == .subscription(Wire.Subscription(subscriptionID: 7))
                } else if case .eventPush(let push)? = frame.response {
                    #expect(frame.callID == 0)
                    sequences.append(push.event?.sequence ?? 0)
                }
            }
            #expect(subscribed)
            #expect(sequences == Array(1...500))
        }
    }

    @Test func slowSubscriberIsDisconnected() throws {
        let handler = PushingHandler(eventDescriptionBytes: 4_096)
        try withInProcessServer(handler: handler, configure: {
            $0.maximumSubscriberLagEvents = 100
            $0.maximumOutputBytes = 64 << 10
        }) { server, credentials in
            let client = try TestClient(port: server.listenAddress.port, receiveBufferBytes: 4_096)
            #expect(try client.hello(credentials).status?.code == .ok)
            try client.send(Wire.ClientFrame(callID: 1, request: .subscribeEvents(Wire.SubscribeEventsRequest(afterSequence: 1_000_000))))
            // The client reads nothing until the pusher has been refused.
            #expect(handler.pusherFinished.wait(timeout: .now() + 60) == .success)
            let results = handler.pushResults.withLock { $0 }
            #expect(results.last == .subscriberTooSlow)
            #expect(results.count < 1_000_000)

            let frames = try client.readUntilClosed()
            let last = try #require(frames.last)
            #expect(last.callID == 0)
            #expect(last.status?.code == .resourceExhausted)
            #expect(last.status?.message.contains("100 pushed events behind") == true)
        }
    }

    @Test func deferredReplyArrives() throws {
        let handler = PushingHandler()
        try withInProcessServer(handler: handler) { server, credentials in
            let client = try TestClient(port: server.listenAddress.port)
            #expect(try client.hello(credentials).status?.code == .ok)
            let reply = try client.call(.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: "WS1")))
            #expect(reply.status?.code == .ok)
            #expect(reply.response == .workspace(Wire.Workspace(sid: "WS1", accountSID: credentials.accountSID)))
        }
    }

    @Test func pushAfterCloseReportsClosed() throws {
        let handler = PushingHandler()
        try withInProcessServer(handler: handler) { server, credentials in
            do {
                let client = try TestClient(port: server.listenAddress.port)
                #expect(try client.hello(credentials).status?.code == .ok)
            }
            let deadline = Date().addingTimeInterval(60)
            while handler.closedConnections.withLock({ $0.isEmpty }) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
            let handle = try #require(handler.closedConnections.withLock { $0.first })
            #expect(handle.account.sid == credentials.accountSID)
            #expect(handle.push(Wire.ServerFrame(callID: 0)) == .connectionClosed)
        }
    }
}

import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// A subscriber that stops reading while its workspace keeps changing,
/// against the real allot-server process.
@Suite struct SlowSubscriberTests {
    /// Changes made while the subscriber reads nothing, each with large
    /// attributes, so that their events together overflow the socket buffers.
    static let updateCount = 12_000
    static let attributesBytes = 3_500

    @Test func slowSubscriberIsToldWhyAndOthersStayServed() throws {
        let server = try ServerProcess(extraArguments: ["--max-subscriber-lag-events", "50", "--max-output-bytes", "65536", "--max-calls-in-flight", "\(Self.updateCount)"])
        let writer = try EngineClient(server)
        let fixture = try RoutingFixture(writer)
        // A small receive buffer turns off the kernel's autotuning, so that
        // the socket buffers cannot absorb every event.
        let subscriber = try TestClient(port: server.port, receiveBufferBytes: 4_096)
        #expect(try subscriber.hello(server.credentials).status?.code == .ok)
        guard case .subscription(let subscription)? = try subscriber.call(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: fixture.workspaceSID))).response else {
            throw TestFailure("subscribe_events did not return a subscription")
        }

        let padding = String(repeating: "x", count: Self.attributesBytes)
        var frames: [UInt8] = []
        for index in 0..<Self.updateCount {
            let attributes = "{\"type\": \"support\", \"index\": \(index), \"padding\": \"\(padding)\"}"
            let request = Wire.UpdateWorkerRequest(workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid, attributes: attributes)
            frames += try TestClient.framed(Wire.ClientFrame(callID: 10_000 + UInt64(index), request: .updateWorker(request)))
        }
        // The writer sends from another thread and reads its replies here,
        // because the server stops reading a client whose replies pile up.
        let sender = UncheckedBox(writer.client)
        let sent = DispatchSemaphore(value: 0)
        let allFrames = frames
        Thread.detachNewThread {
            try? sender.value.send(allFrames)
            sent.signal()
        }
        // The subscriber reads once the server has decided to close it, within the
        // grace a closing connection gets. It reads the events queued before it fell
        // behind, in sequence order, and then the status that gives the reason.
        #expect(server.waitForLog(containing: "msg=\"closing a connection\""))
        var sequences: [UInt64] = []
        var last: Wire.ServerFrame?
        while let frame = try subscriber.readFrame() {
            if case .eventPush(let push)? = frame.response, let event = push.event {
                #expect(push.subscriptionID == subscription.subscriptionID)
                sequences.append(event.sequence)
            }
            last = frame
        }

        for _ in 0..<Self.updateCount {
            let reply = try #require(try writer.client.readFrame())
            #expect(reply.status?.code == .ok, "\(reply.status.map { "\($0)" } ?? "no status")")
        }
        #expect(sent.wait(timeout: .now() + TestClient.readWaitSeconds) == .success)
        #expect(!sequences.isEmpty)
        #expect(sequences == Array(subscription.nextSequence..<(subscription.nextSequence + UInt64(sequences.count))))
        #expect(sequences.count < Self.updateCount)
        #expect(last?.callID == 0)
        #expect(last?.status?.code == .resourceExhausted)
        #expect(last?.status?.message.contains("fell more than 50 pushed events behind") == true)
        #expect(last?.status?.message.contains("resume") == true)
        // The reason may go on to say that the last output was not acknowledged in time.
        // Logged when the server decides to close, and again at the close.
        #expect(server.waitForLogCount(containing: "reason=\"subscriber too slow", atLeast: 2))
        let slowSubscriberLines = server.logLines.filter { $0.contains("reason=\"subscriber too slow") }
        #expect(slowSubscriberLines.contains { $0.contains("msg=\"closing a connection\"") })
        #expect(slowSubscriberLines.contains { $0.contains("msg=\"connection closed\"") })

        // The writer's connection and new ones are unaffected.
        guard case .worker(let worker) = try writer.ok(.fetchWorker(Wire.FetchWorkerRequest(workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid))) else {
            throw TestFailure("fetch_worker did not return a worker")
        }
        #expect(worker.attributes.contains(padding))
        try server.checkStillServes()
    }
}

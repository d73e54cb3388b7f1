import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Clients that misuse the protocol in ways a buggy or hostile peer might,
/// against the real allot-server process. Each case must get a clear status,
/// and the server must keep serving other connections.
@Suite(.serialized) struct HostileClientTests {
    /// Frames `payload` by hand with the compressed flag set, whatever the payload holds.
    static func compressedFrame(_ payload: [UInt8]) -> [UInt8] {
        let length = UInt32(payload.count)
        return [FrameFormat.compressedFlag, UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)] + payload
    }

    @Test(arguments: [0, 2] as [UInt32])
    func unsupportedProtocolVersionIsRejected(version: UInt32) throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        let hello = Wire.Hello(protocolVersion: version, accountSID: server.credentials.accountSID, secret: server.credentials.secret, clientName: "tests")
        let reply = try client.call(.hello(hello))
        #expect(reply.status?.code == .failedPrecondition)
        #expect(reply.status?.field == "hello.protocol_version")
        #expect(reply.status?.message.contains("protocol_version \(version)") == true)
        #expect(reply.status?.message.contains("version 1") == true)
        #expect(reply.response == nil)
        #expect(try client.readFrame() == nil)
        try server.checkStillServes()
    }

    @Test func connectionWithoutHelloIsClosed() throws {
        let server = try ServerProcess(extraArguments: ["--hello-timeout-seconds", "1"])
        let authenticated = try TestClient(port: server.port)
        #expect(try authenticated.hello(server.credentials).status?.code == .ok)
        let silent = try TestClient(port: server.port)
        // Half of a hello frame, which never completes.
        let partial = try TestClient(port: server.port)
        let hello = try TestClient.framed(Wire.ClientFrame(callID: 1, request: .hello(Wire.Hello(protocolVersion: 1, accountSID: server.credentials.accountSID, secret: server.credentials.secret))))
        try partial.send(Array(hello.prefix(hello.count / 2)))

        for client in [silent, partial] {
            let frame = try #require(try client.readFrame())
            #expect(frame.callID == 0)
            #expect(frame.status?.code == .unauthenticated)
            #expect(frame.status?.message.contains("no hello arrived within 1 s") == true)
            #expect(try client.readFrame() == nil)
        }
        #expect(server.waitForLogCount(containing: "msg=\"no hello before the deadline\"", atLeast: 2))
        // The deadline has passed for the authenticated connection too, and it stays open.
        #expect(try authenticated.echo([6]).status?.code == .ok)
        try server.checkStillServes()
    }

    @Test func halfClosedClientGetsEveryReply() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        var frames: [UInt8] = []
        for index in 0..<50 {
            frames += try TestClient.framed(Wire.ClientFrame(callID: 500 + UInt64(index), request: .createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Half \(index)"))))
        }
        try client.client.send(frames)
        // The client sends nothing more; the server still owes it 50 replies.
        client.client.shutdownWrite()
        let replies = try client.client.readUntilClosed()
        #expect(Set(replies.map(\.callID)) == Set((0..<50).map { 500 + UInt64($0) }))
        #expect(replies.allSatisfy { $0.status?.code == .ok })
        #expect(server.waitForLog(containing: "reason=\"peer closed the connection\""))
    }

    @Test func connectionsPastLimitAreToldWhy() throws {
        let server = try ServerProcess(extraArguments: ["--max-connections", "2"])
        var admitted = [try TestClient(port: server.port), try TestClient(port: server.port)]
        for client in admitted {
            #expect(try client.hello(server.credentials).status?.code == .ok)
        }
        // A third client sends hello at once, so its input waits unread when the server rejects it.
        let rejected = try TestClient(port: server.port)
        try rejected.send(TestClient.framed(Wire.ClientFrame(callID: 1, request: .hello(Wire.Hello(protocolVersion: 1, accountSID: server.credentials.accountSID, secret: server.credentials.secret)))))
        let frame = try #require(try rejected.readFrame())
        #expect(frame.callID == 0)
        #expect(frame.status?.code == .resourceExhausted)
        #expect(frame.status?.message.contains("the server has 2 connections open, its limit") == true)
        #expect(try rejected.readFrame() == nil)
        #expect(server.waitForLog(containing: "msg=\"connections rejected at the limit\""))
        #expect(try server.metricsText().contains("allot_connections_rejected_total 1\n"))

        // Once an admitted client leaves, a new one gets its place.
        admitted.removeLast()
        #expect(server.waitForLogCount(containing: "msg=\"connection closed\"", atLeast: 1))
        let replacement = try TestClient(port: server.port)
        #expect(try replacement.hello(server.credentials).status?.code == .ok)
        #expect(try admitted[0].echo([8]).status?.code == .ok)
    }

    @Test func callIDZeroIsRejected() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        try client.send(Wire.ClientFrame(callID: 0, request: .echo(Wire.Echo(payload: [1]))))
        let reply = try #require(try client.readFrame())
        #expect(reply.callID == 0)
        #expect(reply.status?.code == .invalidArgument)
        #expect(reply.status?.field == "call_id")
        #expect(reply.response == nil)
        #expect(try client.echo([2]).status?.code == .ok)
    }

    @Test func compressedFrameInflatingPastLimitIsRejected() throws {
        let limit = 64 << 10
        let server = try ServerProcess(extraArguments: ["--max-frame-bytes", "\(limit)"])
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials, acceptsCompression: true).status?.code == .ok)
        // A megabyte of one repeated byte compresses to about a kilobyte,
        // well under the limit, and inflates to sixteen times it.
        let inflated = try Wire.ClientFrame(callID: 7, request: .echo(Wire.Echo(payload: [UInt8](repeating: 0x41, count: 1 << 20)))).serializedBytes()
        let compressed = try Zlib.compress(inflated)
        #expect(compressed.count < limit)
        try client.send(Self.compressedFrame(compressed))

        let frame = try #require(try client.readFrame())
        #expect(frame.callID == 0)
        #expect(frame.status?.code == .resourceExhausted)
        #expect(frame.status?.message.contains("inflates past the limit of \(limit) bytes") == true)
        #expect(frame.response == nil)
        #expect(try client.readFrame() == nil)
        try server.checkStillServes()
    }

    @Test func oversizedFrameWithBodyStillGetsStatus() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        // The whole oversized frame follows its header, so the server closes
        // with input it never read, which must not cost the client the status.
        let length = WireLimits.defaultMaximumFrameBytes + 1
        let frame = [0, UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)] + [UInt8](repeating: 0x0A, count: length)
        let sender = UncheckedBox(client)
        let sent = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            // Fails with a reset or broken pipe once the server has closed.
            try? sender.value.send(frame)
            sent.signal()
        }
        let status = try #require(try client.readFrame())
        #expect(status.callID == 0)
        #expect(status.status?.code == .resourceExhausted)
        #expect(status.status?.message.contains("\(length)") == true)
        #expect(try client.readFrame() == nil)
        #expect(sent.wait(timeout: .now() + TestClient.readWaitSeconds) == .success)
        try server.checkStillServes()
    }

    @Test func invalidCompressedDataIsRejected() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        try client.send(Self.compressedFrame(Array("not zlib at all".utf8)))
        let frame = try #require(try client.readFrame())
        #expect(frame.callID == 0)
        #expect(frame.status?.code == .invalidArgument)
        #expect(frame.status?.message.contains("not valid zlib data") == true)
        #expect(try client.readFrame() == nil)
        try server.checkStillServes()
    }

    @Test func compressedRequestWithoutCompressionInHello() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials, acceptsCompression: false).status?.code == .ok)
        // A client may compress any frame. The server replies uncompressed
        // because this client did not accept compression.
        let payload = [UInt8](repeating: 0x42, count: 100_000)
        var framed: [UInt8] = []
        try FrameEncoder(compressionAllowed: true).appendFrame(payload: Wire.ClientFrame(callID: 9, request: .echo(Wire.Echo(payload: payload))).serializedBytes(), to: &framed)
        #expect(framed[0] == FrameFormat.compressedFlag)
        try client.send(framed)
        let reply = try #require(try client.readFrame())
        #expect(reply.callID == 9)
        #expect(reply.response == .echo(Wire.EchoReply(payload: payload)))
        #expect(!client.lastFrameWasCompressed)
    }

    @Test func compressedHelloIsAccepted() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        let hello = Wire.Hello(protocolVersion: 1, accountSID: server.credentials.accountSID, secret: server.credentials.secret, clientName: "tests")
        try client.send(Self.compressedFrame(try Zlib.compress(Wire.ClientFrame(callID: 1, request: .hello(hello)).serializedBytes())))
        let reply = try #require(try client.readFrame())
        #expect(reply.callID == 1)
        #expect(reply.status?.code == .ok)
        #expect(try client.echo([3]).status?.code == .ok)
    }

    @Test(arguments: [UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max])
    func farFutureDeadlineRuns(deadline: UInt64) throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let callID = client.client.makeCallID()
        try client.client.send(Wire.ClientFrame(callID: callID, deadlineUnixMilliseconds: deadline, request: .createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Far"))))
        let reply = try #require(try client.client.readFrame())
        #expect(reply.callID == callID)
        #expect(reply.status?.code == .ok)
        guard case .workspace(let workspace)? = reply.response else {
            Issue.record("expected a workspace, got \(reply)")
            return
        }
        #expect(workspace.friendlyName == "Far")
        try server.checkStillServes()
    }

    @Test func pastDeadlineChangesNothing() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let past = UInt64(Date().timeIntervalSince1970 * 1_000) - 1_000
        let callID = client.client.makeCallID()
        try client.client.send(Wire.ClientFrame(callID: callID, deadlineUnixMilliseconds: past, request: .createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Late"))))
        let reply = try #require(try client.client.readFrame())
        #expect(reply.callID == callID)
        #expect(reply.status?.code == .deadlineExceeded)
        #expect(reply.status?.message.contains("\(past)") == true)
        guard case .workspacePage(let page) = try client.ok(.listWorkspaces(Wire.ListWorkspacesRequest())) else {
            throw TestFailure("list_workspaces did not return a page")
        }
        #expect(page.workspaces.isEmpty)
    }

    /// Returns `frame` framed, with every `marker` in its bytes replaced by
    /// `bytes` of the same length, because the codec rejects a NUL when it encodes.
    static func framed(_ frame: Wire.ClientFrame, replacing marker: String, with bytes: [UInt8]) throws -> [UInt8] {
        let target = Array(marker.utf8)
        precondition(target.count == bytes.count, "the replacement must keep the frame's lengths")
        var framed = try TestClient.framed(frame)
        var index = 0
        while index + target.count <= framed.count {
            if Array(framed[index..<(index + target.count)]) == target {
                framed.replaceSubrange(index..<(index + target.count), with: bytes)
            }
            index += 1
        }
        return framed
    }

    /// protobuf-c keeps a string only up to its first NUL, so without the
    /// check "Kept\0Lost" would be stored as "Kept" and acknowledged.
    @Test func stringWithNULIsRejectedNotShortened() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let callID = client.client.makeCallID()
        let create = Wire.ClientFrame(callID: callID, request: .createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Kept-Lost")))
        try client.client.send(Self.framed(create, replacing: "Kept-Lost", with: Array("Kept".utf8) + [0] + Array("Lost".utf8)))
        let reply = try #require(try client.client.readFrame())
        #expect(reply.callID == callID)
        #expect(reply.status?.code == .invalidArgument)
        #expect(reply.status?.field == "friendly_name")
        #expect(reply.status?.message.contains("CreateWorkspaceRequest.friendly_name contains a NUL character") == true,
                "\(String(describing: reply.status))")
        guard case .workspacePage(let page) = try client.ok(.listWorkspaces(Wire.ListWorkspacesRequest())) else {
            throw TestFailure("list_workspaces did not return a page")
        }
        #expect(page.workspaces.isEmpty)

        // A hello whose secret has a NUL after the real secret does not authenticate.
        let other = try TestClient(port: server.port)
        let secret = server.credentials.secret
        let hello = Wire.ClientFrame(callID: 1, request: .hello(Wire.Hello(protocolVersion: 1, accountSID: server.credentials.accountSID,
                                                                           secret: secret + "-x")))
        try other.send(Self.framed(hello, replacing: secret + "-x", with: Array(secret.utf8) + [0, UInt8(ascii: "x")]))
        let refused = try #require(try other.readFrame())
        #expect(refused.status?.code == .unauthenticated)
        #expect(refused.status?.message.contains("Hello.secret contains a NUL character") == true, "\(String(describing: refused.status))")
        try server.checkStillServes()
    }

    /// Create-task frames are decoded by a direct decoder that leaves faulty strings to the
    /// protobuf-c path, so they must get that path's errors and create nothing.
    @Test func createTaskWithFaultyStringIsRejected() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let faults: [(bytes: [UInt8], message: String)] = [
            ([0x41, 0x00, 0x42, 0x43], "CreateTaskRequest.attributes contains a NUL character"),
            ([0xC3, 0x28, 0x41, 0x41], "CreateTaskRequest.attributes is not valid UTF-8"),
            ([0xED, 0xA0, 0x80, 0x41], "CreateTaskRequest.attributes is not valid UTF-8"),
        ]
        for fault in faults {
            let callID = client.client.makeCallID()
            let create = Wire.ClientFrame(callID: callID, request: .createTask(Wire.CreateTaskRequest(
                workspaceSID: fixture.workspaceSID, attributes: #"{"type": "XXXX"}"#, workflowSID: fixture.workflow.sid)))
            try client.client.send(Self.framed(create, replacing: "XXXX", with: fault.bytes))
            let reply = try #require(try client.client.readFrame())
            #expect(reply.callID == callID)
            #expect(reply.status?.code == .invalidArgument)
            #expect(reply.status?.field == "attributes")
            #expect(reply.status?.message.contains(fault.message) == true, "\(String(describing: reply.status))")
        }
        guard case .taskPage(let page) = try client.ok(.listTasks(Wire.ListTasksRequest(workspaceSID: fixture.workspaceSID))) else {
            throw TestFailure("list_tasks did not return a page")
        }
        #expect(page.tasks.isEmpty)

        // Valid multi-byte text is stored as sent, in the engine's compact JSON form.
        let attributes = #"{"type":"caf\#u{E9} \#u{1F600}"}"#
        guard case .task(let task) = try client.ok(.createTask(Wire.CreateTaskRequest(
            workspaceSID: fixture.workspaceSID, attributes: attributes, workflowSID: fixture.workflow.sid))) else {
            throw TestFailure("create_task did not return a task")
        }
        #expect(task.attributes == attributes)

        // A create_task as the first frame is rejected as any request other than hello is.
        let other = try TestClient(port: server.port)
        try other.send(TestClient.framed(Wire.ClientFrame(callID: 1, request: .createTask(Wire.CreateTaskRequest(
            workspaceSID: fixture.workspaceSID, workflowSID: fixture.workflow.sid)))))
        let rejected = try #require(try other.readFrame())
        #expect(rejected.status?.code == .unauthenticated)
        try server.checkStillServes()
    }

    /// Decoding replaces invalid UTF-8 with U+FFFD, so without the check a
    /// name sent with a stray 0xFF would be stored changed and acknowledged.
    @Test func stringWithInvalidUTF8IsRejectedNotRepaired() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        // A lone continuation byte, an overlong "/", a UTF-16 surrogate and a truncated sequence.
        let invalid: [[UInt8]] = [[0x80, 0x41, 0x41, 0x41], [0xC0, 0xAF, 0x41, 0x41], [0xED, 0xA0, 0x80, 0x41], [0x41, 0x41, 0x41, 0xE2]]
        for bytes in invalid {
            let callID = client.client.makeCallID()
            let create = Wire.ClientFrame(callID: callID, request: .createWorker(Wire.CreateWorkerRequest(
                workspaceSID: fixture.workspaceSID, friendlyName: "Bad-XXXX", attributes: "{}")))
            try client.client.send(Self.framed(create, replacing: "XXXX", with: bytes))
            let reply = try #require(try client.client.readFrame())
            #expect(reply.callID == callID)
            #expect(reply.status?.code == .invalidArgument)
            #expect(reply.status?.field == "friendly_name")
            #expect(reply.status?.message.contains("CreateWorkerRequest.friendly_name is not valid UTF-8") == true,
                    "\(String(describing: reply.status))")
        }
        // A later field is found too, and valid multi-byte text passes.
        let expressionCall = client.client.makeCallID()
        let queue = Wire.ClientFrame(callID: expressionCall, request: .createTaskQueue(Wire.CreateTaskQueueRequest(
            workspaceSID: fixture.workspaceSID, friendlyName: "Caf\u{E9}", targetWorkers: "name == 'XX'")))
        try client.client.send(Self.framed(queue, replacing: "XX", with: [0xC3, 0x28]))
        let rejected = try #require(try client.client.readFrame())
        #expect(rejected.status?.field == "target_workers")
        #expect(rejected.status?.message.contains("byte 0xC3 at offset 9") == true, "\(String(describing: rejected.status))")
        guard case .workerPage(let page) = try client.ok(.listWorkers(Wire.ListWorkersRequest(workspaceSID: fixture.workspaceSID))) else {
            throw TestFailure("list_workers did not return a page")
        }
        #expect(page.workers.map(\.friendlyName) == [fixture.worker.friendlyName])
        #expect(try client.call(.createTaskQueue(Wire.CreateTaskQueueRequest(
            workspaceSID: fixture.workspaceSID, friendlyName: "Caf\u{E9} \u{1F600}", targetWorkers: "1==1"))).status?.code == .ok)

        // A hello with invalid UTF-8 in its secret does not authenticate.
        let other = try TestClient(port: server.port)
        let secret = server.credentials.secret
        let hello = Wire.ClientFrame(callID: 1, request: .hello(Wire.Hello(protocolVersion: 1, accountSID: server.credentials.accountSID,
                                                                           secret: secret + "-x")))
        try other.send(Self.framed(hello, replacing: secret + "-x", with: Array(secret.utf8) + [0xFF, UInt8(ascii: "x")]))
        let refused = try #require(try other.readFrame())
        #expect(refused.status?.code == .unauthenticated)
        #expect(refused.status?.message.contains("Hello.secret is not valid UTF-8") == true, "\(String(describing: refused.status))")
        try server.checkStillServes()
    }

    @Test func callIDReusedWhileInFlightIsRejected() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        // Both frames arrive in one read. The first is a change, whose reply
        // waits for its journal record, so it is still in flight when the
        // second, with the same call_id, is read.
        let first = Wire.ClientFrame(callID: 40, request: .createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "First")))
        let second = Wire.ClientFrame(callID: 40, request: .createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Second")))
        try client.client.send(TestClient.framed(first) + TestClient.framed(second))

        var replies: [Wire.ServerFrame] = []
        for _ in 0..<2 {
            replies.append(try #require(try client.client.readFrame()))
        }
        #expect(replies.allSatisfy { $0.callID == 40 })
        let rejected = replies.filter { $0.status?.code == .invalidArgument }
        #expect(rejected.count == 1)
        #expect(rejected.first?.status?.field == "call_id")
        #expect(rejected.first?.status?.message.contains("call_id 40 is already in flight") == true)
        let accepted = replies.filter { $0.status?.code == .ok }
        #expect(accepted.count == 1)
        #expect(accepted.first?.response.map { if case .workspace(let workspace) = $0 { workspace.friendlyName } else { "" } } == "First")

        guard case .workspacePage(let page) = try client.ok(.listWorkspaces(Wire.ListWorkspacesRequest())) else {
            throw TestFailure("list_workspaces did not return a page")
        }
        #expect(page.workspaces.map(\.friendlyName) == ["First"])
        // Once its reply has arrived, the call_id may be used again.
        try client.client.send(Wire.ClientFrame(callID: 40, request: .echo(Wire.Echo(payload: [4]))))
        #expect(try client.client.readFrame()?.status?.code == .ok)
    }

    @Test func hugePageSizeIsInvalid() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let requests: [Wire.ClientFrame.Request] = [
            .listWorkspaces(Wire.ListWorkspacesRequest(pageSize: UInt32.max)),
            .listWorkers(Wire.ListWorkersRequest(workspaceSID: fixture.workspaceSID, pageSize: 1_001)),
            .listEvents(Wire.ListEventsRequest(workspaceSID: fixture.workspaceSID, pageSize: 1_000_000)),
        ]
        for request in requests {
            let reply = try client.call(request)
            #expect(reply.status?.code == .invalidArgument, "\(request.fieldName)")
            #expect(reply.status?.field == "page_size", "\(request.fieldName)")
            #expect(reply.status?.message.contains("from 1 to 1000") == true, "\(request.fieldName): \(reply.status?.message ?? "")")
        }
        guard case .workerPage(let page) = try client.ok(.listWorkers(Wire.ListWorkersRequest(workspaceSID: fixture.workspaceSID, pageSize: 1_000))) else {
            throw TestFailure("list_workers did not return a page")
        }
        #expect(page.workers.count == 1)
    }

    @Test func subscribingTwiceGivesTwoSubscriptions() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let subscribe = Wire.ClientFrame.Request.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: fixture.workspaceSID))
        guard case .subscription(let first) = try client.ok(subscribe), case .subscription(let second) = try client.ok(subscribe) else {
            throw TestFailure("subscribe_events did not return subscriptions")
        }
        #expect(first.subscriptionID != second.subscriptionID)

        // Each subscription gets its own copy of each event.
        let task = try fixture.createTask(client)
        var receivers: [UInt64: [String]] = [:]
        while receivers.values.map(\.count).reduce(0, +) < 2 || receivers.values.contains(where: { !$0.contains("task.created") }) {
            let frame = try client.nextPush()
            guard case .eventPush(let push)? = frame.response, let event = push.event else { throw TestFailure("expected an event, got \(frame)") }
            if event.taskSID == task.sid { receivers[push.subscriptionID, default: []].append(event.eventType) }
            if receivers.values.map(\.count).reduce(0, +) > 20 { break }
        }
        #expect(Set(receivers.keys) == [first.subscriptionID, second.subscriptionID])
        #expect(receivers[first.subscriptionID] == receivers[second.subscriptionID])

        // Ending one leaves the other delivering. Pushes the first had queued
        // before it ended may still arrive, but none past where it stopped.
        guard case .subscriptionEnded(let ended) = try client.ok(.unsubscribeEvents(Wire.UnsubscribeEventsRequest(subscriptionID: first.subscriptionID))) else {
            throw TestFailure("unsubscribe_events did not return subscription_ended")
        }
        #expect(ended.subscriptionID == first.subscriptionID)
        try client.ok(.updateWorkspace(Wire.UpdateWorkspaceRequest(workspaceSID: fixture.workspaceSID, friendlyName: "Renamed")))
        var updatedReceivers: [UInt64] = []
        for _ in 0..<100 {
            let frame = try client.nextPush()
            guard case .eventPush(let push)? = frame.response, let event = push.event else { continue }
            if push.subscriptionID == first.subscriptionID {
                #expect(event.sequence <= ended.lastDeliveredSequence, "\(event.eventType) \(event.sequence) arrived after the subscription ended")
                continue
            }
            if event.eventType == "workspace.updated" {
                updatedReceivers.append(push.subscriptionID)
                break
            }
        }
        #expect(updatedReceivers == [second.subscriptionID])
    }

    @Test func subscriptionsPerConnectionAreLimited() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let subscribe = Wire.ClientFrame.Request.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: fixture.workspaceSID))
        var ids: [UInt64] = []
        for _ in 0..<256 {
            guard case .subscription(let subscription) = try client.ok(subscribe) else { throw TestFailure("expected a subscription") }
            ids.append(subscription.subscriptionID)
        }
        let over = try client.call(subscribe)
        #expect(over.status?.code == .resourceExhausted)
        #expect(over.status?.message.contains("this connection has 256 subscriptions, the maximum") == true)

        // Another connection has its own allowance, and ending one frees a place.
        let other = try EngineClient(server)
        #expect(try other.responseName(subscribe) == "subscription")
        #expect(try client.responseName(.unsubscribeEvents(Wire.UnsubscribeEventsRequest(subscriptionID: ids[0]))) == "subscription_ended")
        #expect(try client.responseName(subscribe) == "subscription")
    }

    @Test func invalidEventTypeFiltersAreRejected() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        let cases: [(types: [String], message: String)] = [
            (["task.created", "task.exploded"], "unknown event type 'task.exploded'"),
            (Array(repeating: "task.created", count: 101), "lists 101 types; the maximum is 100"),
        ]
        for (types, message) in cases {
            let reply = try client.call(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: fixture.workspaceSID, eventTypes: types)))
            #expect(reply.status?.code == .invalidArgument)
            #expect(reply.status?.field == "event_types")
            #expect(reply.status?.message.contains(message) == true, "\(reply.status?.message ?? "")")
        }
        // A rejected filter leaves no subscription behind.
        try client.ok(.updateWorkspace(Wire.UpdateWorkspaceRequest(workspaceSID: fixture.workspaceSID, friendlyName: "Renamed")))
        #expect(try client.responseName(.listEvents(Wire.ListEventsRequest(workspaceSID: fixture.workspaceSID))) == "event_page")
        #expect(try client.call(.unsubscribeEvents(Wire.UnsubscribeEventsRequest(subscriptionID: 1))).status?.code == .notFound)
    }

    @Test func unsubscribingUnknownIDIsNotFound() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        for id in [0, 1, UInt64.max] {
            let reply = try client.call(.unsubscribeEvents(Wire.UnsubscribeEventsRequest(subscriptionID: id)))
            #expect(reply.status?.code == .notFound)
            #expect(reply.status?.field == "subscription_id")
            #expect(reply.status?.message.contains("subscription \(id) is not active") == true)
        }
        // Another connection's subscription cannot be ended from here.
        let other = try EngineClient(server)
        guard case .subscription(let theirs) = try other.ok(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: fixture.workspaceSID))) else {
            throw TestFailure("subscribe_events did not return a subscription")
        }
        #expect(try client.call(.unsubscribeEvents(Wire.UnsubscribeEventsRequest(subscriptionID: theirs.subscriptionID))).status?.code == .notFound)
        #expect(try other.responseName(.unsubscribeEvents(Wire.UnsubscribeEventsRequest(subscriptionID: theirs.subscriptionID))) == "subscription_ended")
        try server.checkStillServes()
    }
}

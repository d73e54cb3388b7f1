import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Event subscriptions against the real allot-server process.
@Suite(.serialized) struct SubscriptionTests {
    /// Returns the events pushed until one of `type` about `resourceSID` arrives, that one included.
    static func events(_ client: EngineClient, until type: String, resourceSID: String) throws -> [Wire.Event] {
        var events: [Wire.Event] = []
        for _ in 0..<10_000 {
            let event = try client.nextEvent()
            events.append(event)
            if event.eventType == type && event.resourceSID == resourceSID { return events }
        }
        throw TestFailure("no \(type) event for \(resourceSID) among 10000 pushes")
    }

    static func createWorker(_ client: EngineClient, _ workspace: String, _ name: String) throws -> Wire.Worker {
        guard case .worker(let worker) = try client.ok(.createWorker(Wire.CreateWorkerRequest(workspaceSID: workspace, friendlyName: name))) else {
            throw TestFailure("create_worker did not return a worker")
        }
        return worker
    }

    @Test func resumeAfterReconnectLosesNothing() throws {
        let server = try ServerProcess()
        let writer = try EngineClient(server)
        let fixture = try RoutingFixture(writer)
        let workspace = fixture.workspaceSID

        var lastSeen: UInt64 = 0
        do {
            let reader = try EngineClient(server)
            _ = try reader.ok(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: workspace)))
            let first = try Self.createWorker(writer, workspace, "Before 1")
            lastSeen = try #require(Self.events(reader, until: "worker.created", resourceSID: first.sid).last?.sequence)
        }
        // The reader's connection is closed; these events happen while it is away.
        for index in 0..<20 {
            _ = try Self.createWorker(writer, workspace, "Away \(index)")
        }

        // Resume while another client keeps changing the workspace.
        let reader = try EngineClient(server)
        let written = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            defer { written.signal() }
            guard let concurrentWriter = try? EngineClient(server) else { return }
            for index in 0..<100 {
                _ = try? Self.createWorker(concurrentWriter, workspace, "During \(index)")
            }
        }
        guard case .subscription(let subscription) = try reader.ok(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: workspace, afterSequence: lastSeen))) else {
            throw TestFailure("subscribe_events did not return a subscription")
        }
        #expect(subscription.oldestHeldSequence == 1)
        #expect(written.wait(timeout: .now() + TestClient.readWaitSeconds) == .success)
        let marker = try Self.createWorker(writer, workspace, "Marker")
        let sequences = try Self.events(reader, until: "worker.created", resourceSID: marker.sid).map(\.sequence)
        #expect(sequences.first == lastSeen + 1)
        #expect(sequences == Array((lastSeen + 1)...(lastSeen + UInt64(sequences.count))), "a gap or a duplicate after resuming")
        #expect(sequences.count == 121)
    }

    @Test func droppedSequenceIsOutOfRange() throws {
        let server = try ServerProcess(extraArguments: ["--event-ring-capacity", "16"])
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        for index in 0..<20 {
            _ = try Self.createWorker(client, fixture.workspaceSID, "Worker \(index)")
        }
        let reply = try client.call(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: fixture.workspaceSID, afterSequence: 1)))
        #expect(reply.status?.code == .outOfRange)
        #expect(reply.status?.field == "after_sequence")
        #expect(reply.status?.message.contains("oldest held") == true)
        #expect(reply.response == nil)

        guard case .subscription(let subscription) = try client.ok(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: fixture.workspaceSID))) else {
            throw TestFailure("subscribe_events did not return a subscription")
        }
        #expect(subscription.nextSequence - subscription.oldestHeldSequence == 16)

        let future = try client.call(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: fixture.workspaceSID, afterSequence: subscription.nextSequence + 5)))
        #expect(future.status?.code == .outOfRange)
    }

    @Test func timerPushesReservationTimeout() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client, reservationTimeoutSeconds: 1)
        _ = try fixture.subscribeToWorker(client)
        let task = try fixture.createTask(client)
        let created = try client.nextEvent()
        #expect(created.eventType == "reservation.created")
        #expect(created.taskSID == task.sid)

        // No call is made until the timer thread has fired the timeout.
        let timedOut = try client.nextEvent()
        #expect(timedOut.eventType == "reservation.timeout")
        #expect(timedOut.reservationSID == created.reservationSID)
        #expect(timedOut.actorType == "system")
        guard case .worker(let worker) = try client.ok(.fetchWorker(Wire.FetchWorkerRequest(workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid))) else {
            throw TestFailure("fetch_worker did not return a worker")
        }
        #expect(worker.activitySID == fixture.offlineActivity.sid)
    }

    @Test func eventsFilterLimitsWorkspaceSubscriptions() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        try client.ok(.updateWorkspace(Wire.UpdateWorkspaceRequest(workspaceSID: fixture.workspaceSID, eventsFilter: "task.created,workspace.updated")))
        let whole = try client.ok(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: fixture.workspaceSID)))
        let worker = try fixture.subscribeToWorker(client)
        guard case .subscription(let wholeSubscription) = whole else { throw TestFailure("expected a subscription") }

        let task = try fixture.createTask(client)
        var byType: [String: Wire.EventPush] = [:]
        for _ in 0..<2 {
            let frame = try client.nextPush()
            guard case .eventPush(let push)? = frame.response, let event = push.event else { throw TestFailure("expected an event, got \(frame)") }
            byType[event.eventType] = push
        }
        // The filter passes only task.created to the workspace subscription,
        // while the worker's subscription still receives its reservation.
        #expect(byType["task.created"]?.subscriptionID == wholeSubscription.subscriptionID)
        #expect(byType["task.created"]?.event?.taskSID == task.sid)
        #expect(byType["reservation.created"]?.subscriptionID == worker.subscriptionID)
        #expect(byType.count == 2)

        try client.ok(.updateWorkspace(Wire.UpdateWorkspaceRequest(workspaceSID: fixture.workspaceSID, friendlyName: "Renamed")))
        let renamed = try client.nextEvent()
        #expect(renamed.eventType == "workspace.updated")
        #expect(renamed.workspaceName == "Renamed")
    }

    @Test func deletedWorkspaceEndsSubscriptions() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        guard case .subscription(let subscription) = try client.ok(.subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: fixture.workspaceSID))) else {
            throw TestFailure("subscribe_events did not return a subscription")
        }
        try client.ok(.deleteWorkspace(Wire.DeleteWorkspaceRequest(workspaceSID: fixture.workspaceSID)))
        #expect(try client.nextEvent().eventType == "workspace.deleted")
        let end = try client.nextPush()
        #expect(end.status?.code == .notFound)
        #expect(end.response == .subscriptionEnded(Wire.SubscriptionEnded(subscriptionID: subscription.subscriptionID,
                                                                            lastDeliveredSequence: subscription.nextSequence)))
        let unsubscribe = try client.call(.unsubscribeEvents(Wire.UnsubscribeEventsRequest(subscriptionID: subscription.subscriptionID)))
        #expect(unsubscribe.status?.code == .notFound)
        #expect(unsubscribe.status?.field == "subscription_id")
    }
}

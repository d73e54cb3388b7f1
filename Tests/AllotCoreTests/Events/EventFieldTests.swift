import Testing
@testable import AllotCore

/// The field groups each kind of event carries.
@Suite struct EventFieldTests {
    @Test func workerEventsCarryAttributesAndVersion() throws {
        let fixture = try EngineFixture()
        let worker = try fixture.createWorker("w", attributes: #"{"skills":["a"]}"#)
        let created = try #require(fixture.events.last { $0.type == .workerCreated })
        #expect(created.data.workerAttributes == (try TestJSON.parse(#"{"skills":["a"]}"#)))
        #expect(created.data.workerVersion == (try fixture.worker(worker).version))
        #expect(created.data.workerName == "w")

        fixture.clearEvents()
        let request = UpdateWorkerRequest(activitySid: try fixture.activitySid("Offline"), attributes: #"{"skills":["b"]}"#)
        fixture.record(try fixture.engine.updateWorker(workspace: fixture.workspace, sid: worker, request,
                                                       account: EngineFixture.account, now: fixture.now))
        let attributes = try #require(fixture.events.first { $0.type == .workerAttributesUpdate })
        let activity = try #require(fixture.events.first { $0.type == .workerActivityUpdate })
        #expect(attributes.data.workerAttributes == (try TestJSON.parse(#"{"skills":["b"]}"#)))
        #expect(activity.data.workerActivityName == "Offline")
        let version = try fixture.worker(worker).version
        #expect(activity.data.workerVersion == version)
        #expect(try #require(attributes.data.workerVersion) < version)
        #expect(try #require(created.data.workerVersion) < (try #require(attributes.data.workerVersion)))
    }

    @Test func reservationEventsCarryWorkerFields() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        let worker = try fixture.createWorker("w", attributes: #"{"level":3}"#)
        let task = try fixture.createTask(#"{"type":"x"}"#)
        let created = try #require(fixture.events.first { $0.type == .reservationCreated })
        #expect(created.data.taskSid == task)
        #expect(created.data.taskAttributes == (try TestJSON.parse(#"{"type":"x"}"#)))
        #expect(created.data.taskQueueSid == queue)
        #expect(created.data.workerSid == worker)
        #expect(created.data.workerName == "w")
        #expect(created.data.workerAttributes == (try TestJSON.parse(#"{"level":3}"#)))
        #expect(created.data.workerActivityName == "Available")
        #expect(created.data.workerVersion == (try fixture.worker(worker).version))
        #expect(created.data.reservationSid != nil)
        #expect(created.data.workflowSid != nil)
    }

    @Test func workerChannelEventsCarryCapacityAndTaskCount() throws {
        let fixture = try EngineFixture()
        let worker = try fixture.createWorker("w")
        fixture.clearEvents()
        try fixture.setCapacity(worker, channel: "chat", capacity: 3)
        let capacity = try #require(fixture.events.last { $0.type == .workerCapacityUpdate })
        #expect(capacity.data.workerChannelCapacity == 3)
        #expect(capacity.data.workerChannelAvailableCapacity == 3)
        #expect(capacity.data.workerChannelPreviousCapacity == 1)
        #expect(capacity.data.workerChannelTaskCount == 0)
        #expect(capacity.data.taskChannelUniqueName == "chat")

        fixture.record(try fixture.engine.updateWorkerChannel(workspace: fixture.workspace, workerSid: worker, channel: "chat",
                                                              UpdateWorkerChannelRequest(available: false),
                                                              account: EngineFixture.account, now: fixture.now))
        let availability = try #require(fixture.events.last { $0.type == .workerChannelAvailabilityUpdate })
        #expect(availability.data.workerChannelAvailable == false)
        #expect(availability.data.workerChannelAvailableCapacity == 0)
        #expect(availability.data.workerChannelCapacity == 3)
    }

    @Test func taskChannelEventsCarryNameAndRouting() throws {
        let fixture = try EngineFixture()
        fixture.record(try fixture.engine.createTaskChannel(
            workspace: fixture.workspace,
            CreateTaskChannelRequest(friendlyName: "Email", uniqueName: "email", channelOptimizedRouting: true),
            account: EngineFixture.account, now: fixture.now))
        let created = try #require(fixture.events.last { $0.type == .taskChannelCreated })
        #expect(created.data.taskChannelName == "Email")
        #expect(created.data.taskChannelUniqueName == "email")
        #expect(created.data.taskChannelOptimizedRouting == true)
        #expect(created.data.taskChannelSid == created.resourceSid)
    }

    @Test func listRedactsTaskAttributesAfterThirtyDays() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        let task = try fixture.createTask(#"{"type":"x"}"#)
        var request = ListEventsRequest()
        request.taskSid = task
        request.eventType = "task.created"
        request.startDate = fixture.now.adding(seconds: -1)

        let recent = try fixture.engine.listEvents(workspace: fixture.workspace, request, account: EngineFixture.account,
                                                   now: fixture.now.adding(seconds: 30 * 86_400 - 1)).items
        #expect(recent.count == 1)
        #expect(recent.first?.data.taskAttributes != nil)

        let old = try fixture.engine.listEvents(workspace: fixture.workspace, request, account: EngineFixture.account,
                                                now: fixture.now.adding(seconds: 30 * 86_400 + 1)).items
        #expect(old.count == 1)
        #expect(old.first?.data.taskAttributes == nil)
        #expect(old.first?.data.taskSid == task)
        // The ring keeps the attributes, and only the listed copy loses them.
        #expect(fixture.events.first { $0.type == .taskCreated }?.data.taskAttributes != nil)
    }
}

import Testing
@testable import AllotCore

/// Events keep generated SIDs as bits and format them when read.
@Suite struct EventResourceSidTests {
    @Test func generatedSidsReadBackAsText() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        let worker = try fixture.createWorker("w")
        let task = try fixture.createTask()
        let reserved = try #require(fixture.events.first { $0.type == .reservationCreated })
        #expect(reserved.data.taskSid == task)
        #expect(reserved.data.workerSid == worker)
        #expect(reserved.data.taskQueueSid == queue)
        #expect(reserved.resourceSid == reserved.data.reservationSid)
        #expect(reserved.resourceSid.hasPrefix("WR"))
    }

    @Test func clientChosenWorkspaceSidKeepsItsSpelling() throws {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 2))
        let sid = "WS" + String(repeating: "AB", count: 16)
        let now = Timestamp(unixSeconds: 1_700_000_000)
        _ = try engine.createWorkspace(CreateWorkspaceRequest(friendlyName: "Upper", sid: sid), account: EngineFixture.account,
                                       now: now)
        let events = try engine.events(workspace: sid, after: 0, account: EngineFixture.account)
        let created = try #require(events.first { $0.type == .workspaceCreated })
        #expect(created.resourceSid == sid)
    }
}

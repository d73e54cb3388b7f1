import Testing
@testable import AllotCore

@Suite struct EventCauseTests {
    @Test func reservationTimeoutEventsAreCausedByTimer() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue, reservationTimeout: 30)
        let worker = try fixture.createWorker("w")
        _ = try fixture.createTask()
        #expect(fixture.events.allSatisfy { !$0.causedByTimer })
        fixture.clearEvents()

        fixture.advance(seconds: 30)
        let moved = try #require(fixture.events.first { $0.type == .workerActivityUpdate && $0.resourceSid == worker })
        #expect(moved.causedByTimer)
        #expect(fixture.events.contains { $0.type == .reservationTimeout })
        #expect(fixture.events.allSatisfy { $0.causedByTimer })

        fixture.clearEvents()
        try fixture.setActivity(worker, "Available")
        #expect(!fixture.events.isEmpty)
        #expect(fixture.events.allSatisfy { !$0.causedByTimer })
    }
}

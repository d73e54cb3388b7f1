import Testing
@testable import AllotCore

@Suite struct ReservationFailedTests {
    @Test func assignmentLimitEmitsFailedThenCanceled() throws {
        var configuration = EngineConfiguration(shardCount: 2)
        configuration.limits.maximumAssignmentCount = 2
        let fixture = try EngineFixture(configuration: configuration)
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        try fixture.createWorker("a")
        try fixture.createWorker("b")
        let task = try fixture.createTask()
        let first = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.reject(first.sid, activity: "Available")
        #expect(!fixture.eventTypes.contains("reservation.failed"))
        let second = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.reject(second.sid, activity: "Available")

        #expect(Array(fixture.eventTypes.suffix(2)) == ["reservation.failed", "task.canceled"])
        let failed = try #require(fixture.events.first { $0.type == .reservationFailed })
        #expect(failed.resourceSid == second.sid)
        #expect(failed.resourceType == "reservation")
        #expect(failed.data.reservationSid == second.sid)
        #expect(failed.data.taskSid == task)
        #expect(failed.data.workerSid == nil)
        #expect(try fixture.task(task).reason == "Max assignment count exceeded")
    }

    @Test func routingTargetWorkerTimeoutEmitsFailed() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue, reservationTimeout: 30)
        let worker = try fixture.createWorker("w")
        let task = try fixture.createTask(workflow: workflow, routingTarget: worker)
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 30)

        let failed = try #require(fixture.events.first { $0.type == .reservationFailed })
        #expect(failed.resourceSid == reservation.sid)
        #expect(failed.data.workerSid == nil)
        #expect(try fixture.task(task).assignmentStatus == .canceled)
    }

    @Test func rejectionWithOtherWorkersDoesNotFail() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        try fixture.createWorker("a")
        try fixture.createWorker("b")
        let task = try fixture.createTask()
        try fixture.reject(try #require(try fixture.pendingReservation(ofTask: task)).sid, activity: "Offline")

        #expect(!fixture.eventTypes.contains("reservation.failed"))
        #expect(try fixture.task(task).assignmentStatus == .reserved)
    }

    /// A step timeout that withdraws the last allowed attempt ends the task's attempts as a
    /// reject would, instead of offering it to the next step's workers.
    @Test func assignmentLimitHoldsAcrossStepTimeout() throws {
        var configuration = EngineConfiguration(shardCount: 2)
        configuration.limits.maximumAssignmentCount = 1
        let fixture = try EngineFixture(configuration: configuration)
        let first = try fixture.createQueue("First")
        let second = try fixture.createQueue("Second")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\(first)","timeout":30},{"queue":"\(second)"}]}]}}
            """)
        try fixture.createWorker("w")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.clearEvents()
        fixture.advance(seconds: 30)

        #expect(try fixture.reservationStatus(reservation.sid) == .canceled)
        #expect(try fixture.reservations(ofTask: task).count == 1)
        #expect(try fixture.task(task).assignmentStatus == .canceled)
        #expect(try fixture.task(task).reason == "Max assignment count exceeded")
        #expect(Array(fixture.eventTypes.suffix(2)) == ["reservation.failed", "task.canceled"])
    }
}

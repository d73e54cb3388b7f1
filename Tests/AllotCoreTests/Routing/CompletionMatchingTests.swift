import Testing
@testable import AllotCore

/// Tests that a worker freed by a completion takes what waits for it, and
/// only that.
@Suite struct CompletionMatchingTests {
    /// Returns a workspace with one catch-all queue and one worker of
    /// capacity one that has an assigned task.
    func busyWorker() throws -> (fixture: EngineFixture, worker: String, assigned: String) {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("w")
        let assigned = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: assigned)).sid)
        return (fixture, worker, assigned)
    }

    @Test func completionOffersQueuedTask() throws {
        let (fixture, worker, assigned) = try busyWorker()
        let waiting = try fixture.createTask()
        #expect(try fixture.task(waiting).assignmentStatus == .pending)

        try fixture.complete(assigned)
        fixture.engine.checkInvariants()
        let offer = try #require(try fixture.pendingReservation(ofTask: waiting))
        #expect(offer.workerSid == worker)
        #expect(try fixture.task(waiting).assignmentStatus == .reserved)
    }

    /// A task routed to the worker that respects its capacity waits in the
    /// worker's direct list, not in a queue, until the completion frees it.
    @Test func completionOffersDirectTask() throws {
        let (fixture, worker, assigned) = try busyWorker()
        let direct = try fixture.createTask(routingTarget: worker, ignoreCapacity: "false")
        #expect(try fixture.task(direct).assignmentStatus == .pending)

        try fixture.complete(assigned)
        fixture.engine.checkInvariants()
        let offer = try #require(try fixture.pendingReservation(ofTask: direct))
        #expect(offer.workerSid == worker)
    }

    @Test func completionWithNothingWaitingReservesNothing() throws {
        let (fixture, worker, assigned) = try busyWorker()
        fixture.clearEvents()

        try fixture.complete(assigned)
        fixture.engine.checkInvariants()
        #expect(fixture.eventTypes == ["task.completed", "reservation.completed"])
        #expect(try fixture.reservations(ofWorker: worker).count == 1)
    }
}

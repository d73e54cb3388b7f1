import Testing
@testable import AllotCore

/// The SIDs a reservation reports, which it keeps as bits and reads from
/// the live queue and workflow while they exist.
@Suite struct ReservationInfoTests {
    @Test func reservationReportsLiveQueueAndWorkflow() throws {
        let fixture = try EngineFixture(configuration: EngineConfiguration(shardCount: 1))
        let queue = try fixture.createQueue("Q1")
        let workflow = try fixture.createCatchAllWorkflow(queue)
        let worker = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))

        #expect(reservation.taskQueueSid == queue)
        #expect(reservation.workflowSid == workflow)
        #expect(reservation.taskSid == task)
        #expect(reservation.workerSid == worker)
        #expect(reservation.workerName == "W1")
        #expect(reservation.workspaceSid == fixture.workspace)
        #expect(reservation.accountSid == EngineFixture.account)
        #expect(Sid.isValid(reservation.sid, prefix: .reservation))
        let fetched = try fixture.engine.fetchReservation(workspace: fixture.workspace, sid: reservation.sid, account: EngineFixture.account)
        #expect(fetched == reservation)
    }

    /// The queue and workflow are deleted and new ones take their table
    /// slots; the finished reservation still names the ones it had.
    @Test func deletedQueueAndWorkflowSidsKept() throws {
        let fixture = try EngineFixture(configuration: EngineConfiguration(shardCount: 1))
        let oldQueue = try fixture.createQueue("Q1")
        let oldWorkflow = try fixture.createCatchAllWorkflow(oldQueue)
        try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.accept(reservation.sid)
        try fixture.complete(task)

        fixture.record(try fixture.engine.deleteWorkflow(workspace: fixture.workspace, sid: oldWorkflow,
                                                         account: EngineFixture.account, now: fixture.now))
        fixture.record(try fixture.engine.deleteTaskQueue(workspace: fixture.workspace, sid: oldQueue,
                                                          account: EngineFixture.account, now: fixture.now))
        let newQueue = try fixture.createQueue("Q2")
        let newWorkflow = try fixture.createCatchAllWorkflow(newQueue)
        #expect(newQueue != oldQueue)
        #expect(newWorkflow != oldWorkflow)

        let fetched = try fixture.engine.fetchReservation(workspace: fixture.workspace, sid: reservation.sid, account: EngineFixture.account)
        #expect(fetched.taskQueueSid == oldQueue)
        #expect(fetched.workflowSid == oldWorkflow)
        #expect(fetched.reservationStatus == .completed)
    }
}

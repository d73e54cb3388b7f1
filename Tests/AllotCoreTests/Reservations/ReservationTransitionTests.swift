import Testing
@testable import AllotCore

/// Task and reservation state transitions and their effect on the worker's
/// activity, driven through the engine with a hand-set clock.
@Suite struct ReservationTransitionTests {
    func status(_ fixture: EngineFixture, _ reservation: String) throws -> ReservationStatus {
        try fixture.reservationStatus(reservation)
    }

    @Test func rejectWithoutActivityRestoresPreviousActivity() throws {
        // Re-offers are off so that the worker's activity after the reject stays visible.
        let fixture = try EngineFixture(multiTaskEnabled: false,
                                        configuration: EngineConfiguration(shardCount: 1, reofferRejectedTasks: false))
        try fixture.createCatchAllQueue(reservationActivity: "Reserved")
        let worker = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(try fixture.worker(worker).activityName == "Reserved")
        fixture.clearEvents()
        try fixture.reject(reservation.sid)
        #expect(try fixture.reservationStatus(reservation.sid) == .rejected)
        #expect(fixture.eventTypes == ["reservation.rejected", "worker.activity.update"])
        #expect(try fixture.worker(worker).activityName == "Available")
        #expect(try fixture.task(task).assignmentStatus == .pending)
    }

    @Test func multiReservationReturnsToPendingOnlyWhenAllEnd() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 2)
        try fixture.createActivity("Break", available: false)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let offered = try fixture.reservations(ofTask: task)
        #expect(Set(offered.map(\.workerSid)) == [w1, w2])
        try fixture.reject(offered[0].sid, activity: "Break")
        #expect(try fixture.task(task).assignmentStatus == .reserved)
        #expect(try fixture.reservationStatus(offered[1].sid) == .pending)
        fixture.clearEvents()
        try fixture.reject(offered[1].sid, activity: "Break")
        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(!fixture.eventTypes.contains("reservation.created"))
    }

    @Test func multiReservationBatchCountsAsOneAttempt() throws {
        var limits = EngineLimits()
        limits.maximumAssignmentCount = 3
        let fixture = try EngineFixture(configuration: EngineConfiguration(shardCount: 1, limits: limits))
        try fixture.createCatchAllQueue(maxReservedWorkers: 2)
        try fixture.createWorker("W1")
        try fixture.createWorker("W2")
        let task = try fixture.createTask()
        for _ in 0..<3 {
            #expect(try fixture.task(task).assignmentStatus == .reserved)
            for reservation in try fixture.reservations(ofTask: task) where reservation.reservationStatus == .pending {
                try fixture.reject(reservation.sid)
            }
        }
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .canceled)
        #expect(info.reason == "Max assignment count exceeded")
        #expect(try fixture.reservations(ofTask: task).count == 6)
    }

    @Test func rescindInMultitaskingKeepsActivity() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 2)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let offered = try fixture.reservations(ofTask: task)
        let first = try #require(offered.first { $0.workerSid == w1 })
        let second = try #require(offered.first { $0.workerSid == w2 })
        try fixture.setActivity(w2, "Unavailable")
        try fixture.accept(first.sid)
        #expect(try fixture.reservationStatus(second.sid) == .rescinded)
        #expect(try fixture.worker(w2).activityName == "Unavailable")
    }

    @Test func cancelingTaskCancelsItsReservation() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createActivity("Reserved", available: false)
        try fixture.createCatchAllQueue(reservationActivity: "Reserved")
        let worker = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.clearEvents()
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled", reason: "caller hung up"))
        #expect(try fixture.reservationStatus(reservation.sid) == .canceled)
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .canceled)
        #expect(info.reason == "caller hung up")
        #expect(fixture.eventTypes.contains("reservation.canceled"))
        #expect(fixture.eventTypes.contains("task.canceled"))
        // Single-tasking: the withdrawn reservation restores the activity.
        #expect(try fixture.worker(worker).activityName == "Available")
    }

    @Test func timeToLiveCancelsReservedTask() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(reservationTimeout: 600)
        let worker = try fixture.createWorker("W1")
        let task = try fixture.createTask(timeout: 100)
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 99)
        #expect(try fixture.task(task).assignmentStatus == .reserved)
        fixture.advance(seconds: 1)
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .canceled)
        #expect(info.reason == "Task TTL Exceeded")
        #expect(try fixture.reservationStatus(reservation.sid) == .canceled)
        #expect(try fixture.worker(worker).activityName == "Available")
    }

    @Test func assignedTaskOutlivesTimeToLive() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createWorker("W1")
        let task = try fixture.createTask(timeout: 60)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        fixture.advance(seconds: 120)
        #expect(try fixture.task(task).assignmentStatus == .assigned)
    }

    @Test func reservationWrappingThenCompleted() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(throws: EngineError.self) { try fixture.updateReservation(reservation.sid, status: "wrapping") }
        try fixture.updateReservation(reservation.sid, status: "accepted")
        try fixture.updateReservation(reservation.sid, status: "wrapping")
        #expect(try fixture.task(task).assignmentStatus == .wrapping)
        #expect(try fixture.reservationStatus(reservation.sid) == .wrapping)
        try fixture.updateReservation(reservation.sid, status: "completed")
        #expect(try fixture.task(task).assignmentStatus == .completed)
        #expect(try fixture.reservationStatus(reservation.sid) == .completed)
        #expect(fixture.eventTypes.suffix(2) == ["task.completed", "reservation.completed"])
    }

    @Test func rejectPendingReservationsOffersTaskToOthers() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let w2 = try fixture.createWorker("W2")
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(reservation.workerSid == w1)
        try fixture.setActivity(w1, "Offline", rejectPending: true)
        #expect(try fixture.reservationStatus(reservation.sid) == .rejected)
        #expect(try fixture.worker(w1).activityName == "Offline")
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w2)
    }

    @Test func unavailableActivityKeepsPendingReservations() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.setActivity(worker, "Offline")
        #expect(try fixture.reservationStatus(reservation.sid) == .pending)
        try fixture.accept(reservation.sid)
        #expect(try fixture.task(task).assignmentStatus == .assigned)
    }

    @Test func singleTaskingWorkerTakesOneTaskAtATime() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        try fixture.setCapacity(worker, channel: "default", capacity: 5)
        let first = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: first)).sid)
        // No assignment activity: the worker stays available but is busy.
        #expect(try fixture.worker(worker).available)
        let second = try fixture.createTask()
        #expect(try fixture.reservations(ofTask: second).isEmpty)
        try fixture.complete(first)
        #expect(try fixture.pendingReservation(ofTask: second)?.workerSid == worker)
    }

    @Test func timeoutInSingleTaskingUsesTimeoutActivity() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createActivity("Reserved", available: false)
        try fixture.createCatchAllQueue(reservationActivity: "Reserved", reservationTimeout: 30)
        let worker = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        fixture.advance(seconds: 30)
        #expect(try fixture.worker(worker).activityName == "Offline")
        #expect(try fixture.task(task).assignmentStatus == .pending)
    }

    @Test func deletingReservedTaskCancelsReservation() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createCatchAllQueue(reservationActivity: "Reserved")
        let worker = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        #expect(try fixture.worker(worker).activityName == "Reserved")
        fixture.clearEvents()
        try fixture.deleteTask(task)
        #expect(fixture.eventTypes == ["reservation.canceled", "worker.activity.update", "task.deleted"])
        // Single-tasking: the withdrawn reservation restores the activity, so
        // the worker is not left in the reservation activity.
        #expect(try fixture.worker(worker).activityName == "Available")
    }

    @Test func rejectPendingReservationsKeepsAccepted() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        try fixture.setCapacity(worker, channel: "default", capacity: 3)
        let first = try fixture.createTask()
        let second = try fixture.createTask()
        let third = try fixture.createTask()
        let accepted = try #require(try fixture.pendingReservation(ofTask: first))
        try fixture.accept(accepted.sid)
        let pendingSecond = try #require(try fixture.pendingReservation(ofTask: second))
        let pendingThird = try #require(try fixture.pendingReservation(ofTask: third))

        try fixture.setActivity(worker, "Offline", rejectPending: true)
        #expect(try fixture.reservationStatus(accepted.sid) == .accepted)
        #expect(try fixture.reservationStatus(pendingSecond.sid) == .rejected)
        #expect(try fixture.reservationStatus(pendingThird.sid) == .rejected)
        #expect(try fixture.task(first).assignmentStatus == .assigned)
        #expect(try fixture.task(second).assignmentStatus == .pending)
        #expect(try fixture.workerChannel(worker, "default").activeReservations == 1)
    }

    @Test func acceptingCanceledReservationIsNotGone() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled", reason: "caller hung up"))
        // A late accept fails with `gone` only for a rescinded reservation.
        let error = #expect(throws: EngineError.self) { try fixture.accept(reservation.sid) }
        #expect(error?.code == .failedPrecondition)
        #expect(try fixture.reservationStatus(reservation.sid) == .canceled)
    }

    /// Multitasking: a timeout moves the worker to the timeout activity, and its
    /// other pending reservation stays pending until it ends on its own.
    @Test func timeoutKeepsWorkersOtherReservation() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(reservationTimeout: 30)
        let worker = try fixture.createWorker("W1")
        try fixture.setCapacity(worker, channel: "default", capacity: 2)
        let first = try fixture.createTask()
        fixture.advance(seconds: 10)
        let second = try fixture.createTask()
        let later = try #require(try fixture.pendingReservation(ofTask: second))

        fixture.advance(seconds: 20)
        #expect(try fixture.task(first).assignmentStatus == .pending)
        #expect(try fixture.worker(worker).activityName == "Offline")
        #expect(try fixture.reservationStatus(later.sid) == .pending)
        #expect(try fixture.workerChannel(worker, "default").activeReservations == 1)
    }

    /// The task's version counts every change, so a client holding the reserved task's
    /// version must not pass `if_match_version` once the task is pending again.
    @Test func rejectToPendingBumpsVersion() throws {
        let fixture = try EngineFixture(configuration: EngineConfiguration(shardCount: 1, reofferRejectedTasks: false))
        try fixture.createCatchAllQueue()
        try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        let reserved = try fixture.task(task)
        fixture.advance(seconds: 5)

        try fixture.reject(reservation.sid)
        let pending = try fixture.task(task)
        #expect(pending.assignmentStatus == .pending)
        #expect(pending.version == reserved.version + 1)
        #expect(pending.dateUpdated == fixture.now)
    }

    @Test func timeoutToPendingBumpsVersion() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(reservationTimeout: 30)
        try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reserved = try fixture.task(task)
        #expect(reserved.assignmentStatus == .reserved)

        fixture.advance(seconds: 30)
        let pending = try fixture.task(task)
        #expect(pending.assignmentStatus == .pending)
        #expect(pending.version == reserved.version + 1)
        #expect(pending.dateUpdated == fixture.now)
    }
}

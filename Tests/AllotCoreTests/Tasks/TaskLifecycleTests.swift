import Testing
@testable import AllotCore

@Suite struct TaskLifecycleTests {
    func setUp() throws -> (fixture: EngineFixture, worker: String, task: String) {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("w")
        let task = try fixture.createTask()
        return (fixture, worker, task)
    }

    @Test func invalidApiTransitionsAreRejected() throws {
        let (fixture, _, task) = try setUp()
        for status in ["completed", "wrapping", "pending", "reserved", "assigned", "done"] {
            #expect(throws: EngineError.self, "\(status)") {
                try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: status))
            }
        }
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        #expect(throws: EngineError.self) { try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled")) }
        #expect(throws: EngineError.self) {
            try fixture.updateTask(task, UpdateTaskRequest(attributes: "{}", assignmentStatus: "completed"))
        }
    }

    /// Each rejected status change names what to do instead.
    @Test func refusedTransitionsNameTheFix() throws {
        let (fixture, _, task) = try setUp()
        func message(_ status: String) -> String {
            do {
                try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: status))
                return "accepted"
            } catch let error as EngineError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        #expect(message("completed").contains("accept one of its reservations first, or set canceled"))
        #expect(message("assigned").contains("the engine sets assigned itself"))
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        #expect(message("canceled").contains("an accepted task ends as completed"))
        try fixture.complete(task)
        #expect(message("canceled").contains("it is finished; create a new task"))
    }

    @Test func wrappingThenCompletedFreesCapacity() throws {
        let (fixture, worker, task) = try setUp()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.accept(reservation.sid)
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "wrapping"))
        #expect(try fixture.task(task).assignmentStatus == .wrapping)
        #expect(try fixture.reservationStatus(reservation.sid) == .wrapping)
        let channel = try fixture.workerChannel(worker, "default")
        #expect(channel.assignedTasks == 1)
        #expect(channel.availableCapacityPercentage == 0)
        try fixture.complete(task)
        #expect(fixture.eventTypes.suffix(2) == ["task.completed", "reservation.completed"])
        let after = try fixture.workerChannel(worker, "default")
        #expect(after.assignedTasks == 0)
        #expect(after.availableCapacityPercentage == 100)
    }

    @Test func finishedTaskIsRemovedAfterRetention() throws {
        let (fixture, _, task) = try setUp()
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled", reason: "caller hung up"))
        #expect(try fixture.task(task).reason == "caller hung up")
        fixture.advance(seconds: 299)
        #expect(try fixture.task(task).assignmentStatus == .canceled)
        fixture.advance(seconds: 1)
        #expect(throws: EngineError.self) { try fixture.task(task) }
    }

    @Test func assignedTaskIsSystemDeletedAfterOneDay() throws {
        let (fixture, worker, task) = try setUp()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        fixture.advance(seconds: 86_399)
        #expect(try fixture.task(task).assignmentStatus == .assigned)
        fixture.advance(seconds: 1)
        #expect(fixture.eventTypes.last == "task.system-deleted")
        #expect(throws: EngineError.self) { try fixture.task(task) }
        let channel = try fixture.workerChannel(worker, "default")
        #expect(channel.assignedTasks == 0)
    }

    @Test func deletingATaskReleasesItsWorker() throws {
        let (fixture, worker, task) = try setUp()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        let next = try fixture.createTask()
        #expect(try fixture.task(next).assignmentStatus == .pending)
        try fixture.deleteTask(task)
        #expect(fixture.eventTypes.contains("task.deleted"))
        #expect(try fixture.pendingReservation(ofTask: next)?.workerSid == worker)
    }

    @Test func attributeAndPriorityLimitsAreEnforced() throws {
        let (fixture, _, _) = try setUp()
        #expect(throws: EngineError.self) { try fixture.createTask(priority: -1) }
        #expect(throws: EngineError.self) { try fixture.createTask(priority: 2_147_483_648) }
        try fixture.createTask(priority: 2_147_483_647)
        #expect(throws: EngineError.self) { try fixture.createTask(timeout: 0) }
        #expect(throws: EngineError.self) { try fixture.createTask(virtualStartTime: fixture.now.adding(seconds: 1)) }
        #expect(throws: EngineError.self) { try fixture.createTask(virtualStartTime: Timestamp(unixSeconds: -2_300_000_000)) }
        #expect(throws: EngineError.self) { try fixture.createTask(channel: "fax") }
    }

    @Test func taskLimitIsEnforced() throws {
        var configuration = EngineConfiguration(shardCount: 1)
        configuration.limits.maximumTasks = 2
        let fixture = try EngineFixture(configuration: configuration)
        try fixture.createCatchAllQueue()
        try fixture.createTask()
        try fixture.createTask()
        do {
            try fixture.createTask()
            Issue.record("task over the limit accepted")
        } catch let error as EngineError {
            #expect(error.code == .resourceExhausted)
        }
    }

    @Test func taskLimitRemovesFirstFinishedTask() throws {
        var configuration = EngineConfiguration(shardCount: 1)
        configuration.limits.maximumTasks = 3
        let fixture = try EngineFixture(configuration: configuration)
        try fixture.createCatchAllQueue()
        let first = try fixture.createTask()
        let second = try fixture.createTask()
        try fixture.createTask()
        // Finished in the reverse of creation order: the second task's retention ends first.
        try fixture.updateTask(second, UpdateTaskRequest(assignmentStatus: "canceled"))
        fixture.advance(seconds: 1)
        try fixture.updateTask(first, UpdateTaskRequest(assignmentStatus: "canceled"))

        try fixture.createTask()
        #expect(throws: EngineError.self) { try fixture.task(second) }
        #expect(try fixture.task(first).assignmentStatus == .canceled)
        try fixture.createTask()
        #expect(throws: EngineError.self) { try fixture.task(first) }

        // Three unfinished tasks leave nothing to remove.
        do {
            try fixture.createTask()
            Issue.record("task over the limit accepted with every task unfinished")
        } catch let error as EngineError {
            #expect(error.code == .resourceExhausted)
            #expect(error.message.contains("3 unfinished tasks"))
        }
    }

    @Test func rejectedTaskAtLimitRemovesNothing() throws {
        var configuration = EngineConfiguration(shardCount: 1)
        configuration.limits.maximumTasks = 1
        let fixture = try EngineFixture(configuration: configuration)
        try fixture.createCatchAllQueue()
        let finished = try fixture.createTask()
        try fixture.updateTask(finished, UpdateTaskRequest(assignmentStatus: "canceled"))
        #expect(throws: EngineError.self) { try fixture.createTask("{not json") }
        #expect(try fixture.task(finished).assignmentStatus == .canceled)
    }

    @Test func rescindInSingleTaskingRestoresActivity() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createActivity("Reserved", available: false)
        try fixture.createCatchAllQueue(maxReservedWorkers: 2, reservationActivity: "Reserved")
        let a = try fixture.createWorker("a")
        let b = try fixture.createWorker("b")
        let task = try fixture.createTask()
        #expect(try fixture.worker(b).activityName == "Reserved")
        let offers = try fixture.reservations(ofTask: task)
        try fixture.accept(try #require(offers.first { $0.workerSid == a }).sid)
        #expect(try fixture.worker(b).activityName == "Available")
    }

    @Test func listFiltersByStatusAndOrdering() throws {
        let (fixture, _, first) = try setUp()
        let second = try fixture.createTask(#"{"vip":true}"#, priority: 5)
        var request = ListTasksRequest()
        request.assignmentStatuses = ["pending,reserved"]
        request.ordering = "Priority:desc"
        let listed = try fixture.engine.listTasks(workspace: fixture.workspace, request, account: EngineFixture.account,
                                                  now: fixture.now).items
        #expect(listed.map(\.sid) == [second, first])
        request.evaluateTaskAttributes = "vip == true"
        #expect(try fixture.engine.listTasks(workspace: fixture.workspace, request, account: EngineFixture.account,
                                             now: fixture.now).items.map(\.sid) == [second])
        request.ordering = "DateCreated:asc,VirtualStartTime:desc"
        #expect(throws: EngineError.self) {
            try fixture.engine.listTasks(workspace: fixture.workspace, request, account: EngineFixture.account, now: fixture.now)
        }
    }
}

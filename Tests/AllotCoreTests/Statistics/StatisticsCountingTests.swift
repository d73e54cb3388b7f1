import Testing
@testable import AllotCore

/// Tests of how each cumulative counter and real-time figure counts, per scope.
@Suite struct StatisticsCountingTests {
    /// Creates a workspace with queues Q1 and Q2 and a workflow that waits 10
    /// seconds in Q1 and then moves the task to Q2.
    func escalating() throws -> (fixture: EngineFixture, first: String, second: String, workflow: String) {
        let fixture = try EngineFixture()
        let first = try fixture.createQueue("Q1", targetWorkers: "queue == 1")
        let second = try fixture.createQueue("Q2", targetWorkers: "queue == 2")
        let workflow = try fixture.createWorkflow(#"""
        {"task_routing":{"filters":[{"filter_friendly_name":"All","expression":"1==1",
          "targets":[{"queue":"\#(first)","timeout":10},{"queue":"\#(second)","timeout":20}]}]}}
        """#)
        return (fixture, first, second, workflow)
    }

    func queueCounters(_ fixture: EngineFixture, _ queue: String) throws -> CumulativeCounters {
        try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: queue, account: EngineFixture.account)
    }

    @Test func movedTaskCountsInBothQueues() throws {
        let (fixture, first, second, workflow) = try escalating()
        try fixture.createWorker("w", attributes: #"{"queue":2}"#)
        let task = try fixture.createTask()
        fixture.advance(seconds: 10)
        fixture.advance(seconds: 5)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)

        let left = try queueCounters(fixture, first)
        let entered = try queueCounters(fixture, second)
        #expect(left.tasksEntered == 1)
        #expect(left.tasksMoved == 1)
        #expect(entered.tasksEntered == 1)
        #expect(entered.tasksMoved == 0)
        #expect(entered.reservationsAccepted == 1)
        #expect(left.reservationsAccepted == 0)
        // Wait in the queue counts from entering it, the overall wait from creation.
        #expect(entered.waitInQueueUntilAccepted.totalSeconds == 5)
        #expect(entered.waitUntilAccepted.totalSeconds == 15)

        let workspace = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(workspace.tasksEntered == 1)
        #expect(workspace.tasksMoved == 1)
        #expect(workspace.waitUntilAccepted.averageSeconds == 15)
        let flow = try fixture.engine.workflowCumulativeStatistics(workspace: fixture.workspace, sid: workflow,
                                                                   account: EngineFixture.account)
        #expect(flow.tasksEntered == 1)
        #expect(flow.tasksMoved == 1)
        #expect(flow.reservationsCreated == 1)
    }

    @Test func workflowTimeoutCountsAsTimedOutAndCanceled() throws {
        let (fixture, _, second, workflow) = try escalating()
        try fixture.createTask()
        fixture.advance(seconds: 30)
        let flow = try fixture.engine.workflowCumulativeStatistics(workspace: fixture.workspace, sid: workflow,
                                                                   account: EngineFixture.account)
        #expect(flow.tasksTimedOutInWorkflow == 1)
        #expect(flow.tasksCanceled == 1)
        #expect(flow.waitUntilCanceled.totalSeconds == 30)
        let workspace = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(workspace.tasksTimedOutInWorkflow == 1)
        #expect(workspace.tasksCanceled == 1)
        #expect(try queueCounters(fixture, second).tasksCanceled == 1)
        #expect(try queueCounters(fixture, second).tasksTimedOutInWorkflow == 0)
    }

    @Test func reservationOutcomesCountSeparately() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", maxReservedWorkers: 2)
        try fixture.createCatchAllWorkflow(queue)
        let a = try fixture.createWorker("a")
        let b = try fixture.createWorker("b")
        let accepted = try fixture.createTask()
        let offers = try fixture.reservations(ofTask: accepted)
        #expect(offers.count == 2)
        try fixture.accept(try #require(offers.first { $0.workerSid == a }).sid)
        try fixture.complete(accepted)
        let canceled = try fixture.createTask()
        #expect(try fixture.reservations(ofTask: canceled).count == 2)
        try fixture.updateTask(canceled, UpdateTaskRequest(assignmentStatus: "canceled", reason: "gone"))
        let deleted = try fixture.createTask()
        fixture.record(try fixture.engine.deleteTask(workspace: fixture.workspace, sid: deleted, account: EngineFixture.account,
                                                     now: fixture.now))

        let workspace = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(workspace.reservationsCreated == 6)
        #expect(workspace.reservationsAccepted == 1)
        #expect(workspace.reservationsRescinded == 1)
        // Two from the canceled task, and two from the deleted one, whose
        // pending reservations are canceled before the task goes.
        #expect(workspace.reservationsCanceled == 4)
        #expect(workspace.tasksEntered == 3)
        #expect(workspace.tasksCompleted == 1)
        #expect(workspace.tasksCanceled == 1)
        #expect(workspace.tasksDeleted == 1)

        let alone = try fixture.engine.workerStatistics(workspace: fixture.workspace, sid: b, account: EngineFixture.account)
        #expect(alone.cumulative.reservationsCreated == 3)
        #expect(alone.cumulative.reservationsRescinded == 1)
        #expect(alone.cumulative.reservationsAccepted == 0)
    }

    @Test func changingTargetWorkersRecountsMembersOnly() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", targetWorkers: "level > 1")
        try fixture.createCatchAllWorkflow(queue)
        try fixture.createWorker("a", attributes: #"{"level":2}"#, activity: "Offline")
        try fixture.createWorker("b", attributes: #"{"level":5}"#, activity: "Offline")
        try fixture.createTask()
        var stats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue, account: EngineFixture.account,
                                                           now: fixture.now)
        #expect(stats.totalEligibleWorkers == 2)
        #expect(stats.tasks.totalTasks == 1)

        fixture.record(try fixture.engine.updateTaskQueue(workspace: fixture.workspace, sid: queue,
                                                          UpdateTaskQueueRequest(targetWorkers: "level > 3"),
                                                          account: EngineFixture.account, now: fixture.now))
        stats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue, account: EngineFixture.account,
                                                       now: fixture.now)
        #expect(stats.totalEligibleWorkers == 1)
        #expect(stats.totalAvailableWorkers == 0)
        #expect(stats.tasks.totalTasks == 1)
        #expect(try queueCounters(fixture, queue).tasksEntered == 1)
        #expect(fixture.events.last?.type == .taskQueueExpressionUpdated)
    }

    @Test func waitingMeansPendingOrReserved() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        let worker = try fixture.createWorker("w")
        let assigned = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: assigned)).sid)
        fixture.advance(seconds: 20)
        try fixture.setActivity(worker, "Offline")
        let pending = try fixture.createTask(priority: 4)
        fixture.advance(seconds: 7)

        let stats = try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account, now: fixture.now)
        #expect(stats.tasks.longestTaskWaitingSid == pending)
        #expect(stats.tasks.longestTaskWaitingAgeSeconds == 7)
        #expect(stats.tasks.totalTasks == 2)
        #expect(stats.tasks.tasksByStatus == TasksByStatus(pending: 1, reserved: 0, assigned: 1, wrapping: 0))
        #expect(stats.tasks.tasksByPriority == [0: 1, 4: 1])
        let byName = Dictionary(uniqueKeysWithValues: stats.activityStatistics.map { ($0.friendlyName, $0.workers) })
        #expect(byName == ["Offline": 1, "Available": 0, "Unavailable": 0])
        #expect(stats.totalWorkers == 1)
    }

    @Test func queueKeepsCountingAssignedAndWrappingTasks() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue)
        try fixture.createWorker("w")
        let assigned = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: assigned)).sid)
        let wrapping = try fixture.createTask(channel: "chat")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: wrapping)).sid)
        try fixture.updateTask(wrapping, UpdateTaskRequest(assignmentStatus: "wrapping"))

        let stats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue, account: EngineFixture.account,
                                                           now: fixture.now)
        #expect(stats.tasks.tasksByStatus == TasksByStatus(pending: 0, reserved: 0, assigned: 1, wrapping: 1))
        #expect(stats.tasks.totalTasks == 2)
        #expect(stats.tasks.longestTaskWaitingSid == nil)
        let flow = try fixture.engine.workflowStatistics(workspace: fixture.workspace, sid: workflow, account: EngineFixture.account,
                                                         now: fixture.now)
        #expect(flow.tasksByStatus == TasksByStatus(pending: 0, reserved: 0, assigned: 1, wrapping: 1))

        try fixture.complete(wrapping)
        let after = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue, account: EngineFixture.account,
                                                           now: fixture.now)
        #expect(after.tasks.totalTasks == 1)
    }
}

import Testing
@testable import AllotCore

/// Checks the statistics cases of the audit file, one test each, named after the case id.
@Suite struct AuditStatisticsTests {
    func workspaceStatistics(_ fixture: EngineFixture) throws -> WorkspaceRealTimeStatistics {
        try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account, now: fixture.now)
    }

    @Test func aR50TasksByStatusCountsLiveTasks() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createWorker("W1")
        let first = try fixture.createTask()
        try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: first)).sid)
        let tasks = try workspaceStatistics(fixture).tasks
        #expect(tasks.tasksByStatus == TasksByStatus(pending: 1, reserved: 0, assigned: 1, wrapping: 0))
        #expect(tasks.totalTasks == 2)
    }

    @Test func aR51LongestWaitingIncludesReserved() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createWorker("W1")
        let first = try fixture.createTask()
        #expect(try fixture.task(first).assignmentStatus == .reserved)
        fixture.advance(seconds: 30)
        try fixture.createTask()
        let tasks = try workspaceStatistics(fixture).tasks
        #expect(tasks.longestTaskWaitingSid == first)
        #expect(tasks.longestTaskWaitingAgeSeconds == 30)
    }

    @Test func aR52TasksByPriorityCountsEachPriority() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createTask(priority: 1)
        try fixture.createTask(priority: 1)
        try fixture.createTask(priority: 7)
        #expect(try workspaceStatistics(fixture).tasks.tasksByPriority == [1: 2, 7: 1])
    }

    @Test func aR53ReservationCountersByOutcome() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createWorker("W1")
        try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let first = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.reject(first.sid, activity: "Offline")
        fixture.advance(seconds: 121)
        #expect(try fixture.task(task).assignmentStatus == .pending)
        try fixture.setActivity(first.workerSid, "Available")
        #expect(try fixture.task(task).assignmentStatus == .reserved)
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled", reason: "gone"))
        let counters = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(counters.reservationsCreated == 3)
        #expect(counters.reservationsRejected == 1)
        #expect(counters.reservationsTimedOut == 1)
        #expect(counters.reservationsCanceled == 1)
        #expect(counters.reservationsAccepted == 0)
        #expect(counters.tasksCanceled == 1)
    }

    @Test func aR54WaitsFromCreationAndFromQueueEntry() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(q1)","timeout":10},{"queue":"\#(q2)"}]}]}}"#)
        let w1 = try fixture.createWorker("W1", activity: "Offline")
        let task = try fixture.createTask()
        fixture.advance(seconds: 15)
        #expect(try fixture.task(task).taskQueueSid == q2)
        try fixture.setActivity(w1, "Available")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        let workspace = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(workspace.waitUntilAccepted.averageSeconds == 15)
        let queue = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: q2, account: EngineFixture.account)
        #expect(queue.waitInQueueUntilAccepted.averageSeconds == 5)
        #expect(queue.waitUntilAccepted.averageSeconds == 15)
    }

    @Test func aR55FullCapacityMemberStillAvailable() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "voice", capacity: 1)
        let task = try fixture.createTask(channel: "voice")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        let stats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue,
                                                           account: EngineFixture.account, now: fixture.now)
        #expect(stats.totalAvailableWorkers == 1)
        #expect(stats.totalEligibleWorkers == 1)
    }

    @Test func aR56WorkflowTimeoutAndQueueMoveCounted() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let workflow = try fixture.createWorkflow(
            #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(q1)","timeout":10},{"queue":"\#(q2)","timeout":10}]}]}}"#)
        let task = try fixture.createTask()
        fixture.advance(seconds: 21)
        #expect(try fixture.task(task).assignmentStatus == .canceled)
        let counters = try fixture.engine.workflowCumulativeStatistics(workspace: fixture.workspace, sid: workflow,
                                                                        account: EngineFixture.account)
        #expect(counters.tasksTimedOutInWorkflow == 1)
        #expect(counters.tasksCanceled == 1)
        let moved = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: q1, account: EngineFixture.account)
        #expect(moved.tasksMoved == 1)
    }

    @Test func aR57CumulativeDefaultsToFifteenMinutes() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createTask()
        fixture.advance(seconds: 1_200)
        try fixture.createTask()
        let stats = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, CumulativeStatisticsRequest(),
                                                                     account: EngineFixture.account, now: fixture.now)
        #expect(stats.counters.tasksEntered == 1)
    }

    @Test func aR58SplitByWaitTimeFromCreation() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createWorker("W1")
        let quick = try fixture.createTask()
        fixture.advance(seconds: 10)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: quick)).sid)
        try fixture.complete(quick)
        let slow = try fixture.createTask()
        fixture.advance(seconds: 40)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: slow)).sid)
        let request = CumulativeStatisticsRequest(splitByWaitTime: [30])
        let stats = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, request,
                                                                     account: EngineFixture.account, now: fixture.now)
        let split = try #require(stats.splitByWaitTime.first)
        #expect(split.thresholdSeconds == 30)
        #expect(split.below.reservationsAccepted == 1)
        #expect(split.above.reservationsAccepted == 1)
    }

    @Test func aR59ActivityDurationsPerActivity() throws {
        let fixture = try EngineFixture()
        let w1 = try fixture.createWorker("W1")
        fixture.advance(seconds: 60)
        try fixture.setActivity(w1, "Offline")
        fixture.advance(seconds: 30)
        try fixture.setActivity(w1, "Available")
        let stats = try fixture.engine.workerCumulativeStatistics(workspace: fixture.workspace, sid: w1, CumulativeStatisticsRequest(),
                                                                  account: EngineFixture.account, now: fixture.now)
        #expect(stats.activityDurations[try fixture.activitySid("Available")]?.totalSeconds == 60)
        #expect(stats.activityDurations[try fixture.activitySid("Offline")]?.totalSeconds == 30)
    }
}

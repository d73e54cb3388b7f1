import Testing
@testable import AllotCore

/// Real-time and cumulative statistics read after routing moves:
/// escalations, time-outs, rescinds and changed activities.
@Suite struct RoutingStatisticsTests {
    func workspaceStatistics(_ fixture: EngineFixture) throws -> WorkspaceRealTimeStatistics {
        try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account, now: fixture.now)
    }

    func queueStatistics(_ fixture: EngineFixture, _ queue: String) throws -> TaskQueueRealTimeStatistics {
        try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue, account: EngineFixture.account,
                                               now: fixture.now)
    }

    func workerCounters(_ fixture: EngineFixture, _ worker: String) throws -> CumulativeCounters {
        try fixture.engine.workerStatistics(workspace: fixture.workspace, sid: worker, account: EngineFixture.account).cumulative
    }

    @Test func tasksByPriorityFollowsEscalation() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(q1)","priority":10,"timeout":10},{"queue":"\#(q2)","priority":20}]}]}}"#)
        try fixture.createTask()
        #expect(try workspaceStatistics(fixture).tasks.tasksByPriority == [10: 1])
        fixture.advance(seconds: 10)
        #expect(try workspaceStatistics(fixture).tasks.tasksByPriority == [20: 1])
        #expect(try queueStatistics(fixture, q1).tasks.totalTasks == 0)
        #expect(try queueStatistics(fixture, q2).tasks.tasksByPriority == [20: 1])
    }

    @Test func movedTaskAgeInQueueCountsFromEntry() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(q1)","timeout":10},{"queue":"\#(q2)"}]}]}}"#)
        let task = try fixture.createTask()
        fixture.advance(seconds: 15)
        let stats = try queueStatistics(fixture, q2)
        #expect(stats.tasks.longestTaskWaitingSid == task)
        #expect(stats.tasks.longestTaskWaitingAgeSeconds == 15)
        #expect(stats.longestRelativeTaskSidInQueue == task)
        #expect(stats.longestRelativeTaskAgeInQueueSeconds == 5)
    }

    @Test func longestWaitingUsesAgeNotVirtualStartTime() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let older = try fixture.createTask()
        fixture.advance(seconds: 20)
        try fixture.createTask(virtualStartTime: fixture.now.adding(seconds: -3_600))
        let tasks = try workspaceStatistics(fixture).tasks
        #expect(tasks.longestTaskWaitingSid == older)
        #expect(tasks.longestTaskWaitingAgeSeconds == 20)
    }

    @Test func timeToLiveCancellationCountsWait() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        try fixture.createTask(timeout: 60)
        fixture.advance(seconds: 60)
        let counters = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(counters.tasksCanceled == 1)
        #expect(counters.tasksTimedOutInWorkflow == 0)
        #expect(counters.waitUntilCanceled.averageSeconds == 60)
        let queueCounters = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: queue,
                                                                              account: EngineFixture.account)
        #expect(queueCounters.tasksCanceled == 1)
        #expect(try workspaceStatistics(fixture).tasks.totalTasks == 0)
    }

    @Test func rescindCountsForTheRescindedWorker() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 2)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        try fixture.accept(try #require(try fixture.reservations(ofTask: task).first { $0.workerSid == w1 }).sid)
        let first = try workerCounters(fixture, w1)
        let second = try workerCounters(fixture, w2)
        #expect(first.reservationsCreated == 1)
        #expect(first.reservationsAccepted == 1)
        #expect(second.reservationsCreated == 1)
        #expect(second.reservationsRescinded == 1)
        #expect(second.reservationsAccepted == 0)
        let workspace = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(workspace.reservationsRescinded == 1)
        #expect(workspace.waitUntilAccepted.count == 1)
    }

    @Test func reservationTimeoutMovesWorkerInActivityStatistics() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue(reservationTimeout: 30)
        try fixture.createWorker("W1")
        try fixture.createWorker("W2", activity: "Offline")
        try fixture.createTask()
        fixture.advance(seconds: 30)
        let byName = Dictionary(uniqueKeysWithValues: try workspaceStatistics(fixture).activityStatistics.map { ($0.friendlyName, $0.workers) })
        #expect(byName == ["Offline": 2, "Available": 0, "Unavailable": 0])
        let stats = try queueStatistics(fixture, queue)
        #expect(stats.totalEligibleWorkers == 2)
        #expect(stats.totalAvailableWorkers == 0)
        #expect(stats.tasks.tasksByStatus.pending == 1)
    }

    @Test func rejectWithUnavailableActivityLeavesAvailableCount() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        try fixture.createActivity("Break", available: false)
        try fixture.createWorker("W1")
        let task = try fixture.createTask()
        try fixture.reject(try #require(try fixture.pendingReservation(ofTask: task)).sid, activity: "Break")
        let stats = try queueStatistics(fixture, queue)
        #expect(stats.totalAvailableWorkers == 0)
        #expect(stats.totalEligibleWorkers == 1)
        #expect(stats.activityStatistics.first { $0.friendlyName == "Break" }?.workers == 1)
    }

    @Test func workerLeavingQueueLeavesItsStatistics() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Sales", targetWorkers: "skills HAS 'sales'")
        let worker = try fixture.createWorker("W", attributes: #"{"skills":["sales"]}"#)
        #expect(try queueStatistics(fixture, queue).totalEligibleWorkers == 1)
        try fixture.updateWorker(worker, UpdateWorkerRequest(attributes: #"{"skills":["support"]}"#))
        let stats = try queueStatistics(fixture, queue)
        #expect(stats.totalEligibleWorkers == 0)
        #expect(stats.totalAvailableWorkers == 0)
        #expect(stats.activityStatistics.allSatisfy { $0.workers == 0 })
    }

    @Test func workflowStatisticsFollowReroutedTask() throws {
        let fixture = try EngineFixture()
        let routing = try fixture.createSampleRouting()
        let task = try fixture.createTask(#"{"type":"Billing"}"#)
        #expect(try queueStatistics(fixture, routing.everyone).tasks.totalTasks == 1)
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"type":"Sales"}"#))
        #expect(try queueStatistics(fixture, routing.everyone).tasks.totalTasks == 0)
        #expect(try queueStatistics(fixture, routing.sales).tasks.totalTasks == 1)
        let workflow = try fixture.engine.workflowStatistics(workspace: fixture.workspace, sid: routing.workflow,
                                                             account: EngineFixture.account, now: fixture.now)
        #expect(workflow.totalTasks == 1)
        #expect(workflow.tasksByStatus.pending == 1)
    }

    @Test func workspaceCountsMovesAndDeletions() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(q1)","timeout":10},{"queue":"\#(q2)"}]}]}}"#)
        let task = try fixture.createTask()
        fixture.advance(seconds: 10)
        try fixture.deleteTask(task)
        let workspace = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(workspace.tasksMoved == 1)
        #expect(workspace.tasksDeleted == 1)
        #expect(workspace.tasksCanceled == 0)
        let queue = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: q2, account: EngineFixture.account)
        #expect(queue.tasksEntered == 1)
        #expect(queue.tasksDeleted == 1)
        #expect(try workspaceStatistics(fixture).tasks.totalTasks == 0)
    }
}

import Testing
@testable import AllotCore

@Suite struct StatisticsTests {
    @Test func realTimeCountsFollowTransitions() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue)
        let worker = try fixture.createWorker("w")
        let reserved = try fixture.createTask(priority: 3)
        fixture.advance(seconds: 5)
        let waiting = try fixture.createTask(priority: 1)
        fixture.advance(seconds: 5)
        let stats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue,
                                                           account: EngineFixture.account, now: fixture.now)
        #expect(stats.tasks.tasksByStatus == TasksByStatus(pending: 1, reserved: 1, assigned: 0, wrapping: 0))
        #expect(stats.tasks.tasksByPriority == [3: 1, 1: 1])
        #expect(stats.tasks.longestTaskWaitingSid == reserved)
        #expect(stats.tasks.longestTaskWaitingAgeSeconds == 10)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: reserved)).sid)
        let workspace = try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account,
                                                               now: fixture.now)
        #expect(workspace.tasks.tasksByStatus.assigned == 1)
        #expect(workspace.tasks.longestTaskWaitingSid == waiting)
        #expect(workspace.totalWorkers == 1)
        let flow = try fixture.engine.workflowStatistics(workspace: fixture.workspace, sid: workflow,
                                                         account: EngineFixture.account, now: fixture.now)
        #expect(flow.totalTasks == 2)
        _ = worker
    }

    @Test func cumulativeCountersAccumulate() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue, reservationTimeout: 30)
        try fixture.createWorker("w")
        let task = try fixture.createTask()
        fixture.advance(seconds: 4)
        try fixture.reject(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        fixture.advance(seconds: 6)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        try fixture.complete(task)
        let canceled = try fixture.createTask()
        fixture.advance(seconds: 30)
        try fixture.updateTask(canceled, UpdateTaskRequest(assignmentStatus: "canceled"))
        let counters = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(counters.tasksEntered == 2)
        #expect(counters.reservationsCreated == 3)
        #expect(counters.reservationsRejected == 1)
        #expect(counters.reservationsAccepted == 1)
        #expect(counters.reservationsTimedOut == 1)
        #expect(counters.tasksCompleted == 1)
        #expect(counters.tasksCanceled == 1)
        #expect(counters.waitUntilAccepted.averageSeconds == 10)
        #expect(counters.waitUntilCanceled.maximumSeconds == 30)
        let queueCounters = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: queue,
                                                                             account: EngineFixture.account)
        #expect(queueCounters.tasksEntered == 2)
    }

    @Test func bulkQueueStatisticsAreLimitedToFifty() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let stats = try fixture.engine.taskQueuesStatistics(workspace: fixture.workspace, sids: [queue, queue],
                                                            account: EngineFixture.account, now: fixture.now)
        #expect(stats.count == 2)
        #expect(throws: EngineError.self) {
            try fixture.engine.taskQueuesStatistics(workspace: fixture.workspace, sids: Array(repeating: queue, count: 51),
                                                    account: EngineFixture.account, now: fixture.now)
        }
    }

    @Test func workersCumulativeStatisticsSumActivityTime() throws {
        let fixture = try EngineFixture()
        let a = try fixture.createWorker("a", activity: "Offline")
        let b = try fixture.createWorker("b", activity: "Offline")
        fixture.now = fixture.now.adding(seconds: 20)
        try fixture.setActivity(a, "Available")
        fixture.now = fixture.now.adding(seconds: 10)
        try fixture.setActivity(b, "Available")
        let stats = try fixture.engine.workersCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        let offline = try #require(stats.activityDurations[try fixture.activitySid("Offline")])
        #expect(offline.totalSeconds == 50)
        #expect(offline.count == 2)
        #expect(offline.maximumSeconds == 30)
    }
}

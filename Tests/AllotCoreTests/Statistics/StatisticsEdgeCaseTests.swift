import Testing
@testable import AllotCore

/// Edge cases of the real-time and cumulative statistics: every task transition, re-offers,
/// moves between queues, busy and deleted workers, windows that start or end between
/// changes, thresholds at a wait, and channel filters.
@Suite struct StatisticsEdgeCaseTests {
    let account = EngineFixture.account

    // MARK: Helpers

    /// Moves the clock to the start of the next UTC minute, so that windows can be placed
    /// on the minute buckets exactly.
    func advanceToMinuteStart(_ fixture: EngineFixture) {
        let minuteStart = fixture.now.unixMilliseconds.floorDivided(by: 60_000) * 60_000
        fixture.advance(seconds: Int((minuteStart + 60_000 - fixture.now.unixMilliseconds) / 1_000))
    }

    func workspaceTasks(_ fixture: EngineFixture, channel: String? = nil) throws -> TaskRealTimeStatistics {
        try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: account, taskChannel: channel,
                                               now: fixture.now).tasks
    }

    func queueStatistics(_ fixture: EngineFixture, _ queue: String,
                         channel: String? = nil) throws -> TaskQueueRealTimeStatistics {
        try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue, account: account,
                                               taskChannel: channel, now: fixture.now)
    }

    func workflowTasks(_ fixture: EngineFixture, _ workflow: String,
                       channel: String? = nil) throws -> TaskRealTimeStatistics {
        try fixture.engine.workflowStatistics(workspace: fixture.workspace, sid: workflow, account: account,
                                              taskChannel: channel, now: fixture.now)
    }

    func workspaceCounters(_ fixture: EngineFixture) throws -> CumulativeCounters {
        try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: account)
    }

    func queueCounters(_ fixture: EngineFixture, _ queue: String) throws -> CumulativeCounters {
        try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: queue, account: account)
    }

    func workflowCounters(_ fixture: EngineFixture, _ workflow: String) throws -> CumulativeCounters {
        try fixture.engine.workflowCumulativeStatistics(workspace: fixture.workspace, sid: workflow, account: account)
    }

    func workers(in statistics: [ActivityStatistic]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: statistics.map { ($0.friendlyName, $0.workers) })
    }

    /// Checks that the workspace, the queue and the workflow all count `expected` live
    /// tasks by status.
    func expectStatus(_ fixture: EngineFixture, queue: String, workflow: String, _ expected: TasksByStatus,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let total = expected.pending + expected.reserved + expected.assigned + expected.wrapping
        let scopes = [("workspace", try workspaceTasks(fixture)), ("queue", try queueStatistics(fixture, queue).tasks),
                      ("workflow", try workflowTasks(fixture, workflow))]
        for (scope, tasks) in scopes {
            #expect(tasks.tasksByStatus == expected, "\(scope)", sourceLocation: sourceLocation)
            #expect(tasks.totalTasks == total, "\(scope)", sourceLocation: sourceLocation)
            #expect(tasks.tasksByPriority.values.reduce(0, +) == total, "\(scope)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Real-time task counts

    @Test func statusCountsFollowEveryTransition() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue)
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "default", capacity: 1)

        let first = try fixture.createTask()
        try expectStatus(fixture, queue: queue, workflow: workflow, TasksByStatus(pending: 0, reserved: 1, assigned: 0, wrapping: 0))
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: first)).sid)
        try expectStatus(fixture, queue: queue, workflow: workflow, TasksByStatus(pending: 0, reserved: 0, assigned: 1, wrapping: 0))
        try fixture.updateTask(first, UpdateTaskRequest(assignmentStatus: "wrapping", reason: "after call"))
        try expectStatus(fixture, queue: queue, workflow: workflow, TasksByStatus(pending: 0, reserved: 0, assigned: 0, wrapping: 1))

        // W1's only unit of capacity is held by the wrapping task, so these two wait.
        let second = try fixture.createTask()
        let third = try fixture.createTask()
        try expectStatus(fixture, queue: queue, workflow: workflow, TasksByStatus(pending: 2, reserved: 0, assigned: 0, wrapping: 1))
        try fixture.updateTask(third, UpdateTaskRequest(assignmentStatus: "canceled", reason: "gone"))
        try expectStatus(fixture, queue: queue, workflow: workflow, TasksByStatus(pending: 1, reserved: 0, assigned: 0, wrapping: 1))

        // Completing frees the capacity, so the second task is reserved at once.
        try fixture.complete(first)
        #expect(try fixture.task(second).assignmentStatus == .reserved)
        try expectStatus(fixture, queue: queue, workflow: workflow, TasksByStatus(pending: 0, reserved: 1, assigned: 0, wrapping: 0))
        try fixture.deleteTask(second)
        try expectStatus(fixture, queue: queue, workflow: workflow, TasksByStatus(pending: 0, reserved: 0, assigned: 0, wrapping: 0))
    }

    @Test func deletedAssignedTaskCountsDeleted() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue)
        try fixture.createWorker("W1")
        let task = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        try fixture.deleteTask(task)

        try expectStatus(fixture, queue: queue, workflow: workflow, TasksByStatus(pending: 0, reserved: 0, assigned: 0, wrapping: 0))
        for counters in [try workspaceCounters(fixture), try queueCounters(fixture, queue), try workflowCounters(fixture, workflow)] {
            #expect(counters.tasksDeleted == 1)
            #expect(counters.tasksCanceled == 0)
            #expect(counters.tasksCompleted == 0)
            #expect(counters.reservationsAccepted == 1)
            #expect(counters.reservationsCanceled == 0)
        }
    }

    @Test func reofferKeepsCreationWaitingAge() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2", activity: "Offline")
        try fixture.setCapacity(w1, channel: "default", capacity: 1)
        try fixture.setCapacity(w2, channel: "default", capacity: 1)

        let first = try fixture.createTask()
        fixture.advance(seconds: 10)
        let second = try fixture.createTask()
        fixture.advance(seconds: 10)
        try fixture.reject(try #require(try fixture.pendingReservation(ofTask: first)).sid, activity: "Offline")
        #expect(try fixture.task(first).assignmentStatus == .pending)
        try fixture.setActivity(w2, "Available")
        let reoffer = try #require(try fixture.pendingReservation(ofTask: first))
        #expect(reoffer.workerSid == w2)

        let workspace = try workspaceTasks(fixture)
        #expect(workspace.longestTaskWaitingSid == first)
        #expect(workspace.longestTaskWaitingAgeSeconds == 20)
        let inQueue = try queueStatistics(fixture, queue)
        #expect(inQueue.longestRelativeTaskSidInQueue == first)
        #expect(inQueue.longestRelativeTaskAgeInQueueSeconds == 20)

        // Once the first task is assigned, the second is the one waiting longest.
        try fixture.accept(reoffer.sid)
        let after = try workspaceTasks(fixture)
        #expect(after.longestTaskWaitingSid == second)
        #expect(after.longestTaskWaitingAgeSeconds == 10)
        #expect(try queueStatistics(fixture, queue).longestRelativeTaskSidInQueue == second)
    }

    @Test func relativeAgeFavoursEarlierEntry() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"expression":"route == 'direct'","targets":[{"queue":"\#(q2)"}]},
              {"expression":"1==1","targets":[{"queue":"\#(q1)","timeout":30},{"queue":"\#(q2)"}]}]}}
            """#)
        let moved = try fixture.createTask()
        fixture.advance(seconds: 10)
        let direct = try fixture.createTask(#"{"route":"direct"}"#)
        fixture.advance(seconds: 25)
        #expect(try fixture.task(moved).taskQueueSid == q2)

        // The moved task is the oldest, but the direct one has been in Q2 longer.
        let stats = try queueStatistics(fixture, q2)
        #expect(stats.tasks.longestTaskWaitingSid == moved)
        #expect(stats.tasks.longestTaskWaitingAgeSeconds == 35)
        #expect(stats.longestRelativeTaskSidInQueue == direct)
        #expect(stats.longestRelativeTaskAgeInQueueSeconds == 25)
        #expect(stats.tasks.totalTasks == 2)

        let left = try queueStatistics(fixture, q1)
        #expect(left.tasks.totalTasks == 0)
        #expect(left.longestRelativeTaskSidInQueue == nil)
        #expect(left.longestRelativeTaskAgeInQueueSeconds == 0)
        #expect(try queueCounters(fixture, q1).tasksMoved == 1)
        #expect(try queueCounters(fixture, q2).tasksEntered == 2)
    }

    // MARK: Workers

    @Test func availableCountsBusyMembersOnly() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue(targetWorkers: "skill == 'a'")
        let busy = try fixture.createWorker("Busy", attributes: #"{"skill":"a"}"#)
        try fixture.setCapacity(busy, channel: "default", capacity: 1)
        let task = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        let paused = try fixture.createWorker("Paused", attributes: #"{"skill":"a"}"#)
        try fixture.updateWorkerChannel(paused, channel: "default", UpdateWorkerChannelRequest(available: false))
        try fixture.createWorker("Away", attributes: #"{"skill":"a"}"#, activity: "Offline")
        try fixture.createWorker("Outsider", attributes: #"{"skill":"b"}"#)

        let stats = try queueStatistics(fixture, queue)
        #expect(stats.totalEligibleWorkers == 3)
        #expect(stats.totalAvailableWorkers == 2)
        let byActivity = workers(in: stats.activityStatistics)
        #expect(byActivity["Available"] == 2)
        #expect(byActivity["Offline"] == 1)
        let workspace = try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: account, now: fixture.now)
        #expect(workspace.totalWorkers == 4)
        #expect(workers(in: workspace.activityStatistics)["Available"] == 3)
    }

    @Test func activityStatisticsFollowChangesAndDeletion() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        try fixture.createWorker("W3", activity: "Offline")
        try fixture.setActivity(w1, "Offline")
        fixture.record(try fixture.engine.deleteWorker(workspace: fixture.workspace, sid: w2, account: account, now: fixture.now))

        let workspace = try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: account, now: fixture.now)
        #expect(workspace.totalWorkers == 2)
        #expect(workers(in: workspace.activityStatistics)["Available", default: 0] == 0)
        #expect(workers(in: workspace.activityStatistics)["Offline"] == 2)
        let everyWorker = try fixture.engine.workersStatistics(workspace: fixture.workspace, account: account)
        #expect(everyWorker.totalWorkers == 2)
        #expect(workers(in: everyWorker.activityStatistics)["Offline"] == 2)
        let members = try queueStatistics(fixture, queue)
        #expect(members.totalEligibleWorkers == 2)
        #expect(members.totalAvailableWorkers == 0)
        #expect(workers(in: members.activityStatistics)["Available", default: 0] == 0)
    }

    // MARK: Cumulative counters

    @Test func rejectThenAcceptAmongSeveralReservations() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", maxReservedWorkers: 3)
        let workflow = try fixture.createCatchAllWorkflow(queue)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let w3 = try fixture.createWorker("W3")
        let task = try fixture.createTask()
        let offers = try fixture.reservations(ofTask: task)
        #expect(offers.count == 3)

        let rejected = try #require(offers.first { $0.workerSid == w1 })
        try fixture.reject(rejected.sid, activity: "Offline")
        #expect(try fixture.task(task).assignmentStatus == .reserved)
        try fixture.accept(try #require(offers.first { $0.workerSid == w2 }).sid)

        for counters in [try workspaceCounters(fixture), try queueCounters(fixture, queue), try workflowCounters(fixture, workflow)] {
            #expect(counters.reservationsCreated == 3)
            #expect(counters.reservationsRejected == 1)
            #expect(counters.reservationsAccepted == 1)
            #expect(counters.reservationsRescinded == 1)
            #expect(counters.reservationsCanceled == 0)
            #expect(counters.reservationsTimedOut == 0)
        }
        let third = try fixture.engine.workerStatistics(workspace: fixture.workspace, sid: w3, account: account).cumulative
        #expect(third.reservationsCreated == 1)
        #expect(third.reservationsRescinded == 1)
        let first = try fixture.engine.workerStatistics(workspace: fixture.workspace, sid: w1, account: account).cumulative
        #expect(first.reservationsRejected == 1)
        #expect(first.reservationsRescinded == 0)
    }

    @Test func moveAndDeleteCancelPendingReservations() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "team == 'one'")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "team == 'two'")
        let workflow = try fixture.createWorkflow(
            #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(q1)","timeout":10},{"queue":"\#(q2)"}]}]}}"#)
        try fixture.createWorker("W1", attributes: #"{"team":"one"}"#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .reserved)
        fixture.advance(seconds: 10)
        #expect(try fixture.task(task).taskQueueSid == q2)
        #expect(try fixture.task(task).assignmentStatus == .pending)

        try fixture.createWorker("W2", attributes: #"{"team":"two"}"#)
        #expect(try fixture.task(task).assignmentStatus == .reserved)
        try fixture.deleteTask(task)

        let workspace = try workspaceCounters(fixture)
        #expect(workspace.reservationsCreated == 2)
        #expect(workspace.reservationsCanceled == 2)
        #expect(workspace.tasksMoved == 1)
        #expect(workspace.tasksDeleted == 1)
        #expect(workspace.tasksCanceled == 0)
        let first = try queueCounters(fixture, q1)
        #expect(first.reservationsCanceled == 1)
        #expect(first.tasksMoved == 1)
        #expect(first.tasksDeleted == 0)
        let second = try queueCounters(fixture, q2)
        #expect(second.reservationsCanceled == 1)
        #expect(second.tasksMoved == 0)
        #expect(second.tasksDeleted == 1)
        #expect(try workflowCounters(fixture, workflow).tasksTimedOutInWorkflow == 0)
    }

    @Test func onlyWorkflowTimeoutCountsTimedOut() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let skipping = try fixture.createWorkflow(
            #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(queue)","skip_if":"1==1"}]}]}}"#,
            name: "Skipping")
        let lasting = try fixture.createCatchAllWorkflow(queue)
        let skipped = try fixture.createTask(workflow: skipping)
        #expect(try fixture.task(skipped).assignmentStatus == .canceled)
        let expired = try fixture.createTask(timeout: 30, workflow: lasting)
        fixture.advance(seconds: 30)
        #expect(try fixture.task(expired).assignmentStatus == .canceled)

        for workflow in [skipping, lasting] {
            let counters = try workflowCounters(fixture, workflow)
            #expect(counters.tasksCanceled == 1)
            #expect(counters.tasksTimedOutInWorkflow == 0)
        }
        let workspace = try workspaceCounters(fixture)
        #expect(workspace.tasksCanceled == 2)
        #expect(workspace.tasksTimedOutInWorkflow == 0)
        #expect(workspace.waitUntilCanceled.maximumSeconds == 30)
        #expect(workspace.waitUntilCanceled.minimumSeconds == 0)
    }

    @Test func waitSummariesAcrossSeveralTasks() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "default", capacity: 10)
        let first = try fixture.createTask()
        let second = try fixture.createTask()
        fixture.advance(seconds: 10)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: first)).sid)
        fixture.advance(seconds: 10)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: second)).sid)
        let third = try fixture.createTask()
        fixture.advance(seconds: 45)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: third)).sid)
        let fourth = try fixture.createTask()
        fixture.advance(seconds: 5)
        try fixture.updateTask(fourth, UpdateTaskRequest(assignmentStatus: "canceled", reason: "gone"))
        let fifth = try fixture.createTask()
        fixture.advance(seconds: 15)
        try fixture.updateTask(fifth, UpdateTaskRequest(assignmentStatus: "canceled", reason: "gone"))

        for counters in [try workspaceCounters(fixture), try queueCounters(fixture, queue)] {
            #expect(counters.waitUntilAccepted.averageSeconds == 25)
            #expect(counters.waitUntilAccepted.minimumSeconds == 10)
            #expect(counters.waitUntilAccepted.maximumSeconds == 45)
            #expect(counters.waitUntilAccepted.totalSeconds == 75)
            #expect(counters.waitUntilCanceled.averageSeconds == 10)
            #expect(counters.waitUntilCanceled.minimumSeconds == 5)
            #expect(counters.waitUntilCanceled.maximumSeconds == 15)
            #expect(counters.waitUntilCanceled.totalSeconds == 20)
            #expect(counters.reservationsCanceled == 2)
            #expect(counters.tasksCanceled == 2)
        }
    }

    // MARK: Windows

    @Test func windowStartingLaterCountsAcceptanceOnly() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "default", capacity: 10)
        advanceToMinuteStart(fixture)
        let minuteZero = fixture.now
        let task = try fixture.createTask()
        fixture.advance(seconds: 60)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        fixture.advance(seconds: 90)
        let later = try fixture.createTask()
        try fixture.deleteTask(later)
        fixture.advance(seconds: 30)

        let request = CumulativeStatisticsRequest(startDate: minuteZero.adding(seconds: 60), endDate: minuteZero.adding(seconds: 120))
        let stats = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, request, account: account,
                                                                     now: fixture.now)
        #expect(stats.counters.tasksEntered == 0)
        #expect(stats.counters.reservationsCreated == 0)
        #expect(stats.counters.reservationsAccepted == 1)
        #expect(stats.counters.waitUntilAccepted.averageSeconds == 60)
        #expect(stats.counters.tasksDeleted == 0)

        let recent = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace,
                                                                      CumulativeStatisticsRequest(minutes: 1),
                                                                      account: account, now: fixture.now)
        #expect(recent.counters.tasksEntered == 1)
        #expect(recent.counters.tasksDeleted == 1)
        #expect(recent.counters.reservationsAccepted == 0)
        #expect(recent.counters.reservationsCanceled == 1)
    }

    @Test func earlyWindowEndOmitsLaterChanges() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        advanceToMinuteStart(fixture)
        let minuteZero = fixture.now
        let task = try fixture.createTask()
        fixture.advance(seconds: 30)
        try fixture.reject(try #require(try fixture.pendingReservation(ofTask: task)).sid, activity: "Offline")
        fixture.advance(seconds: 60)
        try fixture.setActivity(w1, "Available")
        fixture.advance(seconds: 120)
        #expect(try fixture.task(task).assignmentStatus == .pending)

        let request = CumulativeStatisticsRequest(startDate: minuteZero, endDate: minuteZero.adding(seconds: 60))
        let early = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: queue, request,
                                                                     account: account, now: fixture.now)
        #expect(early.counters.tasksEntered == 1)
        #expect(early.counters.reservationsCreated == 1)
        #expect(early.counters.reservationsRejected == 1)
        #expect(early.counters.reservationsTimedOut == 0)

        let whole = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: queue,
                                                                     CumulativeStatisticsRequest(minutes: 5),
                                                                     account: account, now: fixture.now)
        #expect(whole.counters.reservationsCreated == 2)
        #expect(whole.counters.reservationsTimedOut == 1)
        let worker = try fixture.engine.workerCumulativeStatistics(workspace: fixture.workspace, sid: w1, request,
                                                                   account: account, now: fixture.now)
        #expect(worker.counters.reservationsRejected == 1)
        #expect(worker.counters.reservationsTimedOut == 0)
    }

    @Test func splitAtWaitEqualToThreshold() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "default", capacity: 10)
        let accepted = try fixture.createTask()
        let canceled = try fixture.createTask()
        fixture.advance(seconds: 30)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: accepted)).sid)
        try fixture.updateTask(canceled, UpdateTaskRequest(assignmentStatus: "canceled", reason: "gone"))

        let request = CumulativeStatisticsRequest(splitByWaitTime: [29, 30, 31])
        let stats = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, request, account: account,
                                                                     now: fixture.now)
        #expect(stats.splitByWaitTime.map(\.thresholdSeconds) == [29, 30, 31])
        let byThreshold = Dictionary(uniqueKeysWithValues: stats.splitByWaitTime.map { ($0.thresholdSeconds, $0) })
        let below = try #require(byThreshold[29])
        #expect(below.above == WaitTimeCounts(tasksCanceled: 1, reservationsAccepted: 1))
        #expect(below.below == WaitTimeCounts())
        let above = try #require(byThreshold[31])
        #expect(above.below == WaitTimeCounts(tasksCanceled: 1, reservationsAccepted: 1))
        #expect(above.above == WaitTimeCounts())
        // A wait equal to the threshold lands on exactly one side.
        // NOTE: the model does not say which side. The engine counts it above.
        let equal = try #require(byThreshold[30])
        #expect(equal.below.reservationsAccepted + equal.above.reservationsAccepted == 1)
        #expect(equal.below.tasksCanceled + equal.above.tasksCanceled == 1)
    }

    @Test func splitUsesSubsecondWaitsFromCreation() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow(
            #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(queue)","timeout":20},{"queue":"\#(q2)"}]}]}}"#)
        let task = try fixture.createTask()
        fixture.advance(seconds: 20)
        let w1 = try fixture.createWorker("W1")
        fixture.now = fixture.now.adding(milliseconds: 9_900)
        fixture.events += fixture.engine.advance(to: fixture.now)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        #expect(try fixture.reservations(ofWorker: w1).count == 1)

        // The task waited 29.9 s from creation but only 9.9 s in Q2, and the split of a
        // moved task counts from creation.
        let request = CumulativeStatisticsRequest(splitByWaitTime: [10, 30])
        let stats = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: q2, request,
                                                                     account: account, now: fixture.now)
        #expect(stats.splitByWaitTime[0].above.reservationsAccepted == 1)
        #expect(stats.splitByWaitTime[1].below.reservationsAccepted == 1)
        #expect(stats.counters.waitInQueueUntilAccepted.averageSeconds == 9)
        #expect(stats.counters.waitUntilAccepted.averageSeconds == 29)
    }

    // MARK: Channels

    @Test func channelFilterPicksChannelOldest() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue)
        let voiceOld = try fixture.createTask(priority: 5, channel: "voice")
        fixture.advance(seconds: 10)
        let chat = try fixture.createTask(priority: 1, channel: "chat")
        fixture.advance(seconds: 10)
        try fixture.createTask(priority: 1, channel: "voice")
        fixture.advance(seconds: 5)
        try fixture.updateTask(voiceOld, UpdateTaskRequest(assignmentStatus: "canceled", reason: "gone"))

        let chatOnly = try queueStatistics(fixture, queue, channel: "chat")
        #expect(chatOnly.tasks.longestTaskWaitingSid == chat)
        #expect(chatOnly.tasks.longestTaskWaitingAgeSeconds == 15)
        #expect(chatOnly.longestRelativeTaskSidInQueue == chat)
        #expect(chatOnly.tasks.tasksByPriority == [1: 1])
        let voiceOnly = try workflowTasks(fixture, workflow, channel: "voice")
        #expect(voiceOnly.totalTasks == 1)
        #expect(voiceOnly.longestTaskWaitingAgeSeconds == 5)
        #expect(voiceOnly.tasksByPriority == [1: 1])
        #expect(try workspaceTasks(fixture).longestTaskWaitingSid == chat)

        let canceledVoice = try fixture.engine.workflowCumulativeStatistics(
            workspace: fixture.workspace, sid: workflow, CumulativeStatisticsRequest(taskChannel: "voice"),
            account: account, now: fixture.now)
        #expect(canceledVoice.counters.tasksCanceled == 1)
        #expect(canceledVoice.counters.tasksEntered == 2)
        #expect(canceledVoice.counters.waitUntilCanceled.averageSeconds == 25)
        let canceledChat = try fixture.engine.workflowCumulativeStatistics(
            workspace: fixture.workspace, sid: workflow, CumulativeStatisticsRequest(taskChannel: "chat"),
            account: account, now: fixture.now)
        #expect(canceledChat.counters.tasksCanceled == 0)
        #expect(canceledChat.counters.tasksEntered == 1)
    }

    // MARK: Activity durations

    @Test func periodsBeforeWindowAreOmitted() throws {
        let fixture = try EngineFixture()
        let w1 = try fixture.createWorker("W1")
        advanceToMinuteStart(fixture)
        let minuteZero = fixture.now
        try fixture.setActivity(w1, "Offline")
        fixture.advance(seconds: 20)
        try fixture.setActivity(w1, "Available")
        fixture.advance(seconds: 60)
        try fixture.setActivity(w1, "Offline")
        fixture.advance(seconds: 10)
        try fixture.setActivity(w1, "Available")

        // The window covers the minute starting at 60 s, in which only the 10 s offline
        // period lies whole. The first offline period ended at 20 s, before the window.
        let request = CumulativeStatisticsRequest(startDate: minuteZero.adding(seconds: 60),
                                                  endDate: minuteZero.adding(seconds: 120))
        let stats = try fixture.engine.workerCumulativeStatistics(workspace: fixture.workspace, sid: w1, request,
                                                                  account: account, now: fixture.now)
        let offline = try #require(stats.activityDurations[try fixture.activitySid("Offline")])
        #expect(offline.count == 1)
        #expect(offline.totalSeconds == 10)
        let all = try fixture.engine.workersCumulativeStatistics(workspace: fixture.workspace, request, account: account,
                                                                 now: fixture.now)
        #expect(all.activityDurations[try fixture.activitySid("Offline")]?.totalSeconds == 10)
    }

    @Test func systemDeletionAndRetentionLeaveTallies() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue)
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "default", capacity: 10)
        let lingering = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: lingering)).sid)
        let finished = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: finished)).sid)
        try fixture.complete(finished)
        try expectStatus(fixture, queue: queue, workflow: workflow, TasksByStatus(pending: 0, reserved: 0, assigned: 1, wrapping: 0))

        // Retention removes the completed task, and the end of the assigned-task lifetime
        // removes the other.
        fixture.advance(seconds: 86_400)
        #expect(fixture.eventTypes.contains("task.system-deleted"))
        try expectStatus(fixture, queue: queue, workflow: workflow, TasksByStatus(pending: 0, reserved: 0, assigned: 0, wrapping: 0))
        let counters = try workspaceCounters(fixture)
        #expect(counters.tasksCompleted == 1)
        #expect(counters.tasksCanceled == 0)
    }

    @Test func redrivenTaskMovesBetweenQueueTallies() throws {
        let fixture = try EngineFixture()
        let first = try fixture.createQueue("First")
        let second = try fixture.createQueue("Second")
        let workflow = try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"expression":"lane == 2","targets":[{"queue":"\#(second)"}]},
              {"expression":"1==1","targets":[{"queue":"\#(first)"}]}]}}
            """#)
        let task = try fixture.createTask(#"{"lane":1}"#, priority: 3)
        fixture.advance(seconds: 40)
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"lane":2}"#))
        fixture.advance(seconds: 5)
        #expect(try fixture.task(task).taskQueueSid == second)

        let left = try queueStatistics(fixture, first)
        #expect(left.tasks.totalTasks == 0)
        #expect(left.tasks.tasksByPriority.isEmpty)
        let entered = try queueStatistics(fixture, second)
        #expect(entered.tasks.tasksByStatus == TasksByStatus(pending: 1, reserved: 0, assigned: 0, wrapping: 0))
        #expect(entered.tasks.tasksByPriority == [3: 1])
        #expect(entered.tasks.longestTaskWaitingAgeSeconds == 45)
        #expect(entered.longestRelativeTaskAgeInQueueSeconds == 5)
        let flow = try workflowTasks(fixture, workflow)
        #expect(flow.totalTasks == 1)
        #expect(flow.longestTaskWaitingAgeSeconds == 45)
        #expect(try workflowCounters(fixture, workflow).tasksEntered == 1)
        #expect(try queueCounters(fixture, second).tasksEntered == 1)
    }
}

import Testing
@testable import AllotCore

@Suite struct WindowedStatisticsTests {
    /// 2024-01-01 10:00:30 UTC, half a minute into a minute.
    static let start = Timestamp(unixSeconds: 1_704_103_230)

    func fixture() throws -> (EngineFixture, queue: String, workflow: String) {
        let fixture = try EngineFixture()
        fixture.now = Self.start
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue)
        return (fixture, queue, workflow)
    }

    func workspaceWindow(_ fixture: EngineFixture, _ request: CumulativeStatisticsRequest) throws(EngineError) -> CumulativeStatistics {
        try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, request, account: EngineFixture.account,
                                                         now: fixture.now)
    }

    @Test func defaultWindowIsFifteenMinutes() throws {
        let (fixture, _, _) = try fixture()
        try fixture.createTask()
        fixture.advance(seconds: 20 * 60)
        try fixture.createTask()

        let recent = try workspaceWindow(fixture, CumulativeStatisticsRequest())
        #expect(recent.counters.tasksEntered == 1)
        #expect(recent.endTime == fixture.now)
        #expect(recent.startTime == Timestamp(unixSeconds: 1_704_103_230 + 5 * 60 - 30))
        let longer = try workspaceWindow(fixture, CumulativeStatisticsRequest(minutes: 30))
        #expect(longer.counters.tasksEntered == 2)
        let total = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(total.tasksEntered == 2)
    }

    @Test func startAndEndSelectWholeMinutes() throws {
        let (fixture, queue, _) = try fixture()
        try fixture.createTask()
        fixture.advance(seconds: 60)
        try fixture.createTask()
        fixture.advance(seconds: 60)
        try fixture.createTask()

        let middle = CumulativeStatisticsRequest(startDate: Self.start.adding(seconds: 45), endDate: Self.start.adding(seconds: 90))
        let statistics = try fixture.engine.taskQueueCumulativeStatistics(
            workspace: fixture.workspace, sid: queue, middle, account: EngineFixture.account, now: fixture.now)
        #expect(statistics.counters.tasksEntered == 1)
        #expect(statistics.startTime == Timestamp(unixSeconds: 1_704_103_230 + 30))
        #expect(statistics.endTime == Self.start.adding(seconds: 90))
    }

    @Test func endAfterNowCountsAsNow() throws {
        let (fixture, _, _) = try fixture()
        try fixture.createTask()
        let request = CumulativeStatisticsRequest(endDate: fixture.now.adding(seconds: 3_600))
        let statistics = try workspaceWindow(fixture, request)
        #expect(statistics.endTime == fixture.now)
        #expect(statistics.counters.tasksEntered == 1)
    }

    @Test func endWithoutStartLooksBackFromEnd() throws {
        let (fixture, _, _) = try fixture()
        try fixture.createTask()
        fixture.advance(seconds: 30 * 60)
        try fixture.createTask()
        let request = CumulativeStatisticsRequest(minutes: 5, endDate: Self.start.adding(seconds: 60))
        let statistics = try workspaceWindow(fixture, request)
        #expect(statistics.counters.tasksEntered == 1)
        // 10:01:30 falls inside a minute, whose whole bucket counts.
        #expect(statistics.endTime == Timestamp(unixSeconds: 1_704_103_230 + 90))
    }

    /// An end inside a minute counts that whole minute, and the reported end shows it: a change
    /// after the requested end but in the same minute is counted.
    @Test func endInsideMinuteReportsMinuteEnd() throws {
        let (fixture, _, _) = try fixture()
        fixture.advance(seconds: 5)  // 10:00:35
        try fixture.createTask()
        fixture.advance(seconds: 10)  // 10:00:45
        try fixture.createTask()
        fixture.advance(seconds: 600)
        let request = CumulativeStatisticsRequest(startDate: Self.start, endDate: Self.start.adding(seconds: 10))
        let statistics = try workspaceWindow(fixture, request)
        #expect(statistics.startTime == Timestamp(unixSeconds: 1_704_103_200))
        #expect(statistics.endTime == Timestamp(unixSeconds: 1_704_103_260))
        #expect(statistics.counters.tasksEntered == 2)

        // While the end's minute is still running, the reported end is now.
        let running = try workspaceWindow(fixture, CumulativeStatisticsRequest(minutes: 1))
        #expect(running.endTime == fixture.now)
    }

    /// A window that ends now counts the changes made at now, also when now
    /// is the first instant of a minute.
    @Test func changeAtNowOnMinuteBoundaryCounts() throws {
        let (fixture, queue, _) = try fixture()
        let worker = try fixture.createWorker("w")
        fixture.advance(seconds: 30)  // 10:01:00, the start of a minute
        try fixture.setActivity(worker, "Offline")
        try fixture.createTask()

        let recent = try workspaceWindow(fixture, CumulativeStatisticsRequest())
        #expect(recent.counters.tasksEntered == 1)
        #expect(recent.endTime == fixture.now)
        let inQueue = try fixture.engine.taskQueueCumulativeStatistics(
            workspace: fixture.workspace, sid: queue, CumulativeStatisticsRequest(), account: EngineFixture.account, now: fixture.now)
        #expect(inQueue.counters.tasksEntered == 1)
        let workerWindow = try fixture.engine.workerCumulativeStatistics(
            workspace: fixture.workspace, sid: worker, CumulativeStatisticsRequest(), account: EngineFixture.account, now: fixture.now)
        #expect(workerWindow.activityDurations[try fixture.activitySid("Available")]?.totalSeconds == 30)
        // An EndDate of now counts the same. An EndDate before now leaves out the minute it starts.
        let endingNow = try workspaceWindow(fixture, CumulativeStatisticsRequest(minutes: 5, endDate: fixture.now))
        #expect(endingNow.counters.tasksEntered == 1)
        fixture.advance(seconds: 60)
        let ended = try workspaceWindow(fixture, CumulativeStatisticsRequest(minutes: 5, endDate: fixture.now.adding(seconds: -60)))
        #expect(ended.counters.tasksEntered == 0)
    }

    @Test func splitCountsAcceptedAndCanceledByWait() throws {
        let (fixture, _, workflow) = try fixture()
        let worker = try fixture.createWorker("w", activity: "Offline")
        let quick = try fixture.createTask()
        let exact = try fixture.createTask()
        let slow = try fixture.createTask()
        let abandoned = try fixture.createTask()
        fixture.advance(seconds: 5)
        try fixture.setActivity(worker, "Available")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: quick)).sid)
        fixture.advance(seconds: 25)  // 30 s: exactly on the first threshold
        try fixture.complete(quick)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: exact)).sid)
        fixture.advance(seconds: 40)  // 70 s
        try fixture.complete(exact)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: slow)).sid)
        try fixture.updateTask(abandoned, UpdateTaskRequest(assignmentStatus: "canceled"))

        let request = CumulativeStatisticsRequest(splitByWaitTime: [30, 60, 3_600])
        let statistics = try fixture.engine.workflowCumulativeStatistics(
            workspace: fixture.workspace, sid: workflow, request, account: EngineFixture.account, now: fixture.now)
        #expect(statistics.splitByWaitTime.map(\.thresholdSeconds) == [30, 60, 3_600])
        #expect(statistics.splitByWaitTime[0].below == WaitTimeCounts(tasksCanceled: 0, reservationsAccepted: 1))
        #expect(statistics.splitByWaitTime[0].above == WaitTimeCounts(tasksCanceled: 1, reservationsAccepted: 2))
        #expect(statistics.splitByWaitTime[1].below == WaitTimeCounts(tasksCanceled: 0, reservationsAccepted: 2))
        #expect(statistics.splitByWaitTime[1].above == WaitTimeCounts(tasksCanceled: 1, reservationsAccepted: 1))
        #expect(statistics.splitByWaitTime[2].below == WaitTimeCounts(tasksCanceled: 1, reservationsAccepted: 3))
        #expect(statistics.splitByWaitTime[2].above == WaitTimeCounts())
    }

    @Test func workerWindowCountsReservationsAndActivity() throws {
        let (fixture, _, _) = try fixture()
        let worker = try fixture.createWorker("w")
        let task = try fixture.createTask()
        try fixture.reject(try #require(try fixture.pendingReservation(ofTask: task)).sid, activity: "Offline")
        fixture.advance(seconds: 20 * 60)
        try fixture.setActivity(worker, "Available")

        let recent = try fixture.engine.workerCumulativeStatistics(
            workspace: fixture.workspace, sid: worker, CumulativeStatisticsRequest(), account: EngineFixture.account, now: fixture.now)
        // Becoming available again brought a second reservation just now.
        #expect(recent.counters.reservationsCreated == 1)
        #expect(recent.counters.reservationsRejected == 0)
        let offline = try #require(recent.activityDurations[try fixture.activitySid("Offline")])
        #expect(offline.totalSeconds == 20 * 60)
        let day = try fixture.engine.workerCumulativeStatistics(
            workspace: fixture.workspace, sid: worker, CumulativeStatisticsRequest(minutes: 60), account: EngineFixture.account,
            now: fixture.now)
        #expect(day.counters.reservationsCreated == 2)
        #expect(day.counters.reservationsRejected == 1)
        let all = try fixture.engine.workersCumulativeStatistics(
            workspace: fixture.workspace, CumulativeStatisticsRequest(minutes: 60), account: EngineFixture.account, now: fixture.now)
        #expect(all.counters.reservationsRejected == 1)
        #expect(all.activityDurations[try fixture.activitySid("Offline")]?.count == 1)
    }

    @Test func bucketsPastRetentionAreDropped() throws {
        let (fixture, _, _) = try fixture()
        try fixture.createTask(timeout: 60)
        fixture.advance(seconds: Limits.statisticsRetentionMinutes * 60)
        try fixture.createTask(timeout: 60)

        let day = try workspaceWindow(fixture, CumulativeStatisticsRequest(minutes: Limits.maximumStatisticsWindowMinutes))
        #expect(day.counters.tasksEntered == 1)
        let total = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(total.tasksEntered == 2)
    }

    @Test func invalidWindowsAreRejected() throws {
        let (fixture, _, _) = try fixture()
        let earliest = fixture.now.adding(seconds: -Limits.maximumStatisticsWindowMinutes * 60)
        let cases: [(CumulativeStatisticsRequest, String, String)] = [
            (CumulativeStatisticsRequest(minutes: 0), "Minutes", "pass a value from 1 to 43200"),
            (CumulativeStatisticsRequest(minutes: 43_201), "Minutes", "pass a value from 1 to 43200"),
            (CumulativeStatisticsRequest(minutes: 5, startDate: fixture.now.adding(seconds: -60)), "Minutes", "pass Minutes for a look-back or StartDate"),
            (CumulativeStatisticsRequest(startDate: earliest.adding(milliseconds: -1)), "StartDate", "more than 43200 minutes (30 days) before now"),
            (CumulativeStatisticsRequest(minutes: 10, endDate: earliest), "EndDate", "more than 43200 minutes (30 days) before now"),
            (CumulativeStatisticsRequest(startDate: fixture.now), "StartDate", "is not before the end of the window"),
            (CumulativeStatisticsRequest(startDate: fixture.now.adding(seconds: 60)), "StartDate", "is in the future (now is 20"),
            (CumulativeStatisticsRequest(startDate: earliest.adding(milliseconds: -1)), "StartDate", "pass a start at or after \(earliest.iso8601)"),
            (CumulativeStatisticsRequest(startDate: fixture.now.adding(seconds: -60), endDate: fixture.now.adding(seconds: -120)),
             "StartDate", "pass an earlier StartDate or a later EndDate"),
        ]
        for (request, field, fix) in cases {
            do {
                _ = try workspaceWindow(fixture, request)
                Issue.record("\(request) was accepted")
            } catch {
                #expect(error.field == field, "\(request)")
                #expect(error.message.contains(fix), "\(error.message)")
            }
        }
        #expect(throws: Never.self) { try workspaceWindow(fixture, CumulativeStatisticsRequest(startDate: earliest)) }
    }

    @Test func windowBeforeRetentionCountsKeptBuckets() throws {
        let (fixture, _, _) = try fixture()
        try fixture.createTask()
        fixture.advance(seconds: 60)
        let recent = try workspaceWindow(fixture, CumulativeStatisticsRequest(minutes: Limits.statisticsRetentionMinutes))
        let start = fixture.now.adding(seconds: -7 * 24 * 3_600)
        let week = try workspaceWindow(fixture, CumulativeStatisticsRequest(startDate: start))
        // Whole minutes are summed, so the reported start is rounded down to its minute.
        #expect(week.startTime.unixMilliseconds == start.unixMilliseconds - start.unixMilliseconds % 60_000)
        #expect(week.counters == recent.counters)
        #expect(week.counters.tasksEntered == 1)
    }

    @Test func workerSplitIsRejected() throws {
        let (fixture, _, _) = try fixture()
        let worker = try fixture.createWorker("w")
        #expect(throws: EngineError.invalidArgument(
            field: "SplitByWaitTime",
            message: "SplitByWaitTime applies to workspace, task queue and workflow statistics, not to workers; leave it empty")) {
            try fixture.engine.workerCumulativeStatistics(workspace: fixture.workspace, sid: worker,
                                                          CumulativeStatisticsRequest(splitByWaitTime: [30]),
                                                          account: EngineFixture.account, now: fixture.now)
        }
    }

    /// A clock at the start of `Int64` gives a window in a minute that starts
    /// before `Int64.min`. The reported start stops at `Int64.min` instead of
    /// overflowing.
    @Test func windowAtStartOfTimeReportsEarliestStart() throws {
        let (fixture, _, _) = try fixture()
        fixture.now = Timestamp(unixMilliseconds: Int64.min + 60_000)
        let window = try workspaceWindow(fixture, CumulativeStatisticsRequest())
        #expect(window.startTime == Timestamp(unixMilliseconds: Int64.min))
        #expect(window.endTime == fixture.now)
    }
}

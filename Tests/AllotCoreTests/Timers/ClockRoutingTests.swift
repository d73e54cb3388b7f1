import Testing
@testable import AllotCore

@Suite struct ClockRoutingTests {
    /// Monday 2024-01-01 08:58:30 UTC.
    static let beforeNine = Timestamp(unixSeconds: 1_704_067_200 + 8 * 3_600 + 58 * 60 + 30)

    func fixtureAt(_ instant: Timestamp) throws -> EngineFixture {
        let fixture = try EngineFixture()
        fixture.now = instant
        return fixture
    }

    @Test func targetTrueAtNineReservesAtNine() throws {
        let fixture = try fixtureAt(Self.beforeNine)
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\#(queue)","expression":"taskrouter.currentTime >= 900"}]}]}}
            """#)
        try fixture.createWorker("w")
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .pending)

        fixture.advance(seconds: 60)  // 08:59:30
        #expect(try fixture.task(task).assignmentStatus == .pending)
        fixture.advance(seconds: 29)  // 08:59:59
        #expect(try fixture.task(task).assignmentStatus == .pending)
        fixture.clearEvents()
        fixture.advance(seconds: 1)  // 09:00:00
        #expect(try fixture.task(task).assignmentStatus == .reserved)
        let created = try #require(fixture.events.first { $0.type == .reservationCreated })
        #expect(created.timestamp == Timestamp(unixSeconds: 1_704_067_200 + 9 * 3_600))
    }

    @Test func filterTrueAtNineMovesPendingTask() throws {
        let fixture = try fixtureAt(Self.beforeNine)
        let day = try fixture.createQueue("Day")
        let night = try fixture.createQueue("Night")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[{"filter_friendly_name":"Office hours",
              "expression":"taskrouter.currentTime >= 900 AND taskrouter.dayOfWeek == 'Mon'",
              "targets":[{"queue":"\#(day)"}]}],
             "default_filter":{"queue":"\#(night)"}}}
            """#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == night)

        fixture.clearEvents()
        fixture.advance(seconds: 90)  // 09:00:00
        #expect(try fixture.task(task).taskQueueSid == day)
        #expect(fixture.eventTypes == ["workflow.target-matched", "task-queue.moved", "task-queue.entered"])
        #expect(try fixture.task(task).ageSeconds == 90)
    }

    @Test func filterFalseWithNothingElseKeepsTask() throws {
        let fixture = try fixtureAt(Self.beforeNine)
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[{"expression":"taskrouter.currentTime < 900","targets":[{"queue":"\#(queue)"}]}]}}
            """#)
        let task = try fixture.createTask()
        fixture.clearEvents()
        fixture.advance(seconds: 120)

        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(try fixture.task(task).taskQueueSid == queue)
        #expect(fixture.events.isEmpty)
    }

    @Test func taskMovedByTimeoutKeepsItsFilter() throws {
        let fixture = try fixtureAt(Self.beforeNine)
        let first = try fixture.createQueue("First")
        let second = try fixture.createQueue("Second")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"expression":"taskrouter.currentTime < 900","targets":[{"queue":"\#(first)","timeout":10}]},
              {"expression":"1==1","targets":[{"queue":"\#(second)"}]}]}}
            """#)
        let task = try fixture.createTask()
        fixture.advance(seconds: 10)
        #expect(try fixture.task(task).taskQueueSid == second)

        fixture.clearEvents()
        fixture.advance(seconds: 80)  // 09:00:00, the first filter is false anyway
        #expect(try fixture.task(task).taskQueueSid == second)
        #expect(fixture.events.isEmpty)
    }

    /// A task that skipped its first filter as it was created looks, by its times alone, like
    /// one still in its entry filter. The minute tick must leave it in the later filter: no
    /// second skip_if, no new events and no new start for its step deadlines.
    @Test func taskMovedBySkipAtCreationKeepsItsFilter() throws {
        let fixture = try fixtureAt(Self.beforeNine)
        let desk = try fixture.createQueue("Desk", targetWorkers: "team == 'desk'")
        let backup = try fixture.createQueue("Backup", targetWorkers: "team == 'backup'")
        let last = try fixture.createQueue("Last", targetWorkers: "team == 'last'")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"expression":"taskrouter.currentHour >= 0","targets":[{"queue":"\#(desk)","skip_if":"workers.available == 0"}]},
              {"expression":"1==1","targets":[{"queue":"\#(backup)","timeout":90},{"queue":"\#(last)"}]}]}}
            """#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == backup)

        // A desk worker arrives while the task waits in the later filter.
        fixture.advance(seconds: 10)
        let deskWorker = try fixture.createWorker("desk", attributes: #"{"team":"desk"}"#)
        fixture.clearEvents()
        fixture.advance(seconds: 30)  // 08:59:10, past a minute tick
        #expect(try fixture.task(task).taskQueueSid == backup)
        #expect(try fixture.reservations(ofWorker: deskWorker).isEmpty)
        #expect(fixture.events.isEmpty)
        // The backup step still ends 90 s after creation.
        fixture.advance(seconds: 50)
        #expect(try fixture.task(task).taskQueueSid == last)
    }

    /// The same holds when the skip led to the default filter.
    @Test func taskSkippedToDefaultKeepsIt() throws {
        let fixture = try fixtureAt(Self.beforeNine)
        let desk = try fixture.createQueue("Desk", targetWorkers: "team == 'desk'")
        let fallback = try fixture.createQueue("Fallback", targetWorkers: "team == 'fallback'")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"expression":"taskrouter.currentHour >= 0","targets":[{"queue":"\#(desk)","skip_if":"workers.available == 0"}]}],
             "default_filter":{"queue":"\#(fallback)"}}}
            """#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == fallback)
        try fixture.createWorker("desk", attributes: #"{"team":"desk"}"#)
        fixture.advance(seconds: 60)
        #expect(try fixture.task(task).taskQueueSid == fallback)
        #expect(try fixture.task(task).assignmentStatus == .pending)
    }

    /// The flag survives a snapshot, and snapshots written before it existed still keep a
    /// task moved by a timeout in its filter.
    @Test func restoredSkippedTaskKeepsItsFilter() throws {
        let fixture = try fixtureAt(Self.beforeNine)
        let desk = try fixture.createQueue("Desk", targetWorkers: "team == 'desk'")
        let backup = try fixture.createQueue("Backup", targetWorkers: "team == 'backup'")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"expression":"taskrouter.currentHour >= 0","targets":[{"queue":"\#(desk)","skip_if":"workers.available == 0"}]},
              {"expression":"1==1","targets":[{"queue":"\#(backup)"}]}]}}
            """#)
        let task = try fixture.createTask()
        let copy = try ShardSnapshotTests.restoredCopy(of: fixture.engine, shardCount: 2)
        _ = try copy.createWorker(workspace: fixture.workspace, CreateWorkerRequest(friendlyName: "desk", activitySid: try fixture.activitySid("Available"),
                                                                                  attributes: #"{"team":"desk"}"#),
                                  account: EngineFixture.account, now: fixture.now)
        _ = copy.advance(to: fixture.now.adding(seconds: 60))
        copy.checkInvariants()
        let restored = try copy.fetchTask(workspace: fixture.workspace, sid: task, account: EngineFixture.account,
                                          now: fixture.now.adding(seconds: 60))
        #expect(restored.taskQueueSid == backup)
    }

    @Test func minuteTimerStopsWhenNoClockTaskWaits() throws {
        let fixture = try fixtureAt(Self.beforeNine)
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[{"expression":"taskrouter.currentHour >= 9","targets":[{"queue":"\#(queue)"}]}],
             "default_filter":{"queue":"\#(queue)"}}}
            """#)
        let task = try fixture.createTask()
        let nextMinute = Timestamp(unixSeconds: 1_704_067_200 + 8 * 3_600 + 59 * 60)
        #expect(fixture.engine.nextDeadline == nextMinute)

        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled"))
        #expect(fixture.engine.nextDeadline == nextMinute)
        fixture.advance(seconds: 30)
        let retentionEnd = Self.beforeNine.adding(seconds: 300)
        #expect(fixture.engine.nextDeadline == retentionEnd)
    }

    /// A workflow whose tasks waited under a clock-reading document may be
    /// deleted once they finish, before the next minute starts. The minute
    /// tick then orders the watched workflows without the deleted one.
    @Test func minuteTickSkipsDeletedWorkflow() throws {
        let fixture = try fixtureAt(Self.beforeNine)
        let queue = try fixture.createQueue("Q")
        let document = #"""
            {"task_routing":{"filters":[{"expression":"taskrouter.currentTime >= 0","targets":[{"queue":"\#(queue)"}]}]}}
            """#
        let first = try fixture.createWorkflow(document, name: "First")
        let second = try fixture.createWorkflow(document, name: "Second")
        let finished = try fixture.createTask(workflow: first)
        let waiting = try fixture.createTask(workflow: second)
        try fixture.updateTask(finished, UpdateTaskRequest(assignmentStatus: "canceled"))
        fixture.record(try fixture.engine.deleteWorkflow(workspace: fixture.workspace, sid: first, account: EngineFixture.account,
                                                         now: fixture.now))

        fixture.advance(seconds: 90)
        #expect(try fixture.task(waiting).assignmentStatus == .pending)
        let followingMinute = Timestamp(unixSeconds: 1_704_067_200 + 9 * 3_600 + 1 * 60)
        #expect(fixture.engine.nextDeadline == followingMinute)
    }

    @Test func documentWithoutClockArmsNoMinuteTimer() throws {
        let fixture = try fixtureAt(Self.beforeNine)
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[{"expression":"level > 2","targets":[{"queue":"\#(queue)","skip_if":"workers.available == 0"}]}],
             "default_filter":{"queue":"\#(queue)"}}}
            """#)
        try fixture.createTask(#"{"level":3}"#, timeout: 3_600)
        #expect(fixture.engine.nextDeadline == Self.beforeNine.adding(seconds: 3_600))
    }

    @Test func nextMinuteRoundsUpToTheMinute() {
        #expect(WorkspaceState.nextMinute(after: Timestamp(unixMilliseconds: 0)) == Timestamp(unixMilliseconds: 60_000))
        #expect(WorkspaceState.nextMinute(after: Timestamp(unixMilliseconds: 59_999)) == Timestamp(unixMilliseconds: 60_000))
        #expect(WorkspaceState.nextMinute(after: Timestamp(unixMilliseconds: -1)) == Timestamp(unixMilliseconds: 0))
        #expect(WorkspaceState.nextMinute(after: Timestamp(unixMilliseconds: -60_000)) == Timestamp(unixMilliseconds: 0))
    }

    @Test func lastMinuteOfTimeHasNoNextMinute() {
        let lastMinuteStart = Int64.max / 60_000 * 60_000
        #expect(WorkspaceState.nextMinute(after: Timestamp(unixMilliseconds: Int64.max)) == nil)
        #expect(WorkspaceState.nextMinute(after: Timestamp(unixMilliseconds: lastMinuteStart)) == nil)
        #expect(WorkspaceState.nextMinute(after: Timestamp(unixMilliseconds: lastMinuteStart - 1))
            == Timestamp(unixMilliseconds: lastMinuteStart))
    }

    /// A task under a document that reads the clock arms the minute timer. The
    /// last minute of `Int64` has no next minute, so only the task's time to
    /// live is armed. Advancing to the end fires it and stops.
    @Test func clockTaskAtEndOfTimeArmsOnlyItsTimeToLive() throws {
        let fixture = try fixtureAt(Timestamp(unixMilliseconds: Int64.max - 1_000))
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[{"expression":"taskrouter.currentTime >= 0","targets":[{"queue":"\#(queue)"}]}]}}
            """#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(fixture.engine.nextDeadline == Timestamp(unixMilliseconds: Int64.max))
        fixture.advance(seconds: 1)
        #expect(fixture.engine.nextDeadline == nil)
    }
}

import AllotCore
import AllotStorage
import Foundation
import Testing

@testable import AllotPersistence

@Suite struct DurableEngineRecoveryTests {
    static let engineConfiguration = EngineConfiguration(shardCount: 4, reofferRejectedTasks: false)

    static func configuration(_ folder: TemporaryFolder, policy: JournalSyncPolicy = .always) -> DurableEngineConfiguration {
        DurableEngineConfiguration(dataDirectory: folder.path, engine: engineConfiguration, syncPolicy: policy)
    }

    /// Returns a scenario that drives `durable`.
    static func durableScenario(_ durable: DurableEngine) -> Scenario {
        Scenario(engine: durable.engine) { command, now in
            try durable.executeAndWait(command, account: Scenario.account, now: now).value
        }
    }

    /// An engine without persistence that ran the whole scenario: what a restart must give back.
    static func liveEngine(advancedTo now: Timestamp? = nil) throws -> (Engine, Scenario) {
        let live = Engine(configuration: engineConfiguration)
        var scenario = Scenario(engine: live) { command, now in
            try live.execute(command, account: Scenario.account, now: now).value
        }
        try scenario.runSetUp()
        try scenario.runChanges()
        _ = live.advance(to: now ?? scenario.now)
        return (live, scenario)
    }

    static func expectSameState(_ restored: Engine, _ live: Engine, now: Timestamp) throws {
        restored.checkInvariants()
        #expect(EngineView.records(of: restored) == EngineView.records(of: live))
        let restoredView = try EngineView(restored, now: now)
        let liveView = try EngineView(live, now: now)
        #expect(restoredView.workspaces.count == liveView.workspaces.count)
        for (restoredWorkspace, liveWorkspace) in zip(restoredView.workspaces, liveView.workspaces) {
            #expect(restoredWorkspace.info == liveWorkspace.info)
            #expect(restoredWorkspace.workers == liveWorkspace.workers)
            #expect(restoredWorkspace.tasks == liveWorkspace.tasks)
            #expect(restoredWorkspace.taskReservations == liveWorkspace.taskReservations)
            #expect(restoredWorkspace == liveWorkspace)
        }
        #expect(restoredView.nextDeadline == liveView.nextDeadline)
    }

    @Test func snapshotAndJournalRestoreLiveState() throws {
        let folder = try TemporaryFolder()
        let (durable, first) = try DurableEngine.open(configuration: Self.configuration(folder), now: Scenario.start)
        #expect(first.snapshotPath == nil)
        var scenario = Self.durableScenario(durable)
        try scenario.runSetUp()
        let snapshot = try durable.snapshotNow(createdAt: scenario.now)
        #expect(snapshot.header.totalCount(named: "tasks") == 10)
        try scenario.runChanges()
        try durable.close()

        let (reopened, report) = try DurableEngine.open(configuration: Self.configuration(folder), now: scenario.now)
        defer { try? reopened.close() }
        #expect(report.snapshotPath == snapshot.path)
        #expect(report.replayedRecordCount > 0)
        #expect(report.notes.isEmpty)
        let (live, _) = try Self.liveEngine()
        try Self.expectSameState(reopened.engine, live, now: scenario.now)
    }

    @Test func journalAloneRestoresLiveState() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Self.configuration(folder), now: Scenario.start)
        var scenario = Self.durableScenario(durable)
        try scenario.runSetUp()
        try scenario.runChanges()
        try durable.close()

        let (reopened, report) = try DurableEngine.open(configuration: Self.configuration(folder), now: scenario.now)
        defer { try? reopened.close() }
        #expect(report.snapshotPath == nil)
        let (live, _) = try Self.liveEngine()
        try Self.expectSameState(reopened.engine, live, now: scenario.now)
    }

    /// Each crash during a snapshot leaves its temporary file; opening the folder removes them
    /// and keeps everything else.
    @Test func openingRemovesInterruptedSnapshots() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Self.configuration(folder), now: Scenario.start)
        var scenario = Self.durableScenario(durable)
        try scenario.runSetUp()
        try durable.close()
        for name in ["snapshot-1.tmp", "snapshot-2.tmp"] {
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: folder.path).appendingPathComponent(name))
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path)

        let (reopened, _) = try DurableEngine.open(configuration: Self.configuration(folder), now: scenario.now)
        defer { try? reopened.close() }
        let after = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!after.contains { $0.hasSuffix(".tmp") })
        #expect(Set(after).isSuperset(of: before.filter { !$0.hasSuffix(".tmp") }))
    }

    @Test func snapshotAloneRestoresLiveState() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Self.configuration(folder), now: Scenario.start)
        var scenario = Self.durableScenario(durable)
        try scenario.runSetUp()
        try scenario.runChanges()
        try durable.snapshotNow(createdAt: scenario.now)
        try durable.close()
        for segment in try folder.files(prefix: "journal-") { try FileManager.default.removeItem(atPath: segment) }

        let (reopened, report) = try DurableEngine.open(configuration: Self.configuration(folder), now: scenario.now)
        defer { try? reopened.close() }
        #expect(report.replayedRecordCount == 0)
        #expect(report.restoredWorkspaceCount == 2)
        let (live, _) = try Self.liveEngine()
        try Self.expectSameState(reopened.engine, live, now: scenario.now)
    }

    @Test func timersFireOnTimeAfterRestore() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Self.configuration(folder), now: Scenario.start)
        var scenario = Self.durableScenario(durable)
        try scenario.runSetUp()
        try durable.snapshotNow(createdAt: scenario.now)
        try scenario.runChanges()
        try durable.close()
        let (reopened, _) = try DurableEngine.open(configuration: Self.configuration(folder), now: scenario.now)
        defer { try? reopened.close() }
        let (live, _) = try Self.liveEngine()

        let deadline = try #require(live.nextDeadline)
        #expect(reopened.engine.nextDeadline == deadline)
        #expect(try reopened.advanceAndWait(to: deadline.adding(milliseconds: -1)).isEmpty)
        #expect(live.advance(to: deadline.adding(milliseconds: -1)).isEmpty)
        let restoredEvents = try reopened.advanceAndWait(to: deadline)
        let liveEvents = live.advance(to: deadline)
        #expect(!liveEvents.isEmpty)
        #expect(restoredEvents == liveEvents)
        try Self.expectSameState(reopened.engine, live, now: deadline)
    }

    @Test func overdueTimersFireWhenOpened() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Self.configuration(folder), now: Scenario.start)
        var scenario = Self.durableScenario(durable)
        try scenario.runSetUp()
        try durable.snapshotNow(createdAt: scenario.now)
        try scenario.runChanges()
        try durable.close()

        // Two days later every TTL, reservation timeout and retention has passed.
        let later = scenario.now.adding(seconds: 2 * 86_400)
        let (reopened, report) = try DurableEngine.open(configuration: Self.configuration(folder), now: later)
        let (live, _) = try Self.liveEngine()
        let liveEvents = live.advance(to: later)
        #expect(report.overdueEventCount == liveEvents.count)
        #expect(report.overdueEventCount > 0)
        try Self.expectSameState(reopened.engine, live, now: later)

        // The overdue advance was journaled: another restart gives the same state.
        try reopened.close()
        let (again, againReport) = try DurableEngine.open(configuration: Self.configuration(folder), now: later)
        defer { try? again.close() }
        #expect(againReport.overdueEventCount == 0)
        try Self.expectSameState(again.engine, live, now: later)
    }

    @Test func newSidsMatchAfterRestore() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Self.configuration(folder), now: Scenario.start)
        var scenario = Self.durableScenario(durable)
        try scenario.runSetUp()
        try durable.snapshotNow(createdAt: scenario.now)
        try scenario.runChanges()
        try durable.close()
        let (reopened, _) = try DurableEngine.open(configuration: Self.configuration(folder), now: scenario.now)
        defer { try? reopened.close() }
        let (live, liveScenario) = try Self.liveEngine()

        let command = EngineCommand.createTask(workspace: liveScenario.workspace,
                                               CreateTaskRequest(attributes: #"{"after":"restart","urgent":true}"#))
        let restored = try reopened.executeAndWait(command, account: Scenario.account, now: scenario.now)
        let expected = try live.execute(command, account: Scenario.account, now: scenario.now)
        guard case .task(let restoredTask) = restored.value, case .task(let liveTask) = expected.value else {
            Issue.record("createTask returned \(restored.value) and \(expected.value)")
            return
        }
        #expect(restoredTask.sid == liveTask.sid)
        #expect(restored.events.map(\.sid) == expected.events.map(\.sid))
        #expect(restored.events.map(\.sequence) == expected.events.map(\.sequence))
    }

    @Test func restartWithOtherShardCount() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Self.configuration(folder), now: Scenario.start)
        var scenario = Self.durableScenario(durable)
        try scenario.runSetUp()
        try durable.snapshotNow(createdAt: scenario.now)
        try scenario.runChanges()
        try durable.close()

        var configuration = Self.configuration(folder)
        configuration.engine.shardCount = 3
        let (reopened, _) = try DurableEngine.open(configuration: configuration, now: scenario.now)
        defer { try? reopened.close() }
        let (live, _) = try Self.liveEngine()
        reopened.engine.checkInvariants()
        #expect(try EngineView(reopened.engine, now: scenario.now) == EngineView(live, now: scenario.now))
    }
}

@Suite struct ScenarioCoverageTests {
    @Test func scenarioReachesEveryStatus() throws {
        let (live, scenario) = try DurableEngineRecoveryTests.liveEngine()
        let view = try EngineView(live, now: scenario.now)
        let tasks = view.workspaces.flatMap(\.tasks)
        #expect(Set(tasks.map(\.assignmentStatus)) == Set(TaskStatus.allCases))
        let reservations = view.workspaces.flatMap { $0.taskReservations.joined() }
        #expect(reservations.contains { $0.reservationStatus == .pending })
        #expect(reservations.contains { $0.reservationStatus == .rejected })

        let records = EngineView.records(of: live)
        let timerKinds = Set(records.compactMap { record -> SnapshotImage.TimerKind? in
            if case .timer(let timer) = record { timer.kind } else { nil }
        })
        #expect(timerKinds == Set(SnapshotImage.TimerKind.allCases))
        #expect(records.filter { if case .routingDocument = $0 { true } else { false } }.count >= 3)
        #expect(records.contains { if case .task(let task) = $0 { !task.rejectedBy.isEmpty } else { false } })
        #expect(records.contains { if case .workspace(let workspace) = $0 { !workspace.tasks.freeSlots.isEmpty || !workspace.workers.freeSlots.isEmpty } else { false } })
    }
}

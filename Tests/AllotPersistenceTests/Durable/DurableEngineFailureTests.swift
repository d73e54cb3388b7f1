import AllotCore
import AllotWire
import Foundation
import Glibc
import Synchronization
import Testing

@testable import AllotPersistence
@testable import AllotStorage

@Suite struct DurableEngineFailureTests {
    typealias Recovery = DurableEngineRecoveryTests

    /// Runs the scenario with a snapshot after its set-up and another after its changes, then
    /// damages the newer one. Returns the scenario and the newer snapshot.
    static func writeTwoSnapshotsDamagingNewest(to folder: TemporaryFolder) throws -> (Scenario, SnapshotReport) {
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: Scenario.start)
        var scenario = Recovery.durableScenario(durable)
        try scenario.runSetUp()
        try durable.snapshotNow(createdAt: scenario.now)
        try scenario.runChanges()
        let newest = try durable.snapshotNow(createdAt: scenario.now)
        try durable.close()
        try modify(newest.path) { bytes in bytes[bytes.count / 2] ^= 0xFF }
        return (scenario, newest)
    }

    /// Runs the whole scenario on a durable engine in `folder`, with a snapshot after the
    /// set-up when `snapshot` is true, and closes it.
    static func writeScenario(to folder: TemporaryFolder, snapshot: Bool) throws -> Scenario {
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: Scenario.start)
        var scenario = Recovery.durableScenario(durable)
        try scenario.runSetUp()
        if snapshot { try durable.snapshotNow(createdAt: scenario.now) }
        try scenario.runChanges()
        try durable.close()
        return scenario
    }

    static func modify(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func tornJournalTailIsTruncated() throws {
        let folder = try TemporaryFolder()
        var scenario = try Self.writeScenario(to: folder, snapshot: true)
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: scenario.now)
        let expected = EngineView.records(of: durable.engine)
        _ = try durable.executeAndWait(.createTask(workspace: scenario.workspace, CreateTaskRequest(
            attributes: #"{"torn":true,"urgent":true}"#)), account: Scenario.account, now: scenario.now)
        try durable.close()
        let segment = try #require(try folder.files(prefix: "journal-").last)
        try Self.modify(segment) { $0.removeLast(5) }

        let (reopened, report) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: scenario.now)
        defer { try? reopened.close() }
        #expect(report.notes.contains { if case .journalTailTruncated = $0 { true } else { false } })
        #expect(EngineView.records(of: reopened.engine) == expected)
        scenario.now = scenario.now.adding(seconds: 1)
    }

    @Test func damagedSnapshotFallsBackToOlderOne() throws {
        let folder = try TemporaryFolder()
        let (scenario, newest) = try Self.writeTwoSnapshotsDamagingNewest(to: folder)

        let (reopened, report) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: scenario.now)
        defer { try? reopened.close() }
        #expect(report.snapshotPath != newest.path)
        #expect(report.notes.contains { if case .snapshotSkipped = $0 { true } else { false } })
        #expect(report.notes.contains { if case .snapshotSetAside = $0 { true } else { false } })
        let (live, _) = try Recovery.liveEngine()
        try Recovery.expectSameState(reopened.engine, live, now: scenario.now)
    }

    @Test func fallbackWritesSnapshotOfRecoveredState() throws {
        let folder = try TemporaryFolder()
        let (scenario, newest) = try Self.writeTwoSnapshotsDamagingNewest(to: folder)

        let (reopened, report) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: scenario.now)
        #expect(report.wroteSnapshot)
        #expect(report.replayedRecordCount > 0)
        let replacement = try #require(try folder.files(prefix: "snapshot-").last)
        #expect(replacement != newest.path)
        #expect(try SnapshotReader.inspect(replacement).coveredSequence == report.nextSequence - 1)
        try reopened.close()

        // The next start restores the replacement and replays nothing.
        let (again, second) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: scenario.now)
        defer { try? again.close() }
        #expect(second.notes.isEmpty)
        #expect(second.replayedRecordCount == 0)
        let (live, _) = try Recovery.liveEngine()
        try Recovery.expectSameState(again.engine, live, now: scenario.now)
    }

    @Test func damagedRecordBeforeTailStopsRecovery() throws {
        let folder = try TemporaryFolder()
        let scenario = try Self.writeScenario(to: folder, snapshot: false)
        let segment = try #require(try folder.files(prefix: "journal-").last)
        try Self.modify(segment) { bytes in bytes[bytes.count / 3] ^= 0xFF }

        #expect {
            _ = try DurableEngine.open(configuration: Recovery.configuration(folder), now: scenario.now)
        } throws: { error in
            guard case .corruptRecord = error as? JournalError else { return false }
            return "\(error)".contains("Restore the data folder from a backup")
        }
    }

    @Test func unknownEntryVersionStopsRecovery() throws {
        let folder = try TemporaryFolder()
        let writer = try JournalWriter(
            configuration: JournalWriter.Configuration(folder: folder.path, syncPolicy: .always), nextSequence: 1)
        let entry = Wire.JournalEntry(entryVersion: 2, accountSID: Scenario.account, nowUnixMilliseconds: 0,
                                      shardCount: 4, command: .advance(Wire.JournalAdvance()))
        try writer.appendAndWait(shard: 0, payload: try entry.serializedBytes())
        try writer.close()

        #expect {
            _ = try DurableEngine.open(configuration: Recovery.configuration(folder), now: Scenario.start)
        } throws: { error in
            guard case .replayFailed(let sequence, _, let cause) = error as? DurableRecoveryError else { return false }
            return sequence == 1 && cause as? PersistenceCodecError
                == .unsupportedVersion(kind: "journal entry", version: 2, supported: 1)
        }
    }

    @Test func unknownBodyVersionStopsRecovery() throws {
        let folder = try TemporaryFolder()
        let header = Wire.SnapshotShardHeader(bodyVersion: 2, shardIndex: 0, shardCount: 1, workspaceCount: 0)
        let record = try Wire.SnapshotRecord(record: .shardHeader(header)).serializedBytes()
        var body: [UInt8] = []
        Varint.append(UInt64(record.count), to: &body)
        body += record
        try SnapshotWriter(configuration: .init(folder: folder.path)).write(
            createdMilliseconds: 0, countNames: [], shards: [SnapshotShard(coveredSequence: 0, counts: [], body: body)])

        #expect {
            _ = try DurableEngine.open(configuration: Recovery.configuration(folder), now: Scenario.start)
        } throws: { error in
            guard case .snapshotUnusable(_, let shard, let cause) = error as? DurableRecoveryError else { return false }
            return shard == 0 && cause as? PersistenceCodecError
                == .unsupportedVersion(kind: "snapshot body", version: 2, supported: 1)
        }
    }

    @Test func journalEndingBeforeSnapshotGetsNewSnapshot() throws {
        let folder = try TemporaryFolder()
        let scenario = try Self.writeScenario(to: folder, snapshot: false)
        let segment = try #require(try folder.files(prefix: "journal-").first)
        let journalBytes = try Data(contentsOf: URL(fileURLWithPath: segment))

        // A snapshot whose shards cover different sequences, as concurrent writes during a
        // snapshot leave them: the shard without workspaces covers only the first record.
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: scenario.now)
        let emptyShard = try #require((0..<4).first { durable.engine.captureShard($0).workspaceCount == 0 })
        let last = durable.journal.lastAssignedSequence
        _ = try DurableEngine.writeSnapshot(of: durable.engine, configuration: Recovery.configuration(folder),
                                            createdAt: scenario.now) { index in
            (durable.engine.captureShard(index), index == emptyShard ? 1 : last)
        }
        try durable.close()

        // Lose the second half of the journal, as a power loss after unsynced writes would.
        for file in try folder.files(prefix: "journal-") { try FileManager.default.removeItem(atPath: file) }
        try journalBytes.prefix(journalBytes.count / 2).write(to: URL(fileURLWithPath: segment))

        let later = scenario.now.adding(seconds: 400)
        let (reopened, report) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: scenario.now)
        #expect(report.wroteSnapshot)
        #expect(report.nextSequence == last + 1)
        #expect(report.notes.contains { if case .journalEndsBeforeSnapshot = $0 { true } else { false } })
        _ = try reopened.advanceAndWait(to: later)
        let expected = EngineView.records(of: reopened.engine)
        try reopened.close()

        // A second restart reads the new snapshot and the records after it, with no gap.
        let (again, _) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: later)
        defer { try? again.close() }
        #expect(EngineView.records(of: again.engine) == expected)
    }

    @Test func journalFailureLeavesChangeUnacknowledged() throws {
        let folder = try TemporaryFolder()
        let faults = JournalFaultInjector()
        var journalConfiguration = JournalWriter.Configuration(folder: folder.path, syncPolicy: .always)
        journalConfiguration.retryDelay = .seconds(3_600)
        let journal = try JournalWriter(configuration: journalConfiguration, nextSequence: 1, eventHandler: { _ in },
                                        faults: faults)
        let durable = DurableEngine(engine: Engine(configuration: Recovery.engineConfiguration), journal: journal,
                                    configuration: Recovery.configuration(folder), eventHandler: { _ in })
        let create = EngineCommand.createWorkspace(CreateWorkspaceRequest(friendlyName: "F", sid: "WS" + String(repeating: "e", count: 32)))
        faults.fail(.synchronize, errorNumber: ENOSPC)

        #expect {
            _ = try durable.executeAndWait(create, account: Scenario.account, now: Scenario.start)
        } throws: { error in
            guard case .unavailable(_, let applied) = error as? DurableEngineError else { return false }
            return applied
        }
        #expect(durable.engine.workspaceCount == 1)

        let second = EngineCommand.createWorkspace(CreateWorkspaceRequest(friendlyName: "G"))
        #expect {
            _ = try durable.executeAndWait(second, account: Scenario.account, now: Scenario.start)
        } throws: { error in
            guard case .unavailable(_, let applied) = error as? DurableEngineError else { return false }
            return !applied && (error as? DurableEngineError)?.grpcStatusCode == 14
        }
        #expect(durable.engine.workspaceCount == 1)

        // Closing retries the write, so the first change survives a restart after all.
        try durable.close()
        let (reopened, _) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: Scenario.start)
        defer { try? reopened.close() }
        #expect(reopened.engine.workspaceCount == 1)
    }

    @Test func closedEngineRejectsCommands() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: Scenario.start)
        try durable.close()
        #expect(throws: DurableEngineError.closed) {
            _ = try durable.executeAndWait(.createWorkspace(CreateWorkspaceRequest(friendlyName: "late")),
                                           account: Scenario.account, now: Scenario.start)
        }
        #expect(durable.engine.workspaceCount == 0)
    }

    @Test func unencodableCommandIsNotApplied() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: Scenario.start)
        defer { try? durable.close() }
        #expect {
            _ = try durable.executeAndWait(.createWorkspace(CreateWorkspaceRequest(friendlyName: "nul\u{0}name")),
                                           account: Scenario.account, now: Scenario.start)
        } throws: { error in
            guard case .invalidCommand = error as? DurableEngineError else { return false }
            return (error as? DurableEngineError)?.grpcStatusCode == 3
        }
        #expect(durable.engine.workspaceCount == 0)
    }

    @Test(arguments: [JournalSyncPolicy.interval(.milliseconds(5)), .never])
    func relaxedPoliciesRestoreAfterClose(_ policy: JournalSyncPolicy) throws {
        let folder = try TemporaryFolder()
        let configuration = Recovery.configuration(folder, policy: policy)
        let (durable, _) = try DurableEngine.open(configuration: configuration, now: Scenario.start)
        var scenario = Recovery.durableScenario(durable)
        try scenario.runSetUp()
        try scenario.runChanges()
        try durable.close()
        let (reopened, _) = try DurableEngine.open(configuration: configuration, now: scenario.now)
        defer { try? reopened.close() }
        let (live, _) = try Recovery.liveEngine()
        try Recovery.expectSameState(reopened.engine, live, now: scenario.now)
    }

    @Test func skippedSnapshotReportedWhenJournalStops() throws {
        let folder = try TemporaryFolder()
        let (scenario, newest) = try Self.writeTwoSnapshotsDamagingNewest(to: folder)
        // Every segment fails to open, with ELOOP, so the fallback to the older snapshot stops.
        for segment in try folder.files(prefix: "journal-") {
            try FileManager.default.removeItem(atPath: segment)
            #expect(symlink(segment, segment) == 0)
        }

        let events = Mutex<[DurableEngineEvent]>([])
        #expect {
            _ = try DurableEngine.open(configuration: Recovery.configuration(folder), now: scenario.now) { event in
                events.withLock { $0.append(event) }
            }
        } throws: { error in
            guard case .file(let cause) = error as? JournalError else { return false }
            return cause.errorNumber == ELOOP
        }
        let skipped = events.withLock { $0 }.compactMap { event -> String? in
            guard case .skippedBeforeFailure(.snapshotSkipped(let path, _)) = event else { return nil }
            return path
        }
        #expect(skipped == [newest.path])
        #expect(FileManager.default.fileExists(atPath: newest.path))
    }

    @Test func idleScheduleWritesNoSnapshot() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: Scenario.start)
        #expect(try durable.snapshotIfJournalAdvanced(createdAt: Scenario.start) == nil)
        var scenario = Recovery.durableScenario(durable)
        try scenario.runSetUp()
        let first = try #require(try durable.snapshotIfJournalAdvanced(createdAt: scenario.now))
        #expect(first.coveredSequence == durable.journal.lastAssignedSequence)
        #expect(try durable.snapshotIfJournalAdvanced(createdAt: scenario.now) == nil)
        #expect(try folder.files(prefix: "snapshot-") == [first.path])

        try scenario.runChanges()
        let second = try #require(try durable.snapshotIfJournalAdvanced(createdAt: scenario.now))
        #expect(second.coveredSequence > first.coveredSequence)
        try durable.close()

        // The newest snapshot covers the whole journal, so a restarted idle engine skips too.
        let (reopened, report) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: scenario.now)
        defer { try? reopened.close() }
        #expect(report.snapshotPath == second.path)
        #expect(try reopened.snapshotIfJournalAdvanced(createdAt: scenario.now) == nil)
        // An explicit snapshot is written whatever the journal did.
        #expect(try reopened.snapshotNow(createdAt: scenario.now).coveredSequence == second.coveredSequence)
    }
}

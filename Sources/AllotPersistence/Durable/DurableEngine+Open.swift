import AllotCore
import AllotStorage

/// A summary of start-up recovery, for the server's log.
package struct RecoveryReport: Sendable {
    /// The snapshot restored, or nil when the engine started empty.
    package var snapshotPath: String?
    /// The lowest journal sequence the snapshot covers; 0 without a snapshot.
    package var snapshotSequence: UInt64
    package var restoredWorkspaceCount: Int
    package var replayedRecordCount: Int
    /// The sequence of the first record appended after recovery.
    package var nextSequence: UInt64
    /// Events of timers whose deadlines passed while the server was down.
    package var overdueEventCount: Int
    /// Repairs and fallbacks, each worth a log line.
    package var notes: [RecoveryNote]
    /// True when a snapshot was written before the journal reopened, because the journal
    /// ended before sequences the old snapshot covers or a damaged snapshot was set aside.
    package var wroteSnapshot: Bool
    /// Time spent reading, checking and decompressing the snapshot file.
    package var snapshotReadDuration: Duration
    /// Time spent decoding the snapshot's records and rebuilding the engine from them.
    package var restoreDuration: Duration
    package var replayDuration: Duration

    /// Values for the summary log line, as key and value pairs.
    package var metadata: [(String, String)] {
        [
            ("snapshot.path", snapshotPath ?? "none"), ("snapshot.sequence", "\(snapshotSequence)"),
            ("recovery.workspaces", "\(restoredWorkspaceCount)"), ("recovery.replayed", "\(replayedRecordCount)"),
            ("journal.next_sequence", "\(nextSequence)"), ("recovery.overdue_events", "\(overdueEventCount)"),
            ("recovery.wrote_snapshot", "\(wroteSnapshot)"),
            ("recovery.snapshot_read_duration", snapshotReadDuration.logMilliseconds),
            ("recovery.restore_duration", restoreDuration.logMilliseconds), ("recovery.replay_duration", replayDuration.logMilliseconds),
        ]
    }
}

extension DurableEngine {
    /// Locks the data folder, rebuilds the engine from it and opens the journal for appending.
    ///
    /// 1. Restores the newest snapshot that passes every check, falling back past damaged
    ///    ones, but stopping at one that a file call fails on. When a later step throws, each
    ///    skipped snapshot goes to `eventHandler` as ``DurableEngineEvent/skippedBeforeFailure(_:)``.
    /// 2. Replays the journal records after it, truncating a torn tail.
    /// 3. Writes a new snapshot first when the journal ended before what the old one covers,
    ///    or when a damaged snapshot was set aside.
    /// 4. Opens the journal at the next sequence, in a new segment.
    /// 5. Fires, at `now`, the timers whose deadlines passed while the server was down, in
    ///    deadline order, through a journaled advance.
    ///
    /// - Throws: ``DataDirectoryLockError`` when another process uses the folder, and
    ///   ``DurableRecoveryError``, ``JournalError``, ``SnapshotError`` or
    ///   ``RecoveryError`` for damage that recovery must not repair silently; each message
    ///   names the file and what to do.
    package static func open(
        configuration: DurableEngineConfiguration, now: Timestamp,
        eventHandler: @escaping @Sendable (DurableEngineEvent) -> Void = { _ in }
    ) throws -> (DurableEngine, RecoveryReport) {
        let engine = Engine(configuration: configuration.engine)
        // Before anything is read or written, so that a second server on the folder stops here.
        let folderLock = try DataDirectoryLock(folder: configuration.dataDirectory)

        // 1 to 3. Snapshots skipped on the way are logged even when a later step stops recovery.
        var skippedNotes: [RecoveryNote] = []
        let recovered: RecoveredState
        do {
            recovered = try recoverState(into: engine, configuration: configuration, now: now) { skippedNotes.append($0) }
        } catch {
            for note in skippedNotes { eventHandler(.skippedBeforeFailure(note)) }
            throw error
        }
        let result = recovered.result

        // 4. Journal writer.
        let journal = try JournalWriter(
            configuration: configuration.journalConfiguration, nextSequence: result.nextSequence,
            eventHandler: { eventHandler(.journal($0)) })
        let durable = DurableEngine(engine: engine, journal: journal, configuration: configuration,
                                    folderLock: folderLock, eventHandler: eventHandler)
        durable.newestSnapshotCoveredSequence.store(
            recovered.wroteSnapshot ? result.nextSequence - 1 : recovered.snapshot?.header.coveredSequence ?? 0,
            ordering: .relaxed)

        // 5. Overdue timers.
        let overdue: [EngineEvent]
        do {
            overdue = try durable.advanceAndWait(to: now)
        } catch {
            try? durable.close()
            throw error
        }
        let report = RecoveryReport(
            snapshotPath: recovered.snapshot?.path, snapshotSequence: recovered.snapshot?.header.coveredSequence ?? 0,
            restoredWorkspaceCount: engine.workspaceCount, replayedRecordCount: result.replayedCount,
            nextSequence: result.nextSequence, overdueEventCount: overdue.count, notes: result.notes,
            wroteSnapshot: recovered.wroteSnapshot, snapshotReadDuration: recovered.snapshotReadDuration,
            restoreDuration: recovered.restoreDuration,
            replayDuration: recovered.replayDuration)
        return (durable, report)
    }

    /// The outcome of steps 1 to 3 of ``open(configuration:now:eventHandler:)``.
    private struct RecoveredState {
        var snapshot: Snapshot?
        var result: Recovery.Result
        /// True when step 3 wrote a snapshot of the recovered state.
        var wroteSnapshot: Bool
        var snapshotReadDuration: Duration
        var restoreDuration: Duration
        var replayDuration: Duration
    }

    /// Restores the newest usable snapshot into `engine` and replays the journal after it. Then
    /// writes a new snapshot when the journal ends before what the snapshot covers, or when a
    /// damaged snapshot was set aside.
    private static func recoverState(
        into engine: Engine, configuration: DurableEngineConfiguration, now: Timestamp,
        onSnapshotSkipped: (RecoveryNote) -> Void
    ) throws -> RecoveredState {
        let clock = ContinuousClock()

        // 1. Snapshot. Temporary files of snapshots a crash interrupted are removed first.
        _ = try SnapshotWriter.removeTemporaryFiles(in: configuration.dataDirectory)
        let readStart = clock.now
        let recovery = try Recovery(folder: configuration.dataDirectory, onSnapshotSkipped: onSnapshotSkipped)
        let snapshotReadDuration = clock.now - readStart
        let restoreStart = clock.now
        if let snapshot = recovery.snapshot {
            try restore(snapshot, into: engine)
        }
        let restoreDuration = clock.now - restoreStart

        // 2. Journal.
        let replayStart = clock.now
        let result = try recovery.replayJournal { record in try replay(record, into: engine) }
        let replayDuration = clock.now - replayStart

        // 3. Close the gap a later recovery would stop at. After a fallback past a damaged
        //    snapshot, also replace it, so that the next start need not replay the same
        //    records again and the folder is back to a snapshot of its newest state.
        let wroteSnapshot = writesSnapshot(after: result)
        if wroteSnapshot {
            _ = try writeSnapshot(of: engine, configuration: configuration, createdAt: now) { index in
                (engine.captureShard(index), result.nextSequence - 1)
            }
        }
        return RecoveredState(
            snapshot: recovery.snapshot, result: result, wroteSnapshot: wroteSnapshot, snapshotReadDuration: snapshotReadDuration,
            restoreDuration: restoreDuration, replayDuration: replayDuration)
    }

    /// Returns whether recovery that ended with `result` writes a snapshot before the journal
    /// reopens: to close the gap a later recovery would stop at, or after skipping a damaged
    /// snapshot.
    static func writesSnapshot(after result: Recovery.Result) -> Bool {
        result.needsSnapshotBeforeAppending || result.notes.contains { if case .snapshotSkipped = $0 { true } else { false } }
    }

    /// Decodes one journal record and applies its command to `engine`, as it was applied
    /// when the record was written.
    ///
    /// - Throws: ``DurableRecoveryError/replayFailed(sequence:shard:cause:)`` naming the record.
    static func replay(_ record: JournalRecord, into engine: Engine) throws {
        do {
            let entry = try JournalEntryCodec.decode(record.payload)
            try engine.replay(entry.command, account: entry.accountSid, now: entry.now, shard: Int(record.shard),
                              shardCount: entry.shardCount)
        } catch {
            throw DurableRecoveryError.replayFailed(sequence: record.sequence, shard: record.shard, cause: error)
        }
    }

    /// Decodes every shard body of `snapshot` and puts its workspaces into `engine`.
    static func restore(_ snapshot: Snapshot, into engine: Engine) throws {
        for (index, body) in snapshot.bodies.enumerated() {
            do {
                let shard = try SnapshotBodyDecoder.decode(body, shardIndex: index, configuration: engine.configuration)
                try engine.restoreShard(shard)
            } catch {
                throw DurableRecoveryError.snapshotUnusable(path: snapshot.path, shard: index, cause: error)
            }
        }
    }
}

import AllotCore
import AllotStorage

extension DurableEngine {
    /// Writes a snapshot of every shard and removes the journal segments that every kept
    /// snapshot covers.
    ///
    /// Each shard is captured under its lock, which costs O(1) because the state is
    /// copy-on-write. Encoding and compression run after the lock is released, so no
    /// workspace waits for more than one capture. Only one snapshot runs at a time.
    ///
    /// - Parameter createdAt: the time recorded in the snapshot's header.
    /// - Throws: ``SnapshotError``, ``PersistenceCodecError`` or ``JournalError``; the data
    ///   folder then still contains the previous snapshots.
    @discardableResult
    package func snapshotNow(createdAt: Timestamp) throws -> SnapshotReport {
        try snapshotGate.withLock { _ in try writeSnapshotAndRemoveSegments(createdAt: createdAt) }
    }

    /// Writes a snapshot as ``snapshotNow(createdAt:)`` does, unless every shard of the newest
    /// snapshot already covers the last journal sequence assigned. Then the engine state is
    /// the one that snapshot contains, because every change is journaled, so this returns nil
    /// and writes nothing. The periodic schedule uses it, so that an idle server does not
    /// rewrite an identical file every interval.
    package func snapshotIfJournalAdvanced(createdAt: Timestamp) throws -> SnapshotReport? {
        try snapshotGate.withLock { _ in
            guard journal.lastAssignedSequence > newestSnapshotCoveredSequence.load(ordering: .relaxed) else {
                return nil
            }
            return try writeSnapshotAndRemoveSegments(createdAt: createdAt)
        }
    }

    /// Runs under ``snapshotGate``.
    private func writeSnapshotAndRemoveSegments(createdAt: Timestamp) throws -> SnapshotReport {
        var written = try Self.writeSnapshot(of: engine, configuration: configuration, createdAt: createdAt) { index in
            engine.captureShard(index) { journal.lastAssignedSequence }
        }
        newestSnapshotCoveredSequence.store(written.report.coveredSequence, ordering: .relaxed)
        written.report.removedSegmentPaths = try journal.removeSegments(
            coveredThrough: written.oldestKeptCoveredSequence)
        return written.report
    }

    /// A written snapshot and the lowest sequence any kept snapshot covers.
    struct WrittenSnapshot {
        var report: SnapshotReport
        var oldestKeptCoveredSequence: UInt64
    }

    /// Writes a snapshot, taking each shard and the journal sequence it covers from `capture`.
    static func writeSnapshot(
        of engine: Engine, configuration: DurableEngineConfiguration, createdAt: Timestamp,
        capture: (Int) -> (ShardSnapshot, UInt64)
    ) throws -> WrittenSnapshot {
        let clock = ContinuousClock()
        let start = clock.now
        var longestCapture = Duration.zero
        var encodeDuration = Duration.zero
        let writer = SnapshotWriter(configuration: configuration.snapshotConfiguration)
        let result = try writer.write(
            createdMilliseconds: createdAt.unixMilliseconds, countNames: SnapshotBodyCounts.names,
            shardCount: engine.configuration.shardCount
        ) { index, appendBody in
            let captureStart = clock.now
            let (snapshot, coveredSequence) = capture(index)
            let captureDuration = clock.now - captureStart
            longestCapture = max(longestCapture, captureDuration)
            // Encoding runs on a second thread while this one compresses and writes the parts.
            let (counts, encoderDuration) = try SnapshotBodyStream.encode(snapshot, consume: appendBody)
            encodeDuration += captureDuration + encoderDuration
            return SnapshotShardSummary(coveredSequence: coveredSequence, counts: counts.values)
        }
        let report = SnapshotReport(
            path: result.path, coveredSequence: result.header.coveredSequence, header: result.header,
            longestCapture: longestCapture, writeDuration: clock.now - start, encodeDuration: encodeDuration,
            removedSnapshotPaths: result.removedPaths,
            removedSegmentPaths: [])
        return WrittenSnapshot(report: report, oldestKeptCoveredSequence: result.oldestKeptCoveredSequence)
    }
}

import Glibc
import Testing

@testable import AllotStorage

@Suite struct RecoveryTests {
    /// Segments of four fixture records each.
    static let segmentBytes = JournalReaderTests.recordOffset(4)

    static func replay(_ folder: String) throws -> (
        snapshot: Snapshot?, records: [JournalRecord], result: Recovery.Result
    ) {
        let recovery = try Recovery(folder: folder)
        var records: [JournalRecord] = []
        let result = try recovery.replayJournal { records.append($0) }
        return (recovery.snapshot, records, result)
    }

    /// Writes a snapshot whose shards cover `shardSequences`, with tiny bodies.
    @discardableResult
    static func writeSnapshot(_ shardSequences: [UInt64], to folder: String) throws -> SnapshotWriter.Result {
        let shards = shardSequences.enumerated().map { index, sequence in
            SnapshotShard(coveredSequence: sequence, counts: [], body: [UInt8(index)])
        }
        return try SnapshotWriter(configuration: .init(folder: folder)).write(
            createdMilliseconds: 0, countNames: [], shards: shards)
    }

    @Test func emptyFolderStartsAtSequenceOne() throws {
        let folder = try TemporaryFolder()
        for path in [folder.path, folder.file("missing")] {
            let (snapshot, records, result) = try Self.replay(path)
            #expect(snapshot == nil)
            #expect(records.isEmpty)
            #expect(result == Recovery.Result(nextSequence: 1, replayedCount: 0, notes: []))
        }
    }

    @Test func journalAloneReplaysEverything() throws {
        let folder = try TemporaryFolder()
        let written = try JournalFixtures.write(count: 10, to: folder.path, segmentBytes: Self.segmentBytes)
        let (snapshot, records, result) = try Self.replay(folder.path)
        #expect(snapshot == nil)
        #expect(records == written)
        #expect(result.nextSequence == 11)
    }

    @Test func replaySkipsRecordsEachShardCovers() throws {
        let folder = try TemporaryFolder()
        let written = try JournalFixtures.write(count: 20, to: folder.path, segmentBytes: Self.segmentBytes)
        let shardSequences: [UInt64] = [10, 12, 15]
        try Self.writeSnapshot(shardSequences, to: folder.path)

        let (snapshot, records, result) = try Self.replay(folder.path)
        #expect(snapshot?.header.coveredSequence == 10)
        // Shard 3 is not in the snapshot, so all its records after sequence 10 replay.
        let expected = written.filter { record in
            let shard = Int(record.shard)
            return record.sequence > (shard < shardSequences.count ? shardSequences[shard] : 10)
        }
        #expect(records == expected)
        #expect(result.replayedCount == expected.count)
        #expect(result.nextSequence == 21)
        #expect(result.notes.isEmpty)
    }

    @Test func writerSnapshotRetentionAndRecoveryCycle() throws {
        let folder = try TemporaryFolder()
        var configuration = JournalWriter.Configuration(folder: folder.path, syncPolicy: .always)
        configuration.segmentBytes = Self.segmentBytes
        let writer = try JournalWriter(configuration: configuration, nextSequence: 1)
        for sequence in UInt64(1)...9 { try writer.appendAndWait(shard: 0, payload: JournalFixtures.payload(sequence)) }
        let covered = writer.lastAssignedSequence
        let snapshot = try Self.writeSnapshot([covered], to: folder.path)
        try writer.removeSegments(coveredThrough: snapshot.oldestKeptCoveredSequence)
        var after: [[UInt8]] = []
        for sequence in UInt64(10)...14 {
            after.append(JournalFixtures.payload(sequence))
            try writer.appendAndWait(shard: 0, payload: after.last ?? [])
        }
        try writer.close()
        #expect(try JournalSegments.list(in: folder.path).first?.firstSequence == 9)

        let (_, records, result) = try Self.replay(folder.path)
        #expect(records.map(\.payload) == after)
        #expect(result.nextSequence == 15)

        let reopened = try JournalWriter(configuration: configuration, nextSequence: result.nextSequence)
        try reopened.appendAndWait(shard: 0, payload: [15])
        try reopened.close()
        #expect(try Self.replay(folder.path).records.map(\.sequence) == Array(10...15))
    }

    @Test func gapAfterSnapshotIsHardError() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 12, to: folder.path, segmentBytes: Self.segmentBytes)
        try JournalRetention.removeSegments(in: folder.path, coveredThrough: 8)
        try Self.writeSnapshot([5, 5, 5], to: folder.path)

        let recovery = try Recovery(folder: folder.path)
        #expect(
            throws: JournalError.sequenceGap(
                firstMissing: 6, lastMissing: 8,
                segmentPath: JournalFixtures.segmentPath(in: folder.path, firstSequence: 9))
        ) {
            try recovery.replayJournal { _ in }
        }
    }

    @Test func damagedSnapshotFallsBackAndReplaysMore() throws {
        let folder = try TemporaryFolder()
        let written = try JournalFixtures.write(count: 20, to: folder.path, segmentBytes: Self.segmentBytes)
        try Self.writeSnapshot([8, 8, 8, 8], to: folder.path)
        let newest = try Self.writeSnapshot([16, 16, 16, 16], to: folder.path)
        try TestFiles.flipByte(at: 60, in: newest.path)

        let (snapshot, records, result) = try Self.replay(folder.path)
        #expect(snapshot?.header.coveredSequence == 8)
        #expect(records == Array(written.dropFirst(8)))
        #expect(result.nextSequence == 21)
        guard case .snapshotSkipped(let path, _) = result.notes.first else {
            Issue.record("expected a skipped-snapshot note, got \(result.notes)")
            return
        }
        #expect(path == newest.path)
        #expect(result.notes.last == .snapshotSetAside(path: newest.path, newPath: newest.path + ".damaged"))
        #expect(try FileSystem.fileSize(newest.path) == nil)
        #expect(try FileSystem.fileSize(newest.path + ".damaged") != nil)

        let again = try Self.replay(folder.path)
        #expect(again.snapshot?.header.coveredSequence == 8)
        #expect(again.result.notes.isEmpty)
    }

    @Test func reportOnlyReplayLeavesDamagedSnapshotInPlace() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 20, to: folder.path, segmentBytes: Self.segmentBytes)
        try Self.writeSnapshot([8], to: folder.path)
        let newest = try Self.writeSnapshot([16], to: folder.path)
        try TestFiles.flipByte(at: 60, in: newest.path)

        let result = try Recovery(folder: folder.path).replayJournal(tailRepair: .reportOnly) { _ in }
        #expect(result.notes.count == 1)
        #expect(try FileSystem.fileSize(newest.path) != nil)
    }

    @Test func fallbackPastRemovedJournalIsHardError() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 20, to: folder.path, segmentBytes: Self.segmentBytes)
        try Self.writeSnapshot([4], to: folder.path)
        let newest = try Self.writeSnapshot([16], to: folder.path)
        // Removing segments through the newest snapshot, not the oldest kept one, breaks the fallback.
        try JournalRetention.removeSegments(in: folder.path, coveredThrough: 16)
        try TestFiles.flipByte(at: 60, in: newest.path)

        let recovery = try Recovery(folder: folder.path)
        let error = #expect(throws: RecoveryError.self) { try recovery.replayJournal { _ in } }
        guard case .snapshotsUnusable(let skipped, let cause) = error else {
            Issue.record("expected snapshotsUnusable, got \(String(describing: error))")
            return
        }
        #expect(skipped.count == 1)
        #expect(
            cause
                == .sequenceGap(
                    firstMissing: 5, lastMissing: 16,
                    segmentPath: JournalFixtures.segmentPath(in: folder.path, firstSequence: 17)))
    }

    @Test func journalEndingBeforeSnapshotIsNoted() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 6, to: folder.path)
        try Self.writeSnapshot([9, 11], to: folder.path)

        let (_, records, result) = try Self.replay(folder.path)
        #expect(records.isEmpty)
        // Above every shard's covered sequence, so that no new record of the
        // second shard is mistaken for one the snapshot contains.
        #expect(result.nextSequence == 12)
        #expect(result.notes == [.journalEndsBeforeSnapshot(lastJournalSequence: 6, snapshotSequence: 11)])
        #expect(result.needsSnapshotBeforeAppending)
    }

    @Test func journalEndingInsideShardRangeSkipsAhead() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 10, to: folder.path)
        try Self.writeSnapshot([8, 14], to: folder.path)

        let (_, _, result) = try Self.replay(folder.path)
        #expect(result.nextSequence == 15)
        #expect(result.notes == [.journalEndsBeforeSnapshot(lastJournalSequence: 10, snapshotSequence: 14)])
        #expect(result.needsSnapshotBeforeAppending)
    }

    @Test func journalPastEveryShardNeedsNoSnapshot() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 20, to: folder.path)
        try Self.writeSnapshot([8, 14], to: folder.path)

        let (_, _, result) = try Self.replay(folder.path)
        #expect(result.nextSequence == 21)
        #expect(result.notes.isEmpty)
        #expect(!result.needsSnapshotBeforeAppending)
    }

    @Test func tornTailIsTruncatedAndNoted() throws {
        let folder = try TemporaryFolder()
        let written = try JournalFixtures.write(count: 6, to: folder.path)
        let segment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        let bytes = try TestFiles.read(segment)
        try TestFiles.write(Array(bytes.dropLast(3)), to: segment)

        let (_, records, result) = try Self.replay(folder.path)
        #expect(records == Array(written.prefix(5)))
        #expect(result.nextSequence == 6)
        guard case .journalTailTruncated(let path, _, _, _) = result.notes.first else {
            Issue.record("expected a truncation note, got \(result.notes)")
            return
        }
        #expect(path == segment)
    }

    @Test func unreadableSnapshotStopsAndChangesNothing() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 20, to: folder.path, segmentBytes: Self.segmentBytes)
        try Self.writeSnapshot([8, 8], to: folder.path)
        let damaged = try Self.writeSnapshot([12, 12], to: folder.path)
        let unreadable = try Self.writeSnapshot([16, 16], to: folder.path)
        try TestFiles.flipByte(at: 60, in: damaged.path)
        try TestFiles.replaceWithSymlinkLoop(unreadable.path)
        let names = try folder.names()

        let cause = FileError(call: "open", path: unreadable.path, errorNumber: ELOOP)
        #expect(throws: SnapshotError.unreadable(path: unreadable.path, cause: cause)) {
            _ = try Recovery(folder: folder.path)
        }
        #expect(try folder.names() == names)
    }

    @Test func unreadableSegmentStopsAndChangesNothing() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 12, to: folder.path, segmentBytes: Self.segmentBytes)
        let damaged = try Self.writeSnapshot([8, 8], to: folder.path)
        try TestFiles.flipByte(at: 60, in: damaged.path)
        let segment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 5)
        try TestFiles.replaceWithSymlinkLoop(segment)
        let names = try folder.names()

        let recovery = try Recovery(folder: folder.path)
        #expect(throws: JournalError.file(FileError(call: "open", path: segment, errorNumber: ELOOP))) {
            try recovery.replayJournal { _ in }
        }
        #expect(try folder.names() == names)
    }
}

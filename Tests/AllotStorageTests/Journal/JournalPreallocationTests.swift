import Testing

@testable import AllotStorage

/// The writer allocates a segment's space ahead of its records, so a segment that was not
/// closed cleanly ends in zeros after its last record. These tests check the writer's side
/// and how readers take such a zero tail.
@Suite struct JournalPreallocationTests {
    /// Size of the segments written here, small enough to build by hand.
    static let segmentBytes = 64 << 10

    /// Writes `count` fixture records in one segment, cuts it to `cut` bytes when given, pads
    /// it with zeros to `segmentBytes`, as a crash leaves it, and returns the segment's path.
    static func crashedSegment(in folder: TemporaryFolder, count: Int, cut: Int? = nil) throws -> String {
        try JournalFixtures.write(count: count, to: folder.path)
        let path = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        var bytes = try TestFiles.read(path)
        if let cut { bytes.removeLast(bytes.count - cut) }
        bytes += [UInt8](repeating: 0, count: segmentBytes - bytes.count)
        try TestFiles.write(bytes, to: path)
        return path
    }

    @Test func openSegmentIsAllocatedAhead() throws {
        let folder = try TemporaryFolder()
        var configuration = JournalWriter.Configuration(folder: folder.path, syncPolicy: .always)
        configuration.segmentBytes = Self.segmentBytes
        let writer = try JournalWriter(configuration: configuration, nextSequence: 1)
        for sequence in 1...3 {
            _ = try writer.appendAndWait(shard: 0, payload: JournalFixtures.payload(UInt64(sequence)))
        }
        let segment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        let writtenBytes = JournalReaderTests.recordOffset(3)

        #expect(try FileSystem.fileSize(segment) == Self.segmentBytes)
        #expect(try TestFiles.read(segment)[writtenBytes...].allSatisfy { $0 == 0 })
        try writer.close()
        #expect(try FileSystem.fileSize(segment) == writtenBytes)
    }

    @Test func spaceGrowsInSteps() throws {
        let folder = try TemporaryFolder()
        let step = StorageLimits.journalAllocationStepBytes
        var configuration = JournalWriter.Configuration(folder: folder.path, syncPolicy: .always)
        configuration.segmentBytes = 4 * step
        let writer = try JournalWriter(configuration: configuration, nextSequence: 1)
        let segment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        let payload = [UInt8](repeating: 7, count: 64 << 10)
        _ = try writer.appendAndWait(shard: 0, payload: payload)
        #expect(try FileSystem.fileSize(segment) == step)

        // Records past the first step allocate the second, and no more.
        let recordBytes = JournalFormat.recordHeaderBytes + payload.count
        for _ in 0..<(step / recordBytes + 1) { _ = try writer.appendAndWait(shard: 0, payload: payload) }
        #expect(try FileSystem.fileSize(segment) == 2 * step)
        try writer.close()
    }

    @Test func zeroTailEndsLastSegment() throws {
        let folder = try TemporaryFolder()
        try Self.crashedSegment(in: folder, count: 3)

        let (records, summary) = try JournalReader(folder: folder.path).allRecords()
        #expect(records.map(\.sequence) == [1, 2, 3])
        #expect(summary.nextSequence == 4)
        #expect(summary.notes.isEmpty)
    }

    @Test func zeroTailEndsEarlierSegment() throws {
        let folder = try TemporaryFolder()
        try Self.crashedSegment(in: folder, count: 3)
        // The restarted server goes on in a new segment, named for the next sequence.
        try JournalFixtures.write(count: 2, firstSequence: 4, to: folder.path)

        let (records, summary) = try JournalReader(folder: folder.path).allRecords()
        #expect(records.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(summary.notes.isEmpty)
    }

    /// Recovery goes on in a new segment, so it gives back the zeros after the last record.
    @Test func recoveryCutsZeroTail() throws {
        let folder = try TemporaryFolder()
        let path = try Self.crashedSegment(in: folder, count: 3)

        let (records, summary) = try JournalReader(folder: folder.path).allRecords()
        #expect(records.map(\.sequence) == [1, 2, 3])
        #expect(summary.notes.isEmpty)
        #expect(try FileSystem.fileSize(path) == JournalReaderTests.recordOffset(3))
    }

    @Test func reportOnlyKeepsZeroTail() throws {
        let folder = try TemporaryFolder()
        let path = try Self.crashedSegment(in: folder, count: 3)

        let (records, _) = try JournalReader(folder: folder.path).allRecords(tailRepair: .reportOnly)
        #expect(records.map(\.sequence) == [1, 2, 3])
        #expect(try FileSystem.fileSize(path) == Self.segmentBytes)
    }

    @Test func recordCutBeforeZerosIsCutShort() throws {
        let folder = try TemporaryFolder()
        let offset = JournalReaderTests.recordOffset(3)
        let segment = try Self.crashedSegment(in: folder, count: 4, cut: offset + JournalFormat.recordHeaderBytes + 10)

        let (kept, report) = try JournalReader(folder: folder.path).allRecords(tailRepair: .reportOnly)
        #expect(kept.count == 3)
        #expect(report.notes == [
            .journalTailDamaged(path: segment, offset: offset, damagedBytes: JournalFormat.recordHeaderBytes + 10,
                                defect: .incompletePayload(payloadBytes: 40, availableBytes: 10))
        ])

        let (records, summary) = try JournalReader(folder: folder.path).allRecords()
        #expect(records.count == 3)
        #expect(summary.notes == [
            .journalTailTruncated(path: segment, offset: offset, removedBytes: Self.segmentBytes - offset,
                                  defect: .incompletePayload(payloadBytes: 40, availableBytes: 10))
        ])
        #expect(try FileSystem.fileSize(segment) == offset)
    }

    @Test func strayByteInZerosIsTornTail() throws {
        let folder = try TemporaryFolder()
        let segment = try Self.crashedSegment(in: folder, count: 3)
        try TestFiles.flipByte(at: Self.segmentBytes / 2, in: segment)

        let (records, summary) = try JournalReader(folder: folder.path).allRecords()
        #expect(records.count == 3)
        #expect(summary.notes.count == 1)
        guard case .journalTailTruncated(_, let offset, _, _)? = summary.notes.first else {
            Issue.record("expected a truncation note, got \(summary.notes)")
            return
        }
        #expect(offset == JournalReaderTests.recordOffset(3))
    }

    @Test func emptyPreallocatedSegmentIsNoRecord() throws {
        let folder = try TemporaryFolder()
        let segment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        let header = JournalFormat.segmentHeader(firstSequence: 1)
        try TestFiles.write(header + [UInt8](repeating: 0, count: Self.segmentBytes - header.count), to: segment)

        let writer = try JournalWriter(configuration: JournalWriter.Configuration(folder: folder.path, syncPolicy: .always),
                                       nextSequence: 1)
        #expect(try writer.appendAndWait(shard: 0, payload: JournalFixtures.payload(1)) == 1)
        try writer.close()
        let (records, _) = try JournalReader(folder: folder.path).allRecords()
        #expect(records.map(\.sequence) == [1])
    }
}

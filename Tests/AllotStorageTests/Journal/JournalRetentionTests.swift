import Testing

@testable import AllotStorage

@Suite struct JournalRetentionTests {
    @Test func removesOnlyFullyCoveredSegments() throws {
        let folder = try TemporaryFolder()
        let records = try JournalFixtures.write(
            count: 12, to: folder.path, segmentBytes: JournalReaderTests.recordOffset(4))
        let path = { JournalFixtures.segmentPath(in: folder.path, firstSequence: $0) }
        #expect(try JournalSegments.list(in: folder.path).map(\.firstSequence) == [1, 5, 9, 13])

        #expect(try JournalRetention.removeSegments(in: folder.path, coveredThrough: 3) == [])
        #expect(try JournalRetention.removeSegments(in: folder.path, coveredThrough: 7) == [path(1)])
        #expect(try JournalRetention.removeSegments(in: folder.path, coveredThrough: 8) == [path(5)])
        #expect(try JournalSegments.list(in: folder.path).map(\.firstSequence) == [9, 13])

        let (readBack, _) = try JournalReader(folder: folder.path).allRecords(after: 8)
        #expect(readBack == Array(records.suffix(4)))
    }

    @Test func neverRemovesNewestSegment() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 6, to: folder.path, segmentBytes: JournalReaderTests.recordOffset(4))
        #expect(try JournalSegments.list(in: folder.path).map(\.firstSequence) == [1, 5])

        try JournalRetention.removeSegments(in: folder.path, coveredThrough: .max)
        #expect(try JournalSegments.list(in: folder.path).map(\.firstSequence) == [5])
        let (records, summary) = try JournalReader(folder: folder.path).allRecords(after: 4)
        #expect(records.map(\.sequence) == [5, 6])
        #expect(summary.nextSequence == 7)
    }

    @Test func writerRemovesSegmentsInItsFolder() throws {
        let folder = try TemporaryFolder()
        var configuration = JournalWriter.Configuration(folder: folder.path, syncPolicy: .always)
        configuration.segmentBytes = JournalReaderTests.recordOffset(2)
        let writer = try JournalWriter(configuration: configuration, nextSequence: 1)
        for sequence in UInt64(1)...6 {
            try writer.appendAndWait(shard: 0, payload: JournalFixtures.payload(sequence))
        }
        #expect(try writer.removeSegments(coveredThrough: 4).count == 2)
        try writer.appendAndWait(shard: 0, payload: JournalFixtures.payload(7))
        try writer.close()
        #expect(try JournalReader(folder: folder.path).allRecords(after: 4).records.map(\.sequence) == [5, 6, 7])
    }
}

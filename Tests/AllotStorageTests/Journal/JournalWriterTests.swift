import Dispatch
import Glibc
import Synchronization
import Testing

@testable import AllotStorage

@Suite struct JournalWriterTests {
    static let policies: [JournalSyncPolicy] = [.always, .interval(.milliseconds(5)), .never]

    @Test(arguments: policies)
    func roundTripsRecordsInOrder(policy: JournalSyncPolicy) throws {
        let folder = try TemporaryFolder()
        let writer = try JournalWriter(
            configuration: .init(folder: folder.path, syncPolicy: policy), nextSequence: 1)
        var expected: [JournalRecord] = []
        for sequence in UInt64(1)...50 {
            let payload = JournalFixtures.payload(sequence, bytes: Int(sequence % 7) * 13)
            let shard = UInt32(sequence % 5)
            #expect(try writer.appendAndWait(shard: shard, payload: payload) == sequence)
            expected.append(JournalRecord(sequence: sequence, shard: shard, payload: payload))
        }
        try writer.close()

        let (records, summary) = try JournalReader(folder: folder.path).allRecords()
        #expect(records == expected)
        #expect(summary.nextSequence == 51)
        #expect(summary.notes.isEmpty)
    }

    @Test func emptyPayloadRoundTrips() throws {
        let folder = try TemporaryFolder()
        let writer = try JournalWriter(configuration: .init(folder: folder.path, syncPolicy: .always), nextSequence: 1)
        try writer.appendAndWait(shard: 9, payload: [])
        try writer.close()
        let (records, _) = try JournalReader(folder: folder.path).allRecords()
        #expect(records == [JournalRecord(sequence: 1, shard: 9, payload: [])])
    }

    @Test func alwaysAcknowledgesOnlySyncedRecords() throws {
        let folder = try TemporaryFolder()
        let writer = try JournalWriter(configuration: .init(folder: folder.path, syncPolicy: .always), nextSequence: 1)
        let sequence = try writer.appendAndWait(shard: 0, payload: [1, 2, 3])
        #expect(writer.syncedSequence >= sequence)
        try writer.close()
    }

    @Test func rollsToNewSegmentPastSizeLimit() throws {
        let folder = try TemporaryFolder()
        let records = try JournalFixtures.write(count: 100, to: folder.path, segmentBytes: 1_000)
        let segments = try JournalSegments.list(in: folder.path)
        #expect(segments.count > 5)
        #expect(segments.first?.firstSequence == 1)
        for segment in segments {
            let size = try #require(try FileSystem.fileSize(segment.path))
            #expect(size < 1_000 + JournalFixtures.recordBytes())
        }
        let (readBack, summary) = try JournalReader(folder: folder.path).allRecords()
        #expect(readBack == records)
        #expect(summary.nextSequence == 101)
    }

    @Test func groupCommitFromManyThreadsKeepsEveryAcknowledgedRecord() throws {
        let folder = try TemporaryFolder()
        var configuration = JournalWriter.Configuration(folder: folder.path, syncPolicy: .always)
        configuration.segmentBytes = 16_384
        let writer = try JournalWriter(configuration: configuration, nextSequence: 1)
        let threadCount = 8
        let appendsPerThread = 300
        let acknowledged = Mutex<[UInt64: [UInt8]]>([:])
        let failures = Atomic<Int>(0)

        DispatchQueue.concurrentPerform(iterations: threadCount) { thread in
            for index in 0..<appendsPerThread {
                let payload = Array("thread \(thread) append \(index)".utf8)
                let done = DispatchSemaphore(value: 0)
                do {
                    try writer.append(shard: UInt32(thread), payload: payload) { result in
                        switch result {
                        case .success(let sequence): acknowledged.withLock { $0[sequence] = payload }
                        case .failure: failures.add(1, ordering: .relaxed)
                        }
                        done.signal()
                    }
                } catch {
                    failures.add(1, ordering: .relaxed)
                    done.signal()
                }
                done.wait()
            }
        }
        try writer.close()

        #expect(failures.load(ordering: .relaxed) == 0)
        let expected = acknowledged.withLock { $0 }
        #expect(expected.count == threadCount * appendsPerThread)
        let (records, _) = try JournalReader(folder: folder.path).allRecords()
        #expect(records.map(\.sequence) == Array(1...UInt64(threadCount * appendsPerThread)))
        for record in records {
            #expect(expected[record.sequence] == record.payload)
        }
    }

    @Test func recordsQueuedDuringSyncShareOneSync() throws {
        let folder = try TemporaryFolder()
        let faults = JournalFaultInjector()
        let writer = try JournalWriter(
            configuration: .init(folder: folder.path, syncPolicy: .always), nextSequence: 1,
            eventHandler: { _ in }, faults: faults)
        faults.hold(.synchronize)
        let acknowledged = Mutex<[UInt64]>([])
        let record: JournalWriter.Completion = { result in
            if case .success(let sequence) = result { acknowledged.withLock { $0.append(sequence) } }
        }

        try writer.append(shard: 0, payload: [0], completion: record)
        faults.waitUntilHeld()
        for index in 1..<100 {
            try writer.append(shard: UInt32(index % 3), payload: [UInt8(index)], completion: record)
        }
        #expect(acknowledged.withLock { $0 }.isEmpty)
        faults.release()
        try writer.flushAndWait()
        try writer.close()

        #expect(faults.callCount(.synchronize) == 2)
        #expect(faults.callCount(.write) == 2)
        #expect(acknowledged.withLock { $0 } == Array(1...100))
        #expect(try JournalReader(folder: folder.path).allRecords().records.count == 100)
    }

    @Test func backlogOverLimitMakesJournalUnavailable() throws {
        let folder = try TemporaryFolder()
        let faults = JournalFaultInjector()
        var configuration = JournalWriter.Configuration(folder: folder.path, syncPolicy: .always)
        configuration.maximumBacklogBytes = 1_000
        let writer = try JournalWriter(
            configuration: configuration, nextSequence: 1, eventHandler: { _ in }, faults: faults)
        faults.hold(.synchronize)
        try writer.append(shard: 0, payload: [0])
        faults.waitUntilHeld()

        // Each record takes 120 bytes: a 20-byte header and a 100-byte payload.
        for _ in 0..<8 { try writer.append(shard: 0, payload: [UInt8](repeating: 1, count: 100)) }
        try writer.checkAvailable()
        try writer.append(shard: 0, payload: [UInt8](repeating: 1, count: 100))
        #expect(throws: JournalError.backlogFull(pendingBytes: 9 * 120, maximumBytes: 1_000)) {
            try writer.checkAvailable()
        }

        faults.release()
        try writer.flushAndWait()
        try writer.checkAvailable()
        try writer.close()
    }

    @Test func appendAfterCloseThrowsClosed() throws {
        let folder = try TemporaryFolder()
        let writer = try JournalWriter(configuration: .init(folder: folder.path, syncPolicy: .always), nextSequence: 1)
        try writer.close()
        #expect(throws: JournalError.closed) { try writer.append(shard: 0, payload: [1]) }
        #expect(throws: JournalError.closed) { try writer.checkAvailable() }
    }

    @Test func oversizedPayloadIsRejectedBeforeQueueing() throws {
        let folder = try TemporaryFolder()
        let writer = try JournalWriter(configuration: .init(folder: folder.path, syncPolicy: .always), nextSequence: 1)
        let payload = [UInt8](repeating: 0, count: StorageLimits.maximumRecordPayloadBytes + 1)
        #expect(throws: JournalError.recordTooLarge(payloadBytes: payload.count)) {
            try writer.append(shard: 0, payload: payload)
        }
        #expect(writer.lastAssignedSequence == 0)
        try writer.close()
    }

    @Test func flushSyncsUnderNeverPolicy() throws {
        let folder = try TemporaryFolder()
        let writer = try JournalWriter(configuration: .init(folder: folder.path, syncPolicy: .never), nextSequence: 1)
        for _ in 0..<10 { try writer.appendAndWait(shard: 0, payload: [7]) }
        #expect(writer.writtenSequence == 10)
        try writer.flushAndWait()
        #expect(writer.syncedSequence == 10)
        try writer.close()
    }

    @Test func intervalPolicySyncsWithoutFlush() throws {
        let folder = try TemporaryFolder()
        let writer = try JournalWriter(
            configuration: .init(folder: folder.path, syncPolicy: .interval(.milliseconds(1))), nextSequence: 1)
        try writer.appendAndWait(shard: 0, payload: [7])
        // The sync comes from the writer's timer; wait for it without bounding how long it takes.
        #expect(pollUntil { writer.syncedSequence >= 1 })
        #expect(writer.syncedSequence == 1)
        try writer.close()
    }

    @Test func reopenedWriterContinuesTheSequence() throws {
        let folder = try TemporaryFolder()
        let first = try JournalFixtures.write(count: 10, to: folder.path)
        let summary = try JournalReader(folder: folder.path).readRecords(after: 0) { _ in }
        let nextSequence = try #require(summary.nextSequence)
        #expect(nextSequence == 11)
        let second = try JournalFixtures.write(count: 5, firstSequence: nextSequence, to: folder.path)

        let (records, _) = try JournalReader(folder: folder.path).allRecords()
        #expect(records == first + second)
        #expect(try JournalSegments.list(in: folder.path).map(\.firstSequence) == [1, 11])
    }

    @Test func reopeningReplacesAnEmptySegmentOfTheSameName() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 0, to: folder.path)
        let records = try JournalFixtures.write(count: 3, to: folder.path)
        #expect(try JournalReader(folder: folder.path).allRecords().records == records)
        #expect(try folder.names() == [JournalFormat.segmentName(firstSequence: 1)])
    }

    @Test func writerRejectsSequenceBehindJournal() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 10, to: folder.path, segmentBytes: 200)
        let newest = try #require(try JournalSegments.list(in: folder.path).last)
        for nextSequence: UInt64 in [1, newest.firstSequence - 1] {
            #expect(throws: JournalError.sequenceBehindJournal(nextSequence: nextSequence, segmentPath: newest.path)) {
                try JournalWriter(
                    configuration: .init(folder: folder.path, syncPolicy: .always), nextSequence: nextSequence)
            }
        }
    }

    @Test func writerRejectsStartInsideNewestSegment() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 10, to: folder.path)
        let segment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        #expect(throws: JournalError.sequenceBehindJournal(nextSequence: 1, segmentPath: segment)) {
            try JournalWriter(configuration: .init(folder: folder.path, syncPolicy: .always), nextSequence: 1)
        }
        #expect(try JournalReader(folder: folder.path).allRecords().records.count == 10)
    }

    @Test func folderUnderRegularFileFailsToOpen() throws {
        let folder = try TemporaryFolder()
        let regularFile = folder.file("not-a-folder")
        try TestFiles.write([1], to: regularFile)
        let journalFolder = FileSystem.join(regularFile, "journal")
        #expect {
            try JournalWriter(configuration: .init(folder: journalFolder, syncPolicy: .always), nextSequence: 1)
        } throws: { error in
            guard case .file(let cause) = error as? JournalError else { return false }
            return cause.errorNumber == ENOTDIR && cause.path == journalFolder
        }
    }
}

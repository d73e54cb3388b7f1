import Foundation
import Glibc
import Synchronization
import Testing

@testable import AllotStorage

/// Records every event a writer reports.
final class EventLog: Sendable {
    private let events = Mutex<[JournalWriterEvent]>([])

    func record(_ event: JournalWriterEvent) {
        events.withLock { $0.append(event) }
    }

    var all: [JournalWriterEvent] { events.withLock { $0 } }
}

@Suite struct JournalFailureTests {
    /// A retry delay that never runs out during a test, so only close or flush can retry.
    static let distantRetry: Duration = .seconds(3_600)

    static func writer(
        _ folder: TemporaryFolder, policy: JournalSyncPolicy = .always, retryDelay: Duration = distantRetry,
        segmentBytes: Int = StorageLimits.journalSegmentBytes, faults: JournalFaultInjector, events: EventLog
    ) throws -> JournalWriter {
        var configuration = JournalWriter.Configuration(folder: folder.path, syncPolicy: policy)
        configuration.retryDelay = retryDelay
        configuration.segmentBytes = segmentBytes
        return try JournalWriter(
            configuration: configuration, nextSequence: 1, eventHandler: { events.record($0) }, faults: faults)
    }

    @Test func failedSyncIsNeverReportedDurable() throws {
        let folder = try TemporaryFolder()
        let faults = JournalFaultInjector()
        let events = EventLog()
        let writer = try Self.writer(folder, faults: faults, events: events)
        faults.fail(.synchronize, errorNumber: EIO)

        let first = #expect(throws: JournalError.self) { try writer.appendAndWait(shard: 0, payload: [1]) }
        guard case .writeFailed(let cause) = first else {
            Issue.record("expected writeFailed, got \(String(describing: first))")
            return
        }
        #expect(cause.errorNumber == EIO)
        #expect(writer.syncedSequence == 0)
        #expect(throws: JournalError.writeFailed(cause)) { try writer.checkAvailable() }

        // Until the retry, later records fail at once and are not synced either.
        #expect(throws: JournalError.writeFailed(cause)) { try writer.appendAndWait(shard: 0, payload: [2]) }
        #expect(writer.syncedSequence == 0)

        // Closing makes a last attempt, which rewrites both records and syncs them.
        try writer.close()
        #expect(writer.syncedSequence == 2)
        let (records, _) = try JournalReader(folder: folder.path).allRecords()
        #expect(records.map(\.payload) == [[1], [2]])
        #expect(
            events.all == [
                .writeFailed(cause, failedAttemptCount: 1, retryDelay: Self.distantRetry),
                .writeRecovered(failedAttemptCount: 1),
            ])
    }

    @Test func failedWriteIsRetriedAfterDelay() throws {
        let folder = try TemporaryFolder()
        let faults = JournalFaultInjector()
        let events = EventLog()
        let writer = try Self.writer(folder, retryDelay: .milliseconds(1), faults: faults, events: events)
        faults.fail(.write, count: 2, errorNumber: EIO)

        #expect(throws: JournalError.self) { try writer.appendAndWait(shard: 0, payload: [1]) }
        #expect(writer.syncedSequence == 0)
        #expect(pollUntil { (try? writer.flushAndWait()) != nil }, "the writer never recovered")
        #expect(writer.syncedSequence == 1)
        try writer.appendAndWait(shard: 0, payload: [2])
        try writer.close()

        #expect(try JournalReader(folder: folder.path).allRecords().records.map(\.payload) == [[1], [2]])
        #expect(events.all.last == .writeRecovered(failedAttemptCount: 2))
    }

    /// Under `never`, records are acknowledged once written. A retry after a failed write
    /// must not remove them from the file before it has written them again, or a crash in
    /// between would lose them.
    @Test(arguments: [JournalSyncPolicy.never, .interval(.seconds(3_600))])
    func retryKeepsAcknowledgedRecordsOnDisk(policy: JournalSyncPolicy) throws {
        let folder = try TemporaryFolder()
        let faults = JournalFaultInjector()
        let events = EventLog()
        let writer = try Self.writer(folder, policy: policy, faults: faults, events: events)
        for payload: UInt8 in 1...3 { try writer.appendAndWait(shard: 0, payload: [payload]) }
        #expect(writer.syncedSequence == 0)
        faults.fail(.write, errorNumber: EFBIG)
        #expect(throws: JournalError.self) { try writer.appendAndWait(shard: 0, payload: [4]) }

        // Closing makes a last attempt. It is held at its first write, after it has reopened
        // the segment, so the file is read as a crash at that moment would leave it.
        faults.hold(.write)
        let closed = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? writer.close()
            closed.signal()
        }
        faults.waitUntilHeld()
        let onDisk = try JournalReader(folder: folder.path).allRecords(tailRepair: .reportOnly).records
        faults.release()
        closed.wait()
        #expect(onDisk.map(\.payload) == [[1], [2], [3]])

        // The failed record stays pending too, and the last attempt writes it after the others.
        #expect(try JournalReader(folder: folder.path).allRecords().records.map(\.payload) == [[1], [2], [3], [4]])
    }

    @Test func eventsFollowPublishedAvailability() throws {
        let folder = try TemporaryFolder()
        let faults = JournalFaultInjector()
        // Each event with whether checkAvailable() passed while it was reported.
        let seen = Mutex<[(event: JournalWriterEvent, available: Bool)]>([])
        let writerBox = Mutex<JournalWriter?>(nil)
        var configuration = JournalWriter.Configuration(folder: folder.path, syncPolicy: .always)
        configuration.retryDelay = .milliseconds(1)
        let writer = try JournalWriter(configuration: configuration, nextSequence: 1, eventHandler: { event in
            let available = (try? writerBox.withLock { $0 }?.checkAvailable()) != nil
            seen.withLock { $0.append((event, available)) }
        }, faults: faults)
        writerBox.withLock { $0 = writer }
        faults.fail(.write, count: 1, errorNumber: EIO)

        #expect(throws: JournalError.self) { try writer.appendAndWait(shard: 0, payload: [1]) }
        #expect(pollUntil { (try? writer.flushAndWait()) != nil }, "the writer never recovered")
        try writer.close()

        let reported = seen.withLock { $0 }
        try #require(reported.count == 2)
        if case .writeFailed(let cause, _, _) = reported[0].event {
            #expect(cause.errorNumber == EIO)
        } else {
            Issue.record("expected writeFailed first, got \(reported[0].event)")
        }
        #expect(!reported[0].available, "checkAvailable() passed while the failure was reported")
        #expect(reported[1].event == .writeRecovered(failedAttemptCount: 1))
        #expect(reported[1].available, "checkAvailable() still failed while the recovery was reported")
    }

    @Test func failedSegmentCreationLeavesNoGap() throws {
        let folder = try TemporaryFolder()
        let faults = JournalFaultInjector()
        let events = EventLog()
        let writer = try Self.writer(folder, segmentBytes: 100, faults: faults, events: events)
        faults.fail(.createSegment, errorNumber: ENOSPC)

        var failedSequences: [UInt64] = []
        for index in 0..<10 {
            do {
                try writer.appendAndWait(shard: 0, payload: [UInt8(index)])
            } catch {
                failedSequences.append(UInt64(index + 1))
            }
        }
        #expect(!failedSequences.isEmpty)
        try writer.close()

        let (records, summary) = try JournalReader(folder: folder.path).allRecords()
        #expect(records.map(\.sequence) == Array(1...10))
        #expect(summary.notes.isEmpty)
        guard case .writeFailed(let cause, _, _) = events.all.first else {
            Issue.record("expected a writeFailed event, got \(events.all)")
            return
        }
        #expect(cause.isOutOfSpace)
    }

    @Test func intervalPolicyKeepsUnsyncedRecordsAfterSyncFailure() throws {
        let folder = try TemporaryFolder()
        let faults = JournalFaultInjector()
        let events = EventLog()
        let writer = try Self.writer(folder, policy: .interval(.seconds(3_600)), faults: faults, events: events)
        for index in 0..<5 { try writer.appendAndWait(shard: 0, payload: [UInt8(index)]) }
        #expect(writer.writtenSequence == 5)
        #expect(writer.syncedSequence == 0)

        faults.fail(.synchronize)
        #expect(throws: JournalError.self) { try writer.flushAndWait() }
        #expect(writer.syncedSequence == 0)
        try writer.close()
        #expect(writer.syncedSequence == 5)
        #expect(try JournalReader(folder: folder.path).allRecords().records.count == 5)
    }

    @Test func closeReportsFinalFailure() throws {
        let folder = try TemporaryFolder()
        let faults = JournalFaultInjector()
        let events = EventLog()
        let writer = try Self.writer(folder, policy: .never, faults: faults, events: events)
        try writer.appendAndWait(shard: 0, payload: [1])
        faults.fail(.synchronize)
        #expect(throws: JournalError.self) { try writer.close() }
        #expect(writer.syncedSequence == 0)
    }

    @Test(.enabled(if: TmpfsMount.isPermitted, "mounting a tmpfs needs root or CAP_SYS_ADMIN"))
    func openOnFullDiskSaysFreeSpace() throws {
        let mount = try TmpfsMount(bytes: 64 << 10)
        // Writing more than the mount has room for fails part-way with ENOSPC and leaves it full.
        _ = try? TestFiles.write([UInt8](repeating: 1, count: 128 << 10), to: FileSystem.join(mount.path, "filler"))
        let configuration = JournalWriter.Configuration(folder: FileSystem.join(mount.path, "journal"), syncPolicy: .always)

        #expect {
            _ = try JournalWriter(configuration: configuration, nextSequence: 1)
        } throws: { error in
            guard case .file(let cause) = error as? JournalError else { return false }
            return cause.errorNumber == ENOSPC
                && "\(error)".contains("is full. Free space on that file system")
        }
    }

    @Test(.enabled(if: TmpfsMount.isPermitted, "mounting a tmpfs needs root or CAP_SYS_ADMIN"))
    func diskFullFailsWaitersThenRecovers() throws {
        let mount = try TmpfsMount(bytes: 64 << 10)
        let filler = FileSystem.join(mount.path, "filler")
        try TestFiles.write([UInt8](repeating: 1, count: 40 << 10), to: filler)
        let journalFolder = FileSystem.join(mount.path, "journal")
        var configuration = JournalWriter.Configuration(folder: journalFolder, syncPolicy: .always)
        configuration.retryDelay = .milliseconds(1)
        let events = EventLog()
        let writer = try JournalWriter(
            configuration: configuration, nextSequence: 1, eventHandler: { events.record($0) })

        var failure: JournalError?
        for index in 0..<100 {
            do {
                try writer.appendAndWait(shard: 0, payload: [UInt8](repeating: UInt8(index), count: 1_000))
            } catch {
                failure = error
                break
            }
        }
        guard case .writeFailed(let cause) = failure else {
            Issue.record("expected writeFailed from a full tmpfs, got \(String(describing: failure))")
            return
        }
        #expect(cause.errorNumber == ENOSPC)
        #expect(writer.syncedSequence < writer.lastAssignedSequence)
        #expect(failure?.description.contains("Free space") == true)

        try FileSystem.removeFile(filler)
        #expect(pollUntil { (try? writer.flushAndWait()) != nil }, "the writer never recovered")
        let lastSequence = writer.lastAssignedSequence
        #expect(writer.syncedSequence == lastSequence)
        try writer.close()

        let (records, _) = try JournalReader(folder: journalFolder).allRecords()
        #expect(records.map(\.sequence) == Array(1...lastSequence))
        guard case .writeRecovered = events.all.last else {
            Issue.record("expected the last event to be a recovery, got \(events.all)")
            return
        }
        withExtendedLifetime(mount) {}
    }
}

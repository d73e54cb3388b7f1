import Glibc
import Synchronization
import Testing

@testable import AllotStorage

/// The outcome a journal completion received; nil until the completion runs.
private final class OutcomeBox: Sendable {
    private let outcome = Mutex<Result<UInt64, JournalError>?>(nil)

    func record(_ result: Result<UInt64, JournalError>) {
        outcome.withLock { $0 = result }
    }

    var value: Result<UInt64, JournalError>? { outcome.withLock { $0 } }
}

@Suite struct JournalWriteThroughTests {
    @Test(arguments: [JournalSyncPolicy.never, .interval(.seconds(3_600))])
    func writeQueuedAcknowledgesBeforeReturning(policy: JournalSyncPolicy) throws {
        let folder = try TemporaryFolder()
        let writer = try JournalWriter(configuration: .init(folder: folder.path, syncPolicy: policy), nextSequence: 1)
        let box = OutcomeBox()
        let sequence = try writer.append(shard: 3, payload: [7, 8, 9], wakesWriter: false) { box.record($0) }

        writer.writeQueued()

        #expect(try box.value?.get() == sequence)
        #expect(writer.writtenSequence == sequence)
        #expect(writer.syncedSequence == 0)
        try writer.close()
        let (records, _) = try JournalReader(folder: folder.path).allRecords()
        #expect(records == [JournalRecord(sequence: sequence, shard: 3, payload: [7, 8, 9])])
    }

    @Test func writeQueuedUnderAlwaysAcknowledgesAfterSync() throws {
        let folder = try TemporaryFolder()
        let writer = try JournalWriter(configuration: .init(folder: folder.path, syncPolicy: .always), nextSequence: 1)
        let synced = Mutex<UInt64?>(nil)
        let sequence = try writer.append(shard: 0, payload: [1], wakesWriter: false) { [writer] outcome in
            if case .success = outcome { synced.withLock { $0 = writer.syncedSequence } }
        }

        writer.writeQueued()

        #expect(pollUntil { synced.withLock { $0 } != nil }, "the writer thread never acknowledged the record")
        #expect((synced.withLock { $0 } ?? 0) >= sequence)
        try writer.close()
    }

    @Test func writeThroughFailureReachesCallerAndRecovers() throws {
        let folder = try TemporaryFolder()
        let faults = JournalFaultInjector()
        let events = EventLog()
        let writer = try JournalFailureTests.writer(
            folder, policy: .never, retryDelay: .milliseconds(1), faults: faults, events: events)
        faults.fail(.write)
        let box = OutcomeBox()
        try writer.append(shard: 0, payload: [1], wakesWriter: false) { box.record($0) }

        writer.writeQueued()

        guard case .failure(.writeFailed(let cause)) = box.value else {
            Issue.record("expected writeFailed from the failed write, got \(String(describing: box.value))")
            return
        }
        #expect(cause.errorNumber == EIO)
        #expect(throws: JournalError.self) { try writer.checkAvailable() }
        // The record stays pending, and the writer thread writes it again after the delay.
        #expect(pollUntil { (try? writer.flushAndWait()) != nil }, "the writer never recovered")
        #expect(writer.syncedSequence == 1)
        try writer.close()
        #expect(try JournalReader(folder: folder.path).allRecords().records.map(\.sequence) == [1])
    }
}

import Dispatch
import Foundation
import Synchronization

/// Appends records to the journal from any thread; one writer thread writes and syncs them.
///
/// `append` assigns the next sequence number and queues the encoded record without doing I/O.
/// The server calls it while it still holds the shard lock under which the engine applied the
/// mutation, so journal order matches the order in which mutations were applied. The server
/// waits for the completion after releasing the lock, and replies only then.
///
/// The writer thread takes everything queued, writes it with one `pwrite` and syncs as the
/// ``JournalSyncPolicy`` requires. Under `interval` and `never`, where a record is
/// acknowledged once written, an appender may instead call ``writeQueued()``, which writes
/// the queue on its own thread and so saves two thread wake-ups per call. Each record's callback then gets the sequence once the
/// record is acknowledged, or ``JournalError/writeFailed(_:)`` when a write or sync failed. After a failure it keeps every record that is not durable, reopens the segment
/// after ``Configuration/retryDelay``, writes those records again over the old bytes from the
/// last synced offset on, and only then cuts off what follows them. It never relies on a second `fdatasync` of pages whose
/// first sync failed, because Linux may have dropped them.
package final class JournalWriter: Sendable {
    /// Settings of a journal writer.
    package struct Configuration: Sendable {
        /// Folder that contains the segment files, created if missing.
        package var folder: String
        package var syncPolicy: JournalSyncPolicy
        /// Size at which the writer starts a new segment.
        package var segmentBytes = StorageLimits.journalSegmentBytes
        /// Wait between attempts after a failed write or sync.
        package var retryDelay = StorageLimits.journalRetryDelay
        /// Backlog past which ``checkAvailable()`` throws ``JournalError/backlogFull(pendingBytes:maximumBytes:)``.
        package var maximumBacklogBytes = StorageLimits.maximumJournalBacklogBytes

        package init(folder: String, syncPolicy: JournalSyncPolicy) {
            self.folder = folder
            self.syncPolicy = syncPolicy
        }
    }

    /// Called on the writer thread once a record is acknowledged or has failed. It must return
    /// quickly, for example by handing the result to the connection's event loop.
    package typealias Completion = @Sendable (Result<UInt64, JournalError>) -> Void

    package let configuration: Configuration
    private let shared: Mutex<JournalWriterSharedState>
    /// Held during each pass over the loop's state, by the writer thread or by an appender
    /// in ``writeQueued()``.
    private let passLock = Mutex<Void>(())
    private let wakeup = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let loop: JournalWriterLoop

    /// Opens the journal in `configuration.folder` for appending, starting at `nextSequence`,
    /// and starts the writer thread.
    ///
    /// The writer always begins a new segment named for `nextSequence`; an existing segment of
    /// that name must hold no records and is replaced. Pass the `nextSequence` that
    /// ``Recovery`` returns. `eventHandler` receives failures and recoveries for logging, on
    /// the thread that ran the pass, after ``checkAvailable()`` reflects them.
    package convenience init(
        configuration: Configuration,
        nextSequence: UInt64,
        eventHandler: @escaping @Sendable (JournalWriterEvent) -> Void = { _ in }
    ) throws(JournalError) {
        try self.init(configuration: configuration, nextSequence: nextSequence, eventHandler: eventHandler, faults: nil)
    }

    init(
        configuration: Configuration,
        nextSequence: UInt64,
        eventHandler: @escaping @Sendable (JournalWriterEvent) -> Void,
        faults: JournalFaultInjector?
    ) throws(JournalError) {
        precondition(nextSequence >= 1, "journal sequences start at 1, got \(nextSequence)")
        precondition(
            configuration.segmentBytes > JournalFormat.segmentHeaderBytes
                && configuration.segmentBytes <= StorageLimits.maximumJournalSegmentBytes,
            "segment size \(configuration.segmentBytes) outside 1 ... \(StorageLimits.maximumJournalSegmentBytes) bytes"
        )
        self.configuration = configuration
        self.shared = Mutex(JournalWriterSharedState(nextSequence: nextSequence))
        do {
            try FileSystem.createDirectoryIfMissing(configuration.folder)
            try Self.checkNoRecords(from: nextSequence, in: configuration.folder)
            self.loop = try JournalWriterLoop(
                configuration: configuration, nextSequence: nextSequence,
                eventHandler: eventHandler, faults: faults)
        } catch let error as JournalError {
            throw error
        } catch let error as FileError {
            throw .file(error)
        } catch {
            preconditionFailure("unexpected error opening the journal: \(error)")
        }
        startThread()
    }

    /// Queues a record and returns its sequence number. `completion` runs once the record is
    /// acknowledged or its write failed, on the writer thread or in ``writeQueued()``.
    ///
    /// With `wakesWriter` false the writer thread is not woken, and the caller must call
    /// ``writeQueued()`` once it has released the locks it appended under.
    ///
    /// The record is queued even while the writer is failing, because the caller has already
    /// applied the mutation. Its completion then gets the current failure promptly. Check
    /// ``checkAvailable()`` before applying a mutation, so that none is applied during an outage.
    ///
    /// - Throws: ``JournalError/recordTooLarge(payloadBytes:)`` or ``JournalError/closed``,
    ///   and then nothing was queued.
    @discardableResult
    package func append(shard: UInt32, payload: [UInt8], wakesWriter: Bool = true,
                        completion: Completion? = nil) throws(JournalError) -> UInt64 {
        guard payload.count <= StorageLimits.maximumRecordPayloadBytes else {
            throw .recordTooLarge(payloadBytes: payload.count)
        }
        let outcome = payload.withUnsafeBytes { buffer in
            shared.withLock { state in
                state.enqueue(shard: shard, payload: buffer, wakesWriter: wakesWriter, completion: completion)
            }
        }
        let queued = try outcome.get()
        if queued.shouldSignal { wakeup.signal() }
        return queued.sequence
    }

    /// Gets the queued records written. Under `interval` and `never` it writes them on the
    /// calling thread and runs their callbacks there. When a pass is already running, or the
    /// records need the writer thread (a failure, a flush, a full segment), and under
    /// `always`, it wakes the writer thread instead.
    ///
    /// It never waits for the writer thread, so the I/O thread that calls it is held up by a
    /// `pwrite` at most, never by an `fdatasync`.
    package func writeQueued() {
        var wakesWriter = true
        if configuration.syncPolicy != .always {
            let written = passLock.withLockIfAvailable { _ in loop.writeThrough(shared: shared) }
            if case (var decided, let writerNeeded)? = written {
                decided.deliver(reportingTo: loop.eventHandler)
                wakesWriter = writerNeeded
            }
        }
        if wakesWriter, shared.withLock({ $0.takeSignal() }) { wakeup.signal() }
    }

    /// Whether appended records wait in the queue for a pass to take them. A caller that
    /// deferred its writes needs no ``writeQueued()`` when none wait, because the pass that
    /// took its records runs their callbacks.
    package var hasQueuedRecords: Bool {
        shared.withLock { !$0.queuedBytes.isEmpty }
    }

    /// Queues a record and blocks until it is acknowledged, then returns its sequence number.
    ///
    /// - Throws: what ``append(shard:payload:completion:)`` throws, or the error its
    ///   completion received.
    @discardableResult
    package func appendAndWait(shard: UInt32, payload: [UInt8]) throws(JournalError) -> UInt64 {
        let waiter = BlockingWaiter<UInt64>()
        try append(shard: shard, payload: payload) { waiter.resolve($0) }
        return try waiter.wait()
    }

    /// Syncs every record appended before this call, whatever the policy, then calls
    /// `completion` on the writer thread, with an error when the write or sync failed.
    package func flush(_ completion: @escaping @Sendable (Result<Void, JournalError>) -> Void) {
        let outcome = shared.withLock { $0.enqueueFlush(completion) }
        switch outcome {
        case .rejected(let error): completion(.failure(error))
        case .queued(let shouldSignal): if shouldSignal { wakeup.signal() }
        }
    }

    /// Syncs every record appended before this call and blocks until that is done.
    package func flushAndWait() throws(JournalError) {
        let waiter = BlockingWaiter<Void>()
        flush { waiter.resolve($0) }
        try waiter.wait()
    }

    /// Throws when a mutation should not be applied now: the writer is closed, its last write
    /// or sync failed, or its backlog is over ``Configuration/maximumBacklogBytes``.
    package func checkAvailable() throws(JournalError) {
        try shared.withLock { state throws(JournalError) in
            try state.checkAvailable(maximumBacklogBytes: configuration.maximumBacklogBytes)
        }
    }

    /// The sequence number of the most recent append; zero when nothing was ever appended.
    ///
    /// Read under a shard's lock, it bounds every record of that shard, which makes it the
    /// sequence a snapshot of the shard covers.
    package var lastAssignedSequence: UInt64 {
        shared.withLock { $0.nextSequence - 1 }
    }

    /// Bytes of records appended and not yet durable: those queued for the writer thread and
    /// those in its buffer as of its last pass. ``checkAvailable()`` compares the same sum with
    /// ``Configuration/maximumBacklogBytes``.
    package var backlogBytes: Int {
        shared.withLock { $0.queuedBytes.count + $0.writerPendingBytes }
    }

    /// The highest sequence that a successful `fdatasync` covers; only failures of the
    /// device after it returned can lose a record at or below it.
    package var syncedSequence: UInt64 {
        loop.progress.syncedSequence.load(ordering: .acquiring)
    }

    /// The highest sequence written to the operating system, which survives a process crash.
    package var writtenSequence: UInt64 {
        loop.progress.writtenSequence.load(ordering: .acquiring)
    }

    /// Stops accepting appends, writes and syncs everything queued, and stops the writer
    /// thread. Later appends throw ``JournalError/closed``, and later calls to `close` return
    /// at once without waiting or throwing.
    ///
    /// - Throws: ``JournalError/writeFailed(_:)`` when the final write or sync failed, which
    ///   leaves the records after ``syncedSequence`` not durable.
    package func close() throws(JournalError) {
        let alreadyClosing = shared.withLock { state in
            defer { state.closing = true }
            return state.closing
        }
        if alreadyClosing { return }
        wakeup.signal()
        stopped.wait()
        if let failure = loop.closeFailure {
            throw .writeFailed(failure)
        }
    }

    private func startThread() {
        // The thread keeps the writer alive until close() stops it.
        let thread = Thread { [self] in
            loop.run(shared: shared, passLock: passLock, wakeup: wakeup)
            stopped.signal()
        }
        thread.name = "allot-journal"
        thread.start()
    }

    /// Throws unless the newest segment at or after `nextSequence` is an empty one named for it.
    private static func checkNoRecords(from nextSequence: UInt64, in folder: String) throws {
        guard let newest = try JournalSegments.list(in: folder).last else { return }
        if newest.firstSequence > nextSequence {
            throw JournalError.sequenceBehindJournal(nextSequence: nextSequence, segmentPath: newest.path)
        }
        if newest.firstSequence == nextSequence, try holdsRecordBytes(newest.path) {
            throw JournalError.sequenceBehindJournal(nextSequence: nextSequence, segmentPath: newest.path)
        }
    }

    /// Returns whether a nonzero byte follows the segment header where the first record
    /// would start. A segment's preallocated blocks read as zeros until a record is written.
    private static func holdsRecordBytes(_ path: String) throws -> Bool {
        let file = try SystemFile.openForReading(path)
        let bytes = try file.readBytes(count: JournalFormat.recordHeaderBytes, at: JournalFormat.segmentHeaderBytes)
        try file.close()
        return bytes.contains { $0 != 0 }
    }
}

/// Blocks a thread until a completion delivers a result.
private final class BlockingWaiter<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, JournalError>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func resolve(_ outcome: Result<Value, JournalError>) {
        result.withLock { $0 = outcome }
        done.signal()
    }

    func wait() throws(JournalError) -> Value {
        done.wait()
        guard let outcome = result.withLock({ $0 }) else {
            preconditionFailure("journal waiter woke without a result")
        }
        return try outcome.get()
    }
}

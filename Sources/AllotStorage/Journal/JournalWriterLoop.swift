import Dispatch
import Glibc
import Synchronization

/// Sequence numbers the writer thread publishes for other threads to read.
final class JournalProgress: Sendable {
    let syncedSequence: Atomic<UInt64>
    let writtenSequence: Atomic<UInt64>

    init(durableThrough sequence: UInt64) {
        syncedSequence = Atomic(sequence)
        writtenSequence = Atomic(sequence)
    }
}

/// Callbacks the writer thread has decided on and runs once the pass has published its state.
struct JournalOutcomes {
    /// Failures and recoveries to report. They wait for the published state too, so that a
    /// reader of the log who retries after a recovery finds ``JournalWriter/checkAvailable()`` passing.
    var events: [JournalWriterEvent] = []
    var acknowledged: [JournalWaiter] = []
    var flushed: [JournalFlushRequest] = []
    var failedWaiters: [(JournalWaiter, FileError)] = []
    var failedFlushes: [(JournalFlushRequest, FileError)] = []

    /// Reports the events to `eventHandler`, then runs every callback, acknowledged records
    /// in sequence order first, and empties the lists.
    mutating func deliver(reportingTo eventHandler: (JournalWriterEvent) -> Void) {
        for event in events { eventHandler(event) }
        events.removeAll()
        for waiter in acknowledged { waiter.completion(.success(waiter.sequence)) }
        for request in flushed { request.completion(.success(())) }
        for (waiter, error) in failedWaiters { waiter.completion(.failure(.writeFailed(error))) }
        for (request, error) in failedFlushes { request.completion(.failure(.writeFailed(error))) }
        acknowledged.removeAll(keepingCapacity: true)
        flushed.removeAll()
        failedWaiters.removeAll()
        failedFlushes.removeAll()
    }
}

/// The journal writer's passes: take queued records, write, sync, complete and retry.
///
/// The writer thread runs every kind of pass. Under `interval` and `never`, an appending
/// thread may run a write-through pass instead (``writeThrough(shared:)``), which only
/// writes, so that its records are acknowledged without waking the writer thread. After
/// `init`, the mutable state is touched only under ``JournalWriter``'s pass lock, and
/// ``JournalWriter`` reads ``closeFailure`` after the thread has signalled that it stopped.
/// That is what the `@unchecked Sendable` conformance rests on.
final class JournalWriterLoop: @unchecked Sendable {
    /// The segment being appended to. `file` is nil after a failure, until the next attempt
    /// reopens the file and writes the records after `durableOffset` again.
    struct Segment {
        let path: String
        var file: SystemFile?
        /// Bytes at the start of the file that a successful sync covers.
        var durableOffset: Int
        /// Set when the file was reopened after a failure: what follows the records the next
        /// write puts back may be a partial record, to be cut off once they are back.
        var hasUncheckedTail = false
        /// Bytes at the start of the file whose disk space is allocated, records or zeros.
        var allocatedBytes: Int
    }

    let configuration: JournalWriter.Configuration
    let progress: JournalProgress
    let eventHandler: @Sendable (JournalWriterEvent) -> Void
    let faults: JournalFaultInjector?
    private let clock = ContinuousClock()

    /// Set when the final write or sync on close failed.
    private(set) var closeFailure: FileError?

    var segment: Segment?
    /// Encoded records after ``durableSequence``, in order: all that is not yet durable.
    private(set) var pending: [UInt8] = []
    /// How much of `pending` the current descriptor has written after `durableOffset`.
    var pendingWrittenBytes = 0
    private(set) var durableSequence: UInt64
    private var lastPendingSequence: UInt64
    private var waiters: [JournalWaiter] = []
    private var flushRequests: [JournalFlushRequest] = []
    /// Callbacks decided during a pass, run at its end.
    private var outcomes = JournalOutcomes()
    /// Buffer that swaps places with the appenders' queue on each pass.
    private var incoming: [UInt8] = []
    private var lastSync: ContinuousClock.Instant
    private var failure: FileError?
    private var failedAttemptCount = 0
    private var retryAt: ContinuousClock.Instant?

    /// Creates the first segment, named for `nextSequence`, before the thread starts.
    init(
        configuration: JournalWriter.Configuration,
        nextSequence: UInt64,
        eventHandler: @escaping @Sendable (JournalWriterEvent) -> Void,
        faults: JournalFaultInjector?
    ) throws {
        self.configuration = configuration
        self.eventHandler = eventHandler
        self.faults = faults
        self.durableSequence = nextSequence - 1
        self.lastPendingSequence = nextSequence - 1
        self.progress = JournalProgress(durableThrough: nextSequence - 1)
        self.lastSync = clock.now
        self.segment = try createSegment(firstSequence: nextSequence)
    }

    /// Runs passes until the writer is closed, each under `passLock`; callbacks run after
    /// the lock is released.
    func run(shared: borrowing Mutex<JournalWriterSharedState>, passLock: borrowing Mutex<Void>,
             wakeup: DispatchSemaphore) {
        while true {
            // The deadline depends on state that a write-through pass on an appending
            // thread changes, so it is read under the pass lock too. A pass that changes it
            // after this read signals `wakeup` when the writer must run sooner.
            let deadline = passLock.withLock { _ in nextDeadline() }
            waitForWork(until: deadline, wakeup)
            var (decided, closing) = passLock.withLock { _ in writerPass(shared: shared) }
            decided.deliver(reportingTo: eventHandler)
            if closing { return }
        }
    }

    /// One pass of the writer thread; returns the callbacks to run and whether the writer closed.
    private func writerPass(shared: borrowing Mutex<JournalWriterSharedState>) -> (JournalOutcomes, closing: Bool) {
        let work = takeWork(shared: shared)
        if let failure, let retryAt, clock.now < retryAt, !work.closing {
            // Between attempts, new records join the backlog and their callers learn of
            // the outage now rather than at the next attempt.
            failWaiting(with: failure)
        } else {
            persist(forceSync: work.closing || !flushRequests.isEmpty || failure != nil)
        }
        publishState(shared: shared)
        if work.closing {
            finish()
        }
        return (takeOutcomes(), work.closing)
    }

    /// Writes the queued records on the calling thread and decides their callbacks, when
    /// writing is all they need. That is so when the policy acknowledges on write, the
    /// writer is neither failing nor closing, no flush waits, and the records fit in the
    /// current segment. Otherwise it leaves the work to the writer thread.
    ///
    /// Returns the callbacks to run, and whether the writer thread must run a pass: to do
    /// the work left to it, to retry after a failed write, or to sync under `interval`.
    func writeThrough(shared: borrowing Mutex<JournalWriterSharedState>) -> (JournalOutcomes, wakesWriter: Bool) {
        precondition(configuration.syncPolicy != .always, "write-through under the always policy would skip the sync")
        let hadUnsyncedRecords = lastPendingSequence > durableSequence
        let work = takeWork(shared: shared)
        defer { publishState(shared: shared) }
        guard !work.closing, failure == nil, flushRequests.isEmpty else { return (takeOutcomes(), true) }
        do {
            guard try recordsFillingSegment() == nil else { return (takeOutcomes(), true) }
            try writePending(bytes: pending.count, lastSequence: lastPendingSequence)
            completeWaiters(through: lastPendingSequence)
        } catch let error as FileError {
            recordFailure(error)
        } catch {
            preconditionFailure("journal write-through caught an error that is not a FileError: \(error)")
        }
        // A writer thread that had nothing unsynced waits without a deadline, so under
        // `interval` it must learn that a sync is now due at some point.
        var wakesWriter = failure != nil
        if case .interval = configuration.syncPolicy, !hadUnsyncedRecords || isSyncDue() { wakesWriter = true }
        return (takeOutcomes(), wakesWriter)
    }

    /// Moves the appenders' queue into the pending records and waiting lists.
    private func takeWork(shared: borrowing Mutex<JournalWriterSharedState>) -> JournalWork {
        let work = shared.withLock { $0.takeWork(into: &incoming) }
        // Under `never`, written records stay pending until the segment fills. Growing the
        // buffer by doubling would copy tens of megabytes in one append, on an I/O thread
        // when it writes through, so the segment's size is reserved at once instead. The
        // pages are only touched as records arrive.
        if case .never = configuration.syncPolicy, pending.capacity < pending.count + incoming.count {
            pending.reserveCapacity(max(configuration.segmentBytes, pending.count + incoming.count))
        }
        pending.append(contentsOf: incoming)
        lastPendingSequence = work.lastSequence
        waiters.append(contentsOf: work.waiters)
        flushRequests.append(contentsOf: work.flushRequests)
        return work
    }

    /// Publishes the outcome before calling back, so that a caller who learns of a failure
    /// from its callback finds checkAvailable() failing too.
    private func publishState(shared: borrowing Mutex<JournalWriterSharedState>) {
        let pendingBytes = pending.count
        shared.withLock { [failure] state in
            state.writerPendingBytes = pendingBytes
            state.failure = failure
        }
    }

    private func takeOutcomes() -> JournalOutcomes {
        var taken = JournalOutcomes()
        swap(&taken, &outcomes)
        return taken
    }

    /// Waits for `wakeup`, or until `deadline` when there is one.
    private func waitForWork(until deadline: ContinuousClock.Instant?, _ wakeup: DispatchSemaphore) {
        guard let deadline else {
            wakeup.wait()
            return
        }
        let remaining = clock.now.duration(to: deadline)
        guard remaining > .zero else { return }
        // A day caps the wait so that an absurd retry delay cannot overflow the conversion;
        // the loop simply waits again.
        let (seconds, attoseconds) = min(remaining, .seconds(86_400)).components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        _ = wakeup.wait(timeout: .now() + .nanoseconds(nanoseconds))
    }

    /// Returns when the loop must run even without appends: the next retry, or the next interval sync.
    private func nextDeadline() -> ContinuousClock.Instant? {
        if failure != nil { return retryAt }
        if case .interval(let interval) = configuration.syncPolicy, lastPendingSequence > durableSequence {
            return lastSync.advanced(by: interval)
        }
        return nil
    }

    /// Writes what is pending and syncs when the policy or a flush requests it. Decides the
    /// callbacks, and moves on to a new segment each time the current one reaches its size.
    private func persist(forceSync: Bool) {
        do {
            try openSegmentIfNeeded()
            while let fill = try recordsFillingSegment() {
                // The records up to the one that crosses the segment size go into this
                // segment, which is then synced and closed. The rest go into the next one.
                try writePending(bytes: fill.bytes, lastSequence: fill.lastSequence)
                try syncPending(bytes: fill.bytes, lastSequence: fill.lastSequence)
                completeWaiters(through: durableSequence)
                try startNextSegment()
            }
            try writePending(bytes: pending.count, lastSequence: lastPendingSequence)
            if configuration.syncPolicy != .always {
                completeWaiters(through: lastPendingSequence)
            }
            if forceSync || isSyncDue() {
                try syncPending(bytes: pending.count, lastSequence: lastPendingSequence)
                completeWaiters(through: durableSequence)
            }
            completeFlushRequests()
            if failure != nil {
                outcomes.events.append(.writeRecovered(failedAttemptCount: failedAttemptCount))
                failure = nil
                failedAttemptCount = 0
                retryAt = nil
            }
        } catch let error as FileError {
            recordFailure(error)
        } catch {
            preconditionFailure("journal writer caught an error that is not a FileError: \(error)")
        }
    }

    private func isSyncDue() -> Bool {
        switch configuration.syncPolicy {
        case .always: true
        case .interval(let interval): lastSync.duration(to: clock.now) >= interval
        case .never: false
        }
    }

    /// Returns the size and last sequence of the leading pending records that take the current
    /// segment to its size or past it, or nil when all pending records fit below the size.
    private func recordsFillingSegment() throws -> (bytes: Int, lastSequence: UInt64)? {
        let room = configuration.segmentBytes - (try currentSegment().durableOffset)
        guard !pending.isEmpty, pending.count >= room else { return nil }
        var offset = 0
        var sequence = durableSequence
        pending.withUnsafeBytes { buffer in
            while offset < room {
                let payloadBytes = Int(buffer.loadLittleEndian(at: offset, as: UInt32.self))
                offset += JournalFormat.recordHeaderBytes + payloadBytes
                sequence += 1
            }
        }
        assert(offset <= pending.count, "record boundary \(offset) past \(pending.count) pending bytes")
        return (offset, sequence)
    }

    /// Writes the first `bytes` of `pending`, whose last record is `lastSequence`, unless the
    /// current descriptor has written them already.
    private func writePending(bytes: Int, lastSequence: UInt64) throws {
        guard pendingWrittenBytes < bytes else { return }
        var current = try currentSegment()
        allocateAhead(&current, through: current.durableOffset + bytes)
        segment = current
        guard let file = current.file else { preconditionFailure("segment \(current.path) is not open") }
        try faults?.check(.write, path: current.path)
        try file.write(pending[pendingWrittenBytes..<bytes], at: current.durableOffset + pendingWrittenBytes)
        pendingWrittenBytes = bytes
        if current.hasUncheckedTail {
            try file.truncate(to: current.durableOffset + bytes)
            segment?.hasUncheckedTail = false
            segment?.allocatedBytes = current.durableOffset + bytes
        }
        progress.writtenSequence.store(lastSequence, ordering: .releasing)
    }

    /// Syncs the segment, which makes the first `bytes` of `pending` durable, and drops them.
    private func syncPending(bytes: Int, lastSequence: UInt64) throws {
        precondition(pendingWrittenBytes >= bytes, "syncing \(bytes) bytes of which \(pendingWrittenBytes) are written")
        var current = try currentSegment()
        guard let file = current.file else { preconditionFailure("segment \(current.path) is not open") }
        if bytes > 0 {
            try faults?.check(.synchronize, path: current.path)
            try file.synchronizeData()
            current.durableOffset += bytes
            segment = current
            if bytes == pending.count {
                pending.removeAll(keepingCapacity: pending.capacity <= Self.keptBufferCapacity)
            } else {
                pending.removeSubrange(..<bytes)
            }
            pendingWrittenBytes -= bytes
            durableSequence = lastSequence
            progress.syncedSequence.store(durableSequence, ordering: .releasing)
        }
        lastSync = clock.now
    }

    /// Maximum pending-buffer capacity kept after a sync. A burst, or a segment's worth of
    /// unsynced records under `.never`, can leave a bigger one, which is released.
    private static let keptBufferCapacity = 4 << 20

    /// Moves the waiters for records through `sequence` to the acknowledged list.
    private func completeWaiters(through sequence: UInt64) {
        let doneCount = waiters.firstIndex { $0.sequence > sequence } ?? waiters.count
        outcomes.acknowledged.append(contentsOf: waiters[..<doneCount])
        waiters.removeSubrange(..<doneCount)
    }

    /// Moves the flush requests that the last sync satisfied to the completed list.
    private func completeFlushRequests() {
        let doneCount = flushRequests.firstIndex { $0.sequence > durableSequence } ?? flushRequests.count
        outcomes.flushed.append(contentsOf: flushRequests[..<doneCount])
        flushRequests.removeSubrange(..<doneCount)
    }

    /// Moves every waiting record and flush request to the failed lists.
    private func failWaiting(with error: FileError) {
        outcomes.failedWaiters.append(contentsOf: waiters.lazy.map { ($0, error) })
        outcomes.failedFlushes.append(contentsOf: flushRequests.lazy.map { ($0, error) })
        waiters.removeAll(keepingCapacity: true)
        flushRequests.removeAll()
    }

    private func recordFailure(_ error: FileError) {
        if let file = segment?.file {
            segment?.file = nil
            // The attempt already failed; a close error on the abandoned descriptor changes
            // nothing, because the next attempt reopens the file and rewrites the tail.
            do { try file.close() } catch {}
        }
        pendingWrittenBytes = 0
        failure = error
        failedAttemptCount += 1
        retryAt = clock.now.advanced(by: configuration.retryDelay)
        failWaiting(with: error)
        outcomes.events.append(.writeFailed(error, failedAttemptCount: failedAttemptCount, retryDelay: configuration.retryDelay))
    }

    /// Makes a last attempt's outcome visible to `close` and closes the segment.
    private func finish() {
        if let failure {
            closeFailure = failure
            failWaiting(with: failure)
        }
        guard let file = segment?.file, let durableOffset = segment?.durableOffset else { return }
        segment?.file = nil
        // A clean close gives back the blocks allocated past the last record. After a failure,
        // bytes past the durable offset may contain records, so they stay. A failed cut is
        // ignored, because readers treat the zeros it leaves as the end of the records.
        if failure == nil && pending.isEmpty {
            do { try file.truncate(to: durableOffset) } catch {}
        }
        do {
            try file.close()
        } catch let error as FileError {
            if closeFailure == nil { closeFailure = error }
        } catch {
            preconditionFailure("close threw an error that is not a FileError: \(error)")
        }
    }
}

/// A record's completion waiting for the writer thread.
struct JournalWaiter {
    let sequence: UInt64
    let completion: JournalWriter.Completion
}

/// A ``JournalWriter/flush(_:)`` call waiting for every record through `sequence` to be synced.
struct JournalFlushRequest {
    let sequence: UInt64
    let completion: @Sendable (Result<Void, JournalError>) -> Void
}

/// Everything but the bytes that the writer thread takes from the queue in one pass.
struct JournalWork {
    var lastSequence: UInt64
    var waiters: [JournalWaiter]
    var flushRequests: [JournalFlushRequest]
    var closing: Bool
}

/// State that appending threads and the writer thread share, under the writer's mutex.
struct JournalWriterSharedState {
    /// Sequence the next append gets.
    var nextSequence: UInt64
    /// Encoded records appended since the writer thread last took the queue.
    var queuedBytes: [UInt8] = []
    var queuedWaiters: [JournalWaiter] = []
    var flushRequests: [JournalFlushRequest] = []
    /// Bytes in the writer thread's buffer that are not durable yet, as of its last pass.
    var writerPendingBytes = 0
    /// The failure of the writer's last attempt, until an attempt succeeds.
    var failure: FileError?
    var closing = false
    /// Whether the wake-up semaphore was signalled since the writer last took the queue, so
    /// that a burst of appends signals it once.
    var writerSignalled = false

    init(nextSequence: UInt64) {
        self.nextSequence = nextSequence
    }

    /// Encodes and queues one record; returns its sequence and whether to wake the writer,
    /// which is never when `wakesWriter` is false.
    mutating func enqueue(
        shard: UInt32, payload: UnsafeRawBufferPointer, wakesWriter: Bool, completion: JournalWriter.Completion?
    ) -> Result<QueuedRecord, JournalError> {
        guard !closing else { return .failure(.closed) }
        let sequence = nextSequence
        nextSequence += 1
        JournalFormat.appendRecord(sequence: sequence, shard: shard, payload: payload, to: &queuedBytes)
        if let completion {
            queuedWaiters.append(JournalWaiter(sequence: sequence, completion: completion))
        }
        return .success(QueuedRecord(sequence: sequence, shouldSignal: wakesWriter && takeSignal()))
    }

    struct QueuedRecord {
        let sequence: UInt64
        /// Whether this append must wake the writer thread.
        let shouldSignal: Bool
    }

    enum FlushOutcome {
        case queued(shouldSignal: Bool)
        case rejected(JournalError)
    }

    mutating func enqueueFlush(_ completion: @escaping @Sendable (Result<Void, JournalError>) -> Void) -> FlushOutcome {
        guard !closing else { return .rejected(.closed) }
        flushRequests.append(JournalFlushRequest(sequence: nextSequence - 1, completion: completion))
        return .queued(shouldSignal: takeSignal())
    }

    func checkAvailable(maximumBacklogBytes: Int) throws(JournalError) {
        if closing { throw .closed }
        if let failure { throw .writeFailed(failure) }
        let backlog = queuedBytes.count + writerPendingBytes
        if backlog > maximumBacklogBytes {
            throw .backlogFull(pendingBytes: backlog, maximumBytes: maximumBacklogBytes)
        }
    }

    /// Hands the queue to the writer thread: the queued bytes move into `buffer`, whose
    /// emptied storage becomes the new queue so that its capacity is reused.
    mutating func takeWork(into buffer: inout [UInt8]) -> JournalWork {
        writerSignalled = false
        buffer.removeAll(keepingCapacity: true)
        swap(&queuedBytes, &buffer)
        let work = JournalWork(
            lastSequence: nextSequence - 1,
            waiters: queuedWaiters, flushRequests: flushRequests, closing: closing)
        queuedWaiters.removeAll(keepingCapacity: true)
        flushRequests.removeAll()
        return work
    }

    /// Returns whether the caller must signal the writer's semaphore, which is once per
    /// hand-over of the queue.
    mutating func takeSignal() -> Bool {
        defer { writerSignalled = true }
        return !writerSignalled
    }
}

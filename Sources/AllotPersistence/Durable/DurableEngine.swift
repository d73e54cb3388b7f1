import AllotCore
import AllotStorage
import Dispatch
import Synchronization

/// The engine with a journal and snapshots: every mutation is recorded before its reply, and
/// `open` rebuilds the engine from the data folder after a restart.
///
/// `execute` applies a command and appends its journal record while the shard lock is still
/// held, so the journal's order per shard is the order of application. The completion gets
/// the result once the record is acknowledged under the sync policy: after the group
/// `fdatasync` under `always`, and once written to the operating system under `interval`
/// and `never`. Under those two the calling thread usually writes the record itself after
/// applying the command, so the completion runs before `execute` returns, unless the caller
/// deferred the write to ``writeDeferredRecords()``. Reads go straight to ``engine``; every
/// mutation must go through this type.
package final class DurableEngine: Sendable {
    package typealias Completion = @Sendable (Result<AppliedCommand, DurableEngineError>) -> Void

    /// The engine, for reads. Calling its mutating methods directly bypasses the journal.
    package let engine: Engine
    package let configuration: DurableEngineConfiguration
    let journal: JournalWriter
    let eventHandler: @Sendable (DurableEngineEvent) -> Void
    /// Serializes snapshots: one at a time, whether scheduled or requested.
    let snapshotGate = Mutex(())
    /// The lowest sequence that every shard of the newest snapshot in the folder covers, or 0
    /// when there is none. Read and written only under ``snapshotGate``.
    let newestSnapshotCoveredSequence = Atomic<UInt64>(0)
    private let isClosed = Atomic(false)
    let scheduler = Mutex<SnapshotScheduler?>(nil)
    /// The data folder's lock, released by ``close()``; nil for an engine that tests build
    /// around a journal of their own.
    private let folderLock: DataDirectoryLock?

    init(engine: Engine, journal: JournalWriter, configuration: DurableEngineConfiguration,
         folderLock: DataDirectoryLock? = nil, eventHandler: @escaping @Sendable (DurableEngineEvent) -> Void) {
        self.engine = engine
        self.journal = journal
        self.configuration = configuration
        self.folderLock = folderLock
        self.eventHandler = eventHandler
    }

    /// Applies `command` for `account` at `now` and calls `completion` once its journal record
    /// is acknowledged, or with the error. The completion runs on the journal writer's thread
    /// or on the calling thread, possibly before `execute` returns, and must return quickly.
    ///
    /// With `defersWrite` true under the `interval` and `never` policies, the record waits in
    /// the journal's queue until the caller calls ``writeDeferredRecords()``, so that the
    /// records of many commands go out in one write. The caller must make that call soon,
    /// because nothing else is sure to write the record. Under `always` the writer thread is
    /// woken at once whatever the value of `defersWrite`, so that its sync starts early.
    ///
    /// Nothing is applied when the journal is unavailable beforehand, or when the command
    /// cannot be journaled. A journal failure after the command was applied gives
    /// ``DurableEngineError/unavailable(_:applied:)`` with `applied` true: the change stays in
    /// memory and in the writer's retry queue, and is not known to be durable.
    package func execute(_ command: EngineCommand, account: String, now: Timestamp, defersWrite: Bool = false,
                         completion: @escaping Completion) {
        let writesNow = !defersWrite || configuration.syncPolicy == .always
        // 1. Check and encode before applying, so that a command the journal cannot take is
        //    never applied.
        let payload: [UInt8]
        do {
            payload = try preparePayload(command, account: account, now: now)
        } catch {
            completion(.failure(error))
            return
        }

        // 2. Apply, appending each record under the shard lock of the shard it changed.
        let ticket = DurabilityTicket(journal: journal, payload: payload, account: account,
                                      shardCount: engine.configuration.shardCount, completion: completion)
        let result: EngineResult<EngineCommandOutput>
        do {
            // The hook captures only the ticket, so that no closure context is allocated.
            result = try engine.execute(command, account: account, now: now) { shard, applied, appliedNow in
                ticket.appendRecord(shard: shard, applied: applied, now: appliedNow)
            }
        } catch {
            // A command that threw appended nothing, so nothing waits in the journal. Writing
            // the queue anyway keeps that true of every record queued without a wake-up.
            if writesNow { journal.writeQueued() }
            completion(.failure(.engine(error)))
            return
        }
        // Consuming the result moves it into its box, where a copy would retain every
        // reference it contains and release them again when the local goes away.
        ticket.applied(AppliedCommand(consume result))
        // The records were queued without waking the writer thread; write them now, or
        // leave them to the caller's writeDeferredRecords().
        if writesNow { journal.writeQueued() }
    }

    /// Writes the records that calls of ``execute(_:account:now:defersWrite:completion:)``
    /// with `defersWrite` left queued, on the calling thread under `interval` and `never`,
    /// and runs their completions. Records of other threads queued meanwhile go out in the
    /// same write. When the journal needs its writer thread, it wakes that thread instead.
    package func writeDeferredRecords() {
        // A pass with only reads, or whose records another thread already took, queued
        // nothing; under `always` that saves waking the writer thread for nothing.
        guard journal.hasQueuedRecords else { return }
        journal.writeQueued()
    }

    /// Bytes of journal records appended and not yet durable, for the metrics endpoint.
    package var journalBacklogBytes: Int {
        journal.backlogBytes
    }

    /// The journal error that would reject a change now, for the readiness check: the
    /// last write or sync failed, or the backlog is over the limit. Nil when changes are
    /// accepted.
    package var journalProblem: JournalError? {
        do {
            try journal.checkAvailable()
            return nil
        } catch {
            return error
        }
    }

    /// Applies `command` and blocks until its record is acknowledged; for tests and tools.
    package func executeAndWait(_ command: EngineCommand, account: String,
                                now: Timestamp) throws(DurableEngineError) -> EngineResult<EngineCommandOutput> {
        let semaphore = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<AppliedCommand, DurableEngineError>?>(nil)
        execute(command, account: account, now: now) { result in
            outcome.withLock { $0 = result }
            semaphore.signal()
        }
        semaphore.wait()
        guard let result = outcome.withLock({ $0 }) else {
            preconditionFailure("durable command completed without a result")
        }
        return try result.get().result
    }

    /// Fires every timer due at `now`, journaling one record per shard where one fired, and
    /// calls `completion` with the events once the records are acknowledged.
    package func advance(to now: Timestamp, completion: @escaping @Sendable (Result<[EngineEvent], DurableEngineError>) -> Void) {
        execute(.advance, account: "", now: now) { result in completion(result.map(\.result.events)) }
    }

    /// Fires every timer due at `now` and blocks until the records are acknowledged.
    @discardableResult
    package func advanceAndWait(to now: Timestamp) throws(DurableEngineError) -> [EngineEvent] {
        try executeAndWait(.advance, account: "", now: now).events
    }

    /// Stops snapshots and mutations, then writes and syncs every queued journal record.
    /// Take a final snapshot with ``snapshotNow(createdAt:)`` before, if wanted.
    ///
    /// - Throws: ``JournalError/writeFailed(_:)`` when the final write or sync failed.
    package func close() throws(JournalError) {
        if isClosed.exchange(true, ordering: .acquiringAndReleasing) { return }
        stopSnapshotSchedule()
        defer { folderLock?.release() }
        try journal.close()
    }

    /// Checks everything that would stop the command from being journaled, and returns its
    /// encoded record.
    private func preparePayload(_ command: EngineCommand, account: String,
                                now: Timestamp) throws(DurableEngineError) -> [UInt8] {
        guard !isClosed.load(ordering: .acquiring) else { throw .closed }
        do {
            try journal.checkAvailable()
        } catch {
            throw .unavailable(error, applied: false)
        }
        let payload: [UInt8]
        do {
            payload = try JournalEntryCodec.encode(JournalEntryContent(
                command: command, accountSid: account, now: now, shardCount: engine.configuration.shardCount))
        } catch {
            throw .invalidCommand(error)
        }
        guard payload.count <= StorageLimits.maximumRecordPayloadBytes else {
            throw .commandTooLarge(payloadBytes: payload.count)
        }
        return payload
    }
}

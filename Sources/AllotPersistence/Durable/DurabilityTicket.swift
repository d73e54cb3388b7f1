import AllotCore
import AllotStorage
import Synchronization

/// Joins a command's engine result with the acknowledgements of its journal records, and
/// calls the completion once both are in.
///
/// A command appends one record, or none when it changed nothing; an advance appends one per
/// shard where a timer fired. The journal may acknowledge a record before the engine call
/// returns, so either side can arrive last. The completion runs on the thread that delivers
/// the last piece: the journal writer's thread or the caller's.
///
/// It is not generic over the result, because a generic class looks up its type metadata
/// on every deallocation, and one ticket is made and freed per journaled call. It holds the
/// result boxed, so that storing it and handing it on copies a reference.
///
/// It also stores what the engine's journal hook needs, so that the hook captures the ticket
/// alone. Swift passes a closure's single class reference as its context, where a closure
/// that captured the command, the payload and the account allocated a context per call.
final class DurabilityTicket: Sendable {
    typealias Value = AppliedCommand
    typealias Completion = @Sendable (Result<Value, DurableEngineError>) -> Void

    private struct State {
        var pendingRecords = 0
        var failure: JournalError?
        var value: Value?
        var isComplete = false
    }

    private let state = Mutex(State())
    private let completion: Completion
    private let journal: JournalWriter
    /// The command's record, encoded before the command ran.
    private let payload: [UInt8]
    private let account: String
    private let shardCount: Int

    init(journal: JournalWriter, payload: [UInt8], account: String, shardCount: Int, completion: @escaping Completion) {
        self.journal = journal
        self.payload = payload
        self.account = account
        self.shardCount = shardCount
        self.completion = completion
    }

    /// Appends the record of `applied` for `shard`, as the engine's journal hook.
    ///
    /// The engine hands back the command it was given, with the same `now`, except that a
    /// created workspace carries the SID the engine derived. Only that command is encoded
    /// again, and every other one reuses ``payload``. Comparing the commands instead would
    /// walk every field of each one.
    func appendRecord(shard: Int, applied: EngineCommand, now: Timestamp) {
        guard case .createWorkspace = applied else {
            append(shard: shard, payload: payload)
            return
        }
        append(shard: shard, payload: Self.encodeApplied(applied, account: account, now: now, shardCount: shardCount))
    }

    /// Encodes a command as the engine applied it. The request itself was encoded before it
    /// was applied, and the only field the engine may add is a derived workspace SID in
    /// hexadecimal text, so a failure here is a programming error.
    private static func encodeApplied(_ command: EngineCommand, account: String, now: Timestamp, shardCount: Int) -> [UInt8] {
        do {
            return try JournalEntryCodec.encode(JournalEntryContent(
                command: command, accountSid: account, now: now, shardCount: shardCount))
        } catch {
            preconditionFailure("applied command \(command) no longer encodes: \(error)")
        }
    }

    /// Appends one record; called under the shard lock, so records keep the apply order.
    /// The caller gets it written with ``JournalWriter/writeQueued()`` after the lock.
    private func append(shard: Int, payload: [UInt8]) {
        state.withLock { $0.pendingRecords += 1 }
        do {
            try journal.append(shard: UInt32(shard), payload: payload, wakesWriter: false) { [self] outcome in
                recordFinished(outcome)
            }
        } catch {
            recordFinished(.failure(error))
        }
    }

    /// Delivers the engine's result once the command ran.
    func applied(_ value: Value) {
        let outcome = state.withLock { state -> Result<Value, DurableEngineError>? in
            state.value = value
            return Self.takeOutcome(&state)
        }
        if let outcome { completion(outcome) }
    }

    private func recordFinished(_ outcome: Result<UInt64, JournalError>) {
        let result = state.withLock { state -> Result<Value, DurableEngineError>? in
            state.pendingRecords -= 1
            if case .failure(let error) = outcome, state.failure == nil { state.failure = error }
            return Self.takeOutcome(&state)
        }
        if let result { completion(result) }
    }

    /// Returns the outcome once the value and every acknowledgement are in; `isComplete`
    /// makes it return non-nil only once.
    private static func takeOutcome(_ state: inout State) -> Result<Value, DurableEngineError>? {
        guard !state.isComplete, state.pendingRecords == 0, let value = state.value else { return nil }
        state.isComplete = true
        if let failure = state.failure { return .failure(.unavailable(failure, applied: true)) }
        return .success(value)
    }
}

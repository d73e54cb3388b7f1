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

    init(completion: @escaping Completion) {
        self.completion = completion
    }

    /// Appends one record; called under the shard lock, so records keep the apply order.
    /// The caller gets it written with ``JournalWriter/writeQueued()`` after the lock.
    func append(to journal: JournalWriter, shard: Int, payload: [UInt8]) {
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

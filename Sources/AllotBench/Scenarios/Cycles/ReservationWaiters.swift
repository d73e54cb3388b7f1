import Synchronization

/// A reservation event as it reached the client.
struct ReservationArrival: Sendable {
    var reservationSID: String
    var workerSID: String
    var taskQueueSID: String
    /// When the SDK's event stream yielded the event.
    var instant: ContinuousClock.Instant
}

/// Joins each created task with its first reservation event. The event
/// can arrive before the create call's reply, because routing runs inside
/// the create, so whichever side comes first waits for the other.
final class ReservationWaiters: Sendable {
    private enum Entry {
        case waiting(CheckedContinuation<ReservationArrival?, Never>)
        case arrived(ReservationArrival)
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// Records the reservation event for `taskSID` and wakes its waiter.
    /// Events for tasks nobody waits for are kept until
    /// `BenchLimits.maximumTrackedTasks` entries exist, then dropped.
    func deliver(taskSID: String, _ arrival: ReservationArrival) {
        let waiter: CheckedContinuation<ReservationArrival?, Never>? = state.withLock { state in
            switch state.entries[taskSID] {
            case .waiting(let continuation):
                state.entries[taskSID] = nil
                return continuation
            case .arrived:
                // A later reservation of the same task: the first one counts.
                return nil
            case nil:
                if !state.closed, state.entries.count < BenchLimits.maximumTrackedTasks {
                    state.entries[taskSID] = .arrived(arrival)
                }
                return nil
            }
        }
        waiter?.resume(returning: arrival)
    }

    /// Waits for the first reservation of `taskSID`; nil once `close()` was called.
    func reservation(for taskSID: String) async -> ReservationArrival? {
        await withCheckedContinuation { continuation in
            let ready: ReservationArrival?? = state.withLock { state in
                if state.closed { return .some(nil) }
                if case .arrived(let arrival) = state.entries[taskSID] {
                    state.entries[taskSID] = nil
                    return .some(arrival)
                }
                state.entries[taskSID] = .waiting(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Wakes every waiter with nil and makes later waits return nil at once.
    func close() {
        let waiters = state.withLock { state in
            state.closed = true
            let waiting = state.entries.values.compactMap { entry -> CheckedContinuation<ReservationArrival?, Never>? in
                if case .waiting(let continuation) = entry { return continuation }
                return nil
            }
            state.entries = [:]
            return waiting
        }
        for waiter in waiters {
            waiter.resume(returning: nil)
        }
    }
}

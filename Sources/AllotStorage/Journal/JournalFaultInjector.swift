import Dispatch
import Glibc
import Synchronization

/// Makes chosen calls of a journal writer fail or pause, so tests can reach paths that a
/// real device seldom takes, such as a failed `fdatasync`, and can count the calls.
final class JournalFaultInjector: Sendable {
    /// A call the writer makes that can be set to fail or pause.
    enum Call: Hashable, Sendable {
        case createSegment
        case write
        case synchronize
    }

    private struct State {
        var failures: [Call: (count: Int, errorNumber: Int32)] = [:]
        var callCounts: [Call: Int] = [:]
        var held: Call?
    }

    private let state = Mutex(State())
    /// Signalled when the writer reaches a held call.
    private let reachedHold = DispatchSemaphore(value: 0)
    /// Signalled to let a held call go on.
    private let releaseHold = DispatchSemaphore(value: 0)

    init() {}

    /// Makes the next `count` calls of `call` fail with `errorNumber`.
    func fail(_ call: Call, count: Int = 1, errorNumber: Int32 = EIO) {
        state.withLock { $0.failures[call] = (count, errorNumber) }
    }

    /// Makes the next `call` wait inside the writer thread until ``release()``.
    func hold(_ call: Call) {
        state.withLock { $0.held = call }
    }

    /// Blocks until the writer thread is waiting in the held call.
    func waitUntilHeld() {
        reachedHold.wait()
    }

    /// Lets the held call go on.
    func release() {
        releaseHold.signal()
    }

    /// Returns how many times the writer has made `call`, counting failed and held calls.
    func callCount(_ call: Call) -> Int {
        state.withLock { $0.callCounts[call, default: 0] }
    }

    /// Counts the call, waits if it is held, and throws the planned error if it is set to fail.
    func check(_ call: Call, path: String) throws {
        let (errorNumber, isHeld): (Int32?, Bool) = state.withLock { state in
            state.callCounts[call, default: 0] += 1
            let isHeld = state.held == call
            if isHeld { state.held = nil }
            guard let planned = state.failures[call], planned.count > 0 else { return (nil, isHeld) }
            state.failures[call] = (planned.count - 1, planned.errorNumber)
            return (planned.errorNumber, isHeld)
        }
        if isHeld {
            reachedHold.signal()
            releaseHold.wait()
        }
        if let errorNumber {
            throw FileError(call: "\(call) (injected)", path: path, errorNumber: errorNumber)
        }
    }
}

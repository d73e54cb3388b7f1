import Synchronization

/// A value behind a mutex, as a class so that closures and threads can share it.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<Result>(_ body: (inout sending Value) throws -> sending Result) rethrows -> sending Result {
        try mutex.withLock(body)
    }
}

/// An integer shared between tasks, such as the count of outstanding cycles.
final class SharedCounter: Sendable {
    private let value = Atomic<Int>(0)

    func add(_ amount: Int) {
        value.add(amount, ordering: .relaxed)
    }

    func load() -> Int {
        value.load(ordering: .relaxed)
    }
}

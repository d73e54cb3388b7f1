import Dispatch
import Synchronization

/// A bounded queue between one producer thread and one consumer thread, for the stages of
/// snapshot encoding and decoding that run on two threads.
///
/// The consumer must take every element the producer puts, up to the producer's last one,
/// because libdispatch traps when a semaphore is released below its initial value. To stop
/// early, the consumer calls ``cancel()`` and keeps taking until the producer's end marker.
final class BoundedHandoff<Element: Sendable>: Sendable {
    private let queued = Mutex<[Element]>([])
    private let cancelled = Atomic(false)
    private let available = DispatchSemaphore(value: 0)
    private let space: DispatchSemaphore

    /// Creates a queue of at most `capacity` elements.
    init(capacity: Int) {
        space = DispatchSemaphore(value: capacity)
    }

    /// True once the consumer has stopped using elements.
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Queues `element`, waiting while the queue is full.
    func put(_ element: Element) {
        space.wait()
        queued.withLock { $0.append(element) }
        available.signal()
    }

    /// Removes the oldest element, waiting for one.
    func take() -> Element {
        available.wait()
        let element = queued.withLock { $0.removeFirst() }
        space.signal()
        return element
    }

    /// Tells the producer to stop; it still puts its end marker.
    func cancel() {
        cancelled.store(true, ordering: .releasing)
    }
}

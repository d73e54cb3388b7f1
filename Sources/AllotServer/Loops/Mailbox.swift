import AllotWire
import Synchronization

/// The queue through which other threads hand work to one I/O thread, with
/// an eventfd that wakes the thread's epoll loop.
final class Mailbox: Sendable {
    enum Item: Sendable {
        /// A connection accepted by the acceptor.
        case adopt(fd: Int32, peer: SocketAddress?)
        /// An encoded ServerFrame pushed to a connection.
        case push(connectionID: UInt64, payload: [UInt8])
        /// The encoded reply of a deferred call.
        case complete(connectionID: UInt64, callID: UInt64, status: Wire.StatusCode, payload: [UInt8])
        /// Close a connection after sending a last frame with the reason.
        case disconnect(connectionID: UInt64, status: Wire.Status, reason: String)
        /// Stop accepting input, finish in-flight calls, close everything.
        case stop
    }

    let eventFD: Int32
    private let items = Mutex<[Item]>([])
    private let logger: Logger

    init(logger: Logger) throws(SystemError) {
        eventFD = try SystemCall.eventFD()
        self.logger = logger
    }

    /// Queues `item` and wakes the thread when the queue was empty; a
    /// non-empty queue already has a wake-up pending.
    func post(_ item: Item) {
        let wasEmpty = items.withLock { queue in
            queue.append(item)
            return queue.count == 1
        }
        guard wasEmpty else { return }
        do {
            try SystemCall.eventFDSignal(eventFD)
        } catch {
            logger.error("waking an I/O thread failed", ("error", error.description))
        }
    }

    /// Takes every queued item. The caller drains the eventfd first, so an
    /// item posted during this call either is taken now or signals again.
    func takeAll() -> [Item] {
        items.withLock { queue in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
    }
}

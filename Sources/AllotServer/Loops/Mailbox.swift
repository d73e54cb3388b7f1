import AllotWire
import Glibc
import Synchronization

/// The queue through which other threads hand work to one I/O thread, with
/// an eventfd that wakes the thread's epoll loop.
///
/// The I/O thread posts to its own mailbox too, when a journaled call
/// completes during the call itself. Those posts skip the eventfd, because
/// the thread takes every item before it waits in epoll again.
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
    /// The `pthread_t` of the I/O thread that reads the mailbox; zero until it starts.
    private let ownerThread = Atomic<UInt>(0)

    init(logger: Logger) throws(SystemError) {
        eventFD = try SystemCall.eventFD()
        self.logger = logger
    }

    /// Records the calling thread as the one that reads the mailbox.
    func claimOwnership() {
        ownerThread.store(pthread_self(), ordering: .releasing)
    }

    /// Queues `item` and wakes the thread when the queue was empty; a
    /// non-empty queue already has a wake-up pending, or was posted by the
    /// owner, which takes it before waiting.
    func post(_ item: Item) {
        let wasEmpty = items.withLock { queue in
            queue.append(item)
            return queue.count == 1
        }
        guard wasEmpty, pthread_self() != ownerThread.load(ordering: .acquiring) else { return }
        do {
            try SystemCall.eventFDSignal(eventFD)
        } catch {
            logger.error("waking an I/O thread failed", ("error", error.description))
        }
    }

    /// Whether items wait, which the owner checks before it waits in epoll.
    var hasItems: Bool {
        items.withLock { !$0.isEmpty }
    }

    /// Takes every queued item. The caller drains the eventfd first, so an
    /// item posted during this call either is taken now or signals again.
    func takeAll() -> [Item] {
        items.withLock { queue in
            var taken: [Item] = []
            swap(&taken, &queue)
            return taken
        }
    }
}

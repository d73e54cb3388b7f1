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
        /// The accounts were reloaded: close the connections of accounts no longer accepted.
        case accountsReloaded
    }

    /// The eventfd, open until ``close()``.
    let eventFD: Int32
    private let state = Mutex(State())
    private let logger: Logger
    /// The `pthread_t` of the I/O thread that reads the mailbox; zero until it starts.
    private let ownerThread = Atomic<UInt>(0)

    /// The queue and whether the mailbox is closed. One lock covers both and the signal of
    /// the eventfd, so that no post writes to the descriptor once ``close()`` has closed it,
    /// when its number may already belong to another file.
    private struct State {
        var items: [Item] = []
        var isClosed = false
    }

    init(logger: Logger) throws(SystemError) {
        eventFD = try SystemCall.eventFD()
        self.logger = logger
    }

    deinit {
        close()
    }

    /// Records the calling thread as the one that reads the mailbox.
    func claimOwnership() {
        ownerThread.store(pthread_self(), ordering: .releasing)
    }

    /// Queues `item` and wakes the thread when the queue was empty; a
    /// non-empty queue already has a wake-up pending, or was posted by the
    /// owner, which takes it before waiting. After ``close()`` the item is
    /// discarded, because no thread reads the mailbox any more.
    func post(_ item: Item) {
        let isOwner = pthread_self() == ownerThread.load(ordering: .acquiring)
        let outcome = state.withLock { (state: inout State) -> Result<Bool, SystemError> in
            guard !state.isClosed else { return .success(false) }
            state.items.append(item)
            guard state.items.count == 1, !isOwner else { return .success(true) }
            // Signalled under the lock, which `close` takes to close the descriptor.
            do throws(SystemError) {
                try SystemCall.eventFDSignal(eventFD)
                return .success(true)
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(true):
            break
        case .success(false):
            Self.discard(item)
        case .failure(let error):
            logger.error("waking an I/O thread failed", ("error", error.description))
        }
    }

    /// Closes the eventfd and discards the items left, once the owner has stopped reading
    /// the mailbox. Later posts are discarded. Calls after the first do nothing.
    func close() {
        let outcome = state.withLock { (state: inout State) -> (left: [Item], error: SystemError?)? in
            guard !state.isClosed else { return nil }
            state.isClosed = true
            var left: [Item] = []
            swap(&left, &state.items)
            do throws(SystemError) {
                try SystemCall.close(eventFD)
                return (left, nil)
            } catch {
                return (left, error)
            }
        }
        guard let outcome else { return }
        if let error = outcome.error {
            logger.error("closing an I/O thread's eventfd failed", ("error", error.description))
        }
        for item in outcome.left { Self.discard(item) }
    }

    /// Drops an item that no thread will handle, closing the socket of a connection
    /// that no thread adopted.
    private static func discard(_ item: Item) {
        if case .adopt(let fd, _) = item { try? SystemCall.close(fd) }
    }

    /// Whether items wait, which the owner checks before it waits in epoll.
    var hasItems: Bool {
        state.withLock { !$0.items.isEmpty }
    }

    /// Takes every queued item. The caller drains the eventfd first, so an
    /// item posted during this call either is taken now or signals again.
    func takeAll() -> [Item] {
        state.withLock { state in
            var taken: [Item] = []
            swap(&taken, &state.items)
            return taken
        }
    }
}

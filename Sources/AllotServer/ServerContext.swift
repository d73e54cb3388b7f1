import Synchronization

/// State that every thread of the server shares: configuration, accounts,
/// the request handler, logs and metrics.
final class ServerContext: Sendable {
    /// Name and version sent in HelloReply.
    static let serverName = "allot-server 0.1"
    /// Protocol version this server speaks.
    static let protocolVersion: UInt32 = 1

    let configuration: ServerConfiguration
    private let accountStore: Mutex<AccountStore>
    let handler: any RequestHandler
    let logger: Logger
    let metrics: ServerMetrics
    /// Set when the server starts to stop, so that the readiness check fails while
    /// in-flight calls drain.
    let isStopping = Atomic<Bool>(false)
    private let lastConnectionID = Atomic<UInt64>(0)

    init(configuration: ServerConfiguration, accounts: AccountStore, handler: any RequestHandler, logger: Logger, metrics: ServerMetrics) {
        self.configuration = configuration
        accountStore = Mutex(accounts)
        self.handler = handler
        self.logger = logger
        self.metrics = metrics
    }

    /// The accounts accepted now; a reload replaces them.
    var accounts: AccountStore {
        accountStore.withLock { $0 }
    }

    func replaceAccounts(with accounts: AccountStore) {
        accountStore.withLock { $0 = accounts }
    }

    /// Returns a connection ID unique for the life of the process.
    func makeConnectionID() -> UInt64 {
        lastConnectionID.add(1, ordering: .relaxed).newValue
    }
}

import AllotWire
import Glibc
import Synchronization

/// The Allot server: an acceptor, I/O threads, a timer thread and the
/// metrics endpoint around one request handler.
///
/// `init` binds the sockets, so the bound addresses are known before
/// `start`. `stop` stops accepting, lets in-flight calls finish within the
/// shutdown grace period, and closes every connection.
public final class Server: Sendable {
    /// The address clients connect to, with the port the kernel picked when asked for 0.
    public let listenAddress: SocketAddress
    /// The metrics endpoint's address; nil when it is off.
    public let metricsAddress: SocketAddress?

    private let context: ServerContext
    private let threads: [IOThread]
    private let acceptor: Acceptor
    private let timer: TimerThread
    private let metricsEndpoint: MetricsEndpoint?
    private let stopped = Atomic<Bool>(false)

    /// The signals that stop the server.
    public static let terminationSignals = [SIGTERM, SIGINT]
    /// The signal that makes the server read its accounts again.
    public static let reloadSignal = SIGHUP

    /// A signal that `waitForSignal` received.
    public enum ControlSignal: Equatable, Sendable {
        /// SIGTERM or SIGINT, by name.
        case terminate(String)
        /// SIGHUP.
        case reloadAccounts
    }

    public init(configuration: ServerConfiguration, handler: any RequestHandler, logger: Logger) throws(StartupError) {
        try Self.prepareProcess(configuration: configuration, logger: logger)
        let (accounts, createdCredentials) = try AccountLoader.load(configuration: configuration, logger: logger)
        // A start that fails later, for example on a port in use, takes back the credentials
        // file it created, so that the folder is left as it was found.
        var started = false
        defer {
            if !started, let createdCredentials {
                unlink(createdCredentials)
                logger.info("removed the credentials file of a server that did not start", ("credentials", createdCredentials))
            }
        }
        logger.info("accounts loaded", ("accounts", "\(accounts.count)"))
        UnconfiguredAccountCheck.warn(workspaceCounts: handler.workspaceCountByAccount(), accounts: accounts, logger: logger)
        let context = ServerContext(
            configuration: configuration,
            accounts: accounts,
            handler: handler,
            logger: logger,
            metrics: ServerMetrics(shardCount: configuration.ioThreadCount)
        )
        self.context = context
        do {
            var threads: [IOThread] = []
            for index in 0..<configuration.ioThreadCount {
                threads.append(try IOThread(index: index, context: context))
            }
            self.threads = threads
        } catch {
            throw .system(error, path: "")
        }
        do {
            acceptor = try Acceptor(address: configuration.listenAddress, context: context, threads: threads)
        } catch {
            throw .listen(error, address: configuration.listenAddress, option: "--listen")
        }
        if let address = configuration.metricsAddress {
            do {
                metricsEndpoint = try MetricsEndpoint(address: address, context: context)
            } catch {
                throw .listen(error, address: address, option: "--metrics-listen")
            }
        } else {
            metricsEndpoint = nil
        }
        listenAddress = acceptor.boundAddress
        metricsAddress = metricsEndpoint?.boundAddress
        timer = TimerThread(handler: handler, tickMilliseconds: configuration.tickMilliseconds)
        started = true
    }

    /// Starts every thread and logs the addresses.
    public func start() {
        for thread in threads { thread.start() }
        timer.start()
        metricsEndpoint?.start()
        acceptor.start()
        context.logger.info("listening", ("address", listenAddress.description))
        if let metricsAddress {
            context.logger.info("metrics listening", ("address", metricsAddress.description))
        }
    }

    /// Stops gracefully and returns once every thread has ended. Calls after
    /// the first return at once.
    public func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        context.logger.info("stopping", ("grace_seconds", "\(context.configuration.shutdownGraceSeconds)"))
        context.isStopping.store(true, ordering: .relaxed)
        acceptor.stop()
        for thread in threads { thread.mailbox.post(.stop) }
        for thread in threads { thread.waitUntilFinished() }
        timer.stop()
        metricsEndpoint?.stop()
        context.logger.info("stopped")
    }

    /// Reads the accounts file and `credentials.json` again and replaces the accepted
    /// accounts, keeping the account of `account-sid` as configured at start-up. Connections
    /// of accounts no longer accepted, or whose administrator flag changed, are closed;
    /// others stay open, even when their secret changed. On an error the current accounts
    /// stay, and the error is logged.
    ///
    /// - Returns: true when the accounts were replaced.
    @discardableResult
    public func reloadAccounts() -> Bool {
        let previous = context.accounts
        let accounts: AccountStore
        do {
            accounts = try AccountLoader.load(configuration: context.configuration, logger: context.logger, mayCreateLocalAccount: false).0
        } catch {
            context.logger.error("reloading accounts failed; the current accounts stay", ("error", error.description))
            return false
        }
        context.replaceAccounts(with: accounts)
        let revoked = previous.accounts.filter { !accounts.accepts($0) }.count
        context.logger.info("accounts reloaded", ("accounts", "\(accounts.count)"), ("revoked", "\(revoked)"))
        for thread in threads { thread.mailbox.post(.accountsReloaded) }
        UnconfiguredAccountCheck.warn(workspaceCounts: context.handler.workspaceCountByAccount(), accounts: accounts, logger: context.logger)
        return true
    }

    /// Checks the accounts that the configuration names (the account of `account-sid` and
    /// the accounts file), so that an invalid or empty accounts file stops the server as
    /// invalid configuration before it opens and recovers its data folder.
    public static func checkConfiguredAccounts(_ configuration: ServerConfiguration) throws(ConfigurationError) {
        try AccountLoader.checkConfiguredAccounts(configuration)
    }

    /// Returns the accounts that the accounts file at `path` lists, after the checks that a
    /// start makes on it, for tools that read a data folder as a server on it would.
    public static func accounts(inAccountsFile path: String) throws(ConfigurationError) -> [Account] {
        var store = AccountStore()
        try AccountLoader.addAccounts(inFile: path, to: &store)
        return store.accounts
    }

    /// Blocks the termination and reload signals in the calling thread and in every
    /// thread started after, so that `waitForSignal` receives them. Call it first thing
    /// in `main`.
    public static func blockControlSignals() throws(SystemError) {
        try SystemCall.blockSignals(terminationSignals + [reloadSignal])
    }

    /// Waits for SIGTERM, SIGINT or SIGHUP.
    public static func waitForSignal() throws(SystemError) -> ControlSignal {
        let signal = try SystemCall.waitForSignal(terminationSignals + [reloadSignal])
        switch signal {
        case SIGTERM: return .terminate("SIGTERM")
        case SIGINT: return .terminate("SIGINT")
        case reloadSignal: return .reloadAccounts
        default: return .terminate("signal \(signal)")
        }
    }

    private static func prepareProcess(configuration: ServerConfiguration, logger: Logger) throws(StartupError) {
        // Writes to a closed stderr or socket must return EPIPE, not kill the process.
        signal(SIGPIPE, SIG_IGN)
        // A write past the file size limit (RLIMIT_FSIZE) must fail with EFBIG, which the
        // journal writer reports and retries like a full disk, not kill the process.
        signal(SIGXFSZ, SIG_IGN)
        do {
            let limit = try SystemCall.raiseOpenFileLimit()
            logger.debug("open file limit", ("limit", "\(limit)"))
        } catch {
            logger.warning("raising the open file limit failed", ("error", error.description))
        }
        do {
            try makeDirectories(configuration.dataDirectory)
        } catch {
            throw .system(error, path: configuration.dataDirectory)
        }
    }

    /// Creates `path` and its missing parents with mode 0700.
    private static func makeDirectories(_ path: String) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            try SystemCall.makeDirectory(prefix, mode: 0o700)
            prefix += "/"
        }
    }
}

import AllotCore
import AllotStorage
import AllotWire

/// Everything the server reads from flags, environment and config file.
/// Defaults are the values documented by `--help`.
public struct ServerConfiguration: Sendable {
    /// Address for client connections; port 0 picks a free port.
    public var listenAddress = SocketAddress(storage: .ipv4(host: [127, 0, 0, 1], port: 7700))
    /// Address of the Prometheus endpoint; nil turns it off.
    public var metricsAddress: SocketAddress? = SocketAddress(storage: .ipv4(host: [127, 0, 0, 1], port: 7701))
    /// Directory for credentials, and later snapshots and journals.
    public var dataDirectory = "allot-data"
    /// Threads that run the connections' epoll loops.
    public var ioThreadCount = ServerLimits.defaultIOThreadCount
    /// Open client connections at most; more are rejected.
    public var maximumConnections = ServerLimits.defaultMaximumConnections
    /// Largest frame payload accepted or sent, in bytes.
    public var maximumFrameBytes = WireLimits.defaultMaximumFrameBytes
    /// Maximum calls held per connection; more get RESOURCE_EXHAUSTED.
    public var maximumCallsInFlight = ServerLimits.defaultMaximumCallsInFlight
    /// Queued output bytes per connection past which the server stops reading it.
    public var maximumOutputBytes = ServerLimits.defaultMaximumOutputBytes
    /// Pushed events queued per connection past which it is disconnected.
    public var maximumSubscriberLagEvents = ServerLimits.defaultMaximumSubscriberLagEvents
    /// Time a new connection gets to authenticate with Hello, in seconds.
    public var helloTimeoutSeconds = ServerLimits.defaultHelloTimeoutSeconds
    /// Silence on a client connection before TCP keepalive probes it, in seconds; 0 is off.
    public var keepaliveIdleSeconds = ServerLimits.defaultKeepaliveIdleSeconds
    /// Interval of the engine clock, in milliseconds.
    public var tickMilliseconds = ServerLimits.defaultTickMilliseconds
    /// Time to finish in-flight calls at shutdown, in seconds.
    public var shutdownGraceSeconds = ServerLimits.defaultShutdownGraceSeconds
    /// Records below this level are not logged.
    public var logLevel = LogLevel.info
    /// SID of an account given in the configuration.
    public var accountSID: String?
    /// Secret of that account.
    public var accountSecret: String?
    /// JSON file listing accounts.
    public var accountsFile: String?
    /// Engine shards, each with its own lock.
    public var engineShardCount = ServerLimits.defaultEngineShardCount
    /// Events kept per workspace for subscribers that resume by sequence number.
    public var eventRingCapacity = EngineLimits().eventRingCapacity
    /// When the journal is synced to the device, and so when a change is acknowledged.
    package var syncPolicy = JournalSyncPolicy.always
    /// Seconds between scheduled snapshots; 0 writes them only at shutdown and on request.
    public var snapshotIntervalSeconds = ServerLimits.defaultSnapshotIntervalSeconds
    /// Problems found while loading that do not stop the server, for the caller to log.
    public var warnings: [ConfigurationWarning] = []

    public init() {}

    /// The engine's settings: its defaults with the shard count and ring
    /// capacity of this configuration.
    public var engineConfiguration: EngineConfiguration {
        var limits = EngineLimits()
        limits.eventRingCapacity = eventRingCapacity
        return EngineConfiguration(shardCount: engineShardCount, limits: limits)
    }
}

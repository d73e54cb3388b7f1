import AllotWire
import Foundation

/// Defaults and bounds of the server's limits, with the reason for each
/// value. The ones marked configurable have an option of the same name.
enum ServerLimits {
    /// Default maximum open client connections (configurable). Each idle
    /// connection costs a few kilobytes; ten thousand fit easily in memory
    /// and stay under common file descriptor limits once raised.
    static let defaultMaximumConnections = 10_000

    /// Default maximum calls held per connection (configurable): received
    /// and not yet replied to, or replied to and not yet sent. It bounds the
    /// memory one pipelining client can pin; 1024 covers deep pipelines.
    static let defaultMaximumCallsInFlight = 1_024

    /// Default output bytes queued for one connection past which the server
    /// stops reading from it (configurable). Twice the maximum frame, so one
    /// maximum-size reply always fits after a smaller backlog.
    static let defaultMaximumOutputBytes = 2 * WireLimits.defaultMaximumFrameBytes

    /// Default number of pushed events queued for one connection past which
    /// it is disconnected as too slow (configurable). About a second of a
    /// busy workspace's events; a client further behind resumes from its
    /// last sequence number after reconnecting.
    static let defaultMaximumSubscriberLagEvents = 10_000

    /// Default time a new connection gets to send a valid Hello, in seconds
    /// (configurable). A client sends Hello as soon as it connects, so ten
    /// seconds leaves room for a congested link, and a peer that never
    /// authenticates occupies one of max-connections for no longer than that.
    static let defaultHelloTimeoutSeconds = 10

    /// Default silence on a client connection, in seconds, before TCP keepalive probes it
    /// (configurable; 0 turns probing off). A peer whose machine or network vanished sends
    /// no FIN, so without probes its connection and subscriptions would stay open for good.
    static let defaultKeepaliveIdleSeconds = 60

    /// Unanswered keepalive probes after which the kernel drops a connection. The probes
    /// go out a third of the idle time apart, so a dead peer is found within about twice
    /// the idle time.
    static let keepaliveProbeCount: Int32 = 3

    /// Default I/O threads (configurable). Two keep a small machine's cores
    /// for the engine; raise it on larger machines.
    static let defaultIOThreadCount = 2

    /// Upper bound of the I/O thread option; beyond it threads only contend.
    static let maximumIOThreadCount = 256

    /// Default interval of the timer thread in milliseconds (configurable).
    /// Reservation and task timeouts have one-second resolution in
    /// TaskRouter, so 10 ms adds no visible delay.
    static let defaultTickMilliseconds = 10

    /// Default time to finish in-flight calls and flush replies at shutdown,
    /// in seconds (configurable).
    static let defaultShutdownGraceSeconds = 10

    /// Default seconds between scheduled snapshots (configurable; 0 turns them off). A start
    /// replays the journal written since the newest snapshot, at tens of thousands of records
    /// per second on a 2-core machine, so five minutes of writes replay in seconds. A snapshot
    /// of a million tasks costs about three seconds of one core, so this is rare enough.
    static let defaultSnapshotIntervalSeconds = 300

    /// Longest `interval:` sync period accepted, in milliseconds. Longer periods widen what a
    /// power loss can take without saving work.
    static let maximumSyncIntervalMilliseconds = 60_000

    /// Bytes read from a socket per recv call.
    static let readChunkBytes = 64 << 10

    /// Reads per connection per wake-up, so one busy client cannot starve the
    /// others on its thread; epoll reports the rest on the next pass.
    static let maximumReadsPerWakeup = 16

    /// epoll events handled per epoll_wait call.
    static let epollBatchSize = 256

    /// Time a closing connection gets to flush its last frames before it is
    /// closed regardless, in milliseconds.
    static let closingFlushMilliseconds = 5_000

    /// Time a connection gets, once its output is queued and its sending side
    /// shut down, for the peer to acknowledge that output, in milliseconds.
    /// Input arriving meanwhile is discarded. A peer that reads its replies
    /// acknowledges them far sooner on any working network.
    static let closingDrainMilliseconds = 2_000

    /// Interval at which the loop checks whether the output of draining
    /// connections has been acknowledged, in milliseconds. The kernel reports
    /// no event for it, so the loop polls while any connection drains.
    static let drainPollMilliseconds = 10

    /// Reads of discarded input per draining connection per wake-up, so that a
    /// peer that keeps sending cannot hold its thread.
    static let maximumDrainReadsPerWakeup = 4

    /// Pause in accepting after the process runs out of file descriptors, in
    /// milliseconds, so the acceptor does not spin on EMFILE.
    static let acceptPauseMilliseconds = 100

    /// Connections accepted per wake-up of the acceptor, so that a flood of
    /// connections cannot keep it from serving rejected connections that
    /// linger. epoll reports the rest of the backlog on the next pass.
    static let maximumAcceptsPerWakeup = 64

    /// Time a connection rejected at max-connections stays open after its
    /// status frame and FIN are sent, for the peer to read them and close, in
    /// milliseconds. Closing while the peer's input is unread makes the kernel
    /// reset the connection, and a reset can drop the status before the peer
    /// reads it. A client that reads the status closes within a round trip,
    /// far under a second on any working network.
    static let rejectedLingerMilliseconds = 1_000

    /// Rejected connections that linger at once. Past it a rejected connection
    /// gets its status best effort and is closed at once. Each one keeps a file
    /// descriptor open, so the bound keeps a flood from taking the descriptors
    /// that admitted connections need. 128 covers a burst of clients that
    /// reconnect together.
    static let maximumLingeringRejections = 128

    /// Input discarded from one rejected connection, in bytes, before it is
    /// closed regardless. A Hello and the calls a client pipelines before its
    /// first reply take a few kilobytes, so a peer that sends more is not
    /// waiting for the status.
    static let maximumRejectedDiscardBytes = 64 << 10

    /// Backlog of the listening socket; the kernel caps it at somaxconn.
    static let listenBacklog: Int32 = 1_024

    /// Maximum length of a value in a log line, in bytes; longer
    /// client-supplied values are cut.
    static let maximumLogValueBytes = 256

    /// Maximum length of a start-up error in a log line, in bytes. Such an error names the
    /// damaged files and ends with what to do, so it must not be cut at the usual length.
    /// It is not client input, and the bound only stops runaway text.
    static let maximumStartupErrorLogBytes = 8_192

    /// Longest HTTP request head the metrics endpoint reads, in bytes.
    static let maximumMetricsRequestBytes = 8_192

    /// Time a metrics client gets to send its whole request head and take the
    /// whole response, in milliseconds.
    static let metricsSocketTimeoutMilliseconds = 2_000

    /// Connections the metrics endpoint keeps open at once. Past it, a new
    /// connection displaces the oldest one that has not sent a whole request.
    static let maximumMetricsConnections = 32

    /// Subscriptions one connection may hold at once. A client needs one per
    /// workspace or worker it follows; 256 covers a supervisor following a
    /// team while bounding the work one connection adds to every event.
    static let maximumSubscriptionsPerConnection = 256

    /// Event types one subscription filter may list: more than the 43 types
    /// there are, so a list of every type fits.
    static let maximumSubscriptionEventTypes = 100

    /// Events read from a workspace's ring per engine call when a
    /// subscription replays or catches up. It bounds how long one read keeps
    /// the workspace's shard locked.
    static let eventBatchEvents = 1_000

    /// Tries to join a workspace's hub while other threads retire it. A
    /// retry is needed only when the last subscriber left at the same
    /// moment, so a few suffice.
    static let maximumSubscribeAttempts = 8

    /// Pages of one account's workspaces that a metrics scrape reads, at the
    /// engine's largest page size each. A million workspaces per account is
    /// far beyond one server's memory, so the bound never cuts a real count.
    static let maximumGaugeWorkspacePages = 1_000

    /// Default engine shards (configurable): four per core, so that
    /// workspaces that hash to one shard rarely keep a core waiting.
    static let defaultEngineShardCount = 4 * ProcessInfo.processInfo.activeProcessorCount

    /// Upper bound of the shard option; each shard costs a lock and a
    /// deadline heap, and past a few per core they only add overhead.
    static let maximumEngineShardCount = 4_096

    /// Upper bound of the event ring option, in events per workspace. At a
    /// few hundred bytes per event a full ring of this size takes hundreds
    /// of megabytes for one workspace.
    static let maximumEventRingCapacity = 1_000_000
}

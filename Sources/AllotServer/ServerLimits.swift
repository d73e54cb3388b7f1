import AllotWire

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

    /// Pause in accepting after the process runs out of file descriptors, in
    /// milliseconds, so the acceptor does not spin on EMFILE.
    static let acceptPauseMilliseconds = 100

    /// Backlog of the listening socket; the kernel caps it at somaxconn.
    static let listenBacklog: Int32 = 1_024

    /// Maximum length of a value in a log line, in bytes; longer
    /// client-supplied values are cut.
    static let maximumLogValueBytes = 256

    /// Longest HTTP request head the metrics endpoint reads, in bytes.
    static let maximumMetricsRequestBytes = 8_192

    /// Send and receive timeout of a metrics scrape connection, in milliseconds.
    static let metricsSocketTimeoutMilliseconds = 2_000
}

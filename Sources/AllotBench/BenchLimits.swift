/// Limits of allot-bench, each with the reason for its value. Every loop
/// and buffer that grows with a flag, a file or the server's pace is
/// bounded by one of these.
enum BenchLimits {
    /// Maximum run length (24 hours): far past any benchmark, and it bounds
    /// the per-second timeline at 86,400 rows.
    static let maximumDuration = Duration.seconds(86_400)

    /// Connections one scenario opens at most. Each SDK connection has its
    /// own reader thread, so thousands are possible but rarely useful on a
    /// benchmark machine.
    static let maximumConnections = 1_024

    /// Calls or cycles kept in flight per connection at most; the server's
    /// default `--max-calls-in-flight` is 1,024.
    static let maximumInFlightPerConnection = 1_024

    /// Workers one scenario creates at most, over all its workspaces.
    static let maximumWorkers = 10_000

    /// Maximum open-loop cycles started and not yet finished. Past it the
    /// schedule waits. Latency is still measured from the intended send
    /// time, so a stalled server shows as latency, not as a lower rate.
    static let maximumOutstandingCycles = 100_000

    /// Tasks whose creation time is kept for joining with their
    /// reservation and acceptance. Past it new tasks are counted but not timed.
    static let maximumTrackedTasks = 1_000_000

    /// Task creations per second at most, in real time (--rate × --speed).
    static let maximumRealRatePerSecond = 1_000_000.0

    /// Largest time compression factor: 3,600 runs an hour in a second.
    static let maximumSpeed = 3_600.0

    /// Largest traffic profile or workspace file read, in bytes.
    static let maximumProfileBytes = 1 << 20

    /// Worker groups and task kinds in one traffic profile at most.
    static let maximumProfileEntries = 256

    /// Largest echo payload, in bytes; well under the server's default frame limit.
    static let maximumEchoPayloadBytes = 1 << 20

    /// Largest simulated think, handle or TTL time, in seconds (one day).
    static let maximumSimulatedSeconds = 86_400.0

    /// Queues reported per scenario at most. The engine's workspaces contain
    /// more, but a report table past this is unreadable.
    static let maximumReportedQueues = 500

    /// Bytes read from the `allot apply` child at most.
    static let maximumChildOutputBytes = 4 << 20

    /// Wait for a spawned server's "listening" line or `allot apply` to finish.
    static let childProcessTimeout = Duration.seconds(120)

    /// Scenarios in one suite run.
    static let maximumSuiteScenarios = 16
}

/// Limits of the client, each with the reason for its value.
public enum ClientLimits {
    /// Timeout of a call when the caller gives none (30 seconds): long enough
    /// for a large workflow update on a loaded server, short enough that a
    /// hung server surfaces as an error rather than a hang.
    public static let defaultCallTimeout = Duration.seconds(30)

    /// Largest credentials file read, in bytes. The file holds two short
    /// strings; the bound stops a mistyped path from loading a large file.
    public static let maximumCredentialsFileBytes = 64 << 10

    /// Events buffered per subscription between the reader thread and the
    /// consumer. A consumer that falls this far behind loses the
    /// subscription, and the event stream resubscribes from the last event
    /// it delivered, so the bound costs a resubscribe, never an event.
    public static let maximumBufferedEvents = 100_000

    /// First wait before reconnecting an event stream.
    public static let initialReconnectDelay = Duration.milliseconds(50)

    /// Maximum wait between reconnection attempts. The wait doubles from
    /// `initialReconnectDelay` up to this value.
    public static let maximumReconnectDelay = Duration.seconds(5)

    /// Pending reservations a `WorkerSession` lists when its reservation
    /// stream starts: a worker's capacity is at most 50 per channel, so the
    /// protocol's maximum page holds them all.
    public static let maximumListedPendingReservations: UInt32 = 1_000

    /// Maximum restarts in a row of a worker's reservation stream after the server lost
    /// events (a restart clears them), before it fails with `outOfRange`. Each restart
    /// lists the pending reservations again, so the limit stops a loop of calls against
    /// a server that keeps losing events.
    public static let maximumReservationStreamRestarts = 8

    /// Silence on a connection, in seconds, before TCP keepalive probes the server. A
    /// server whose machine or network vanished sends no FIN, so without probes an event
    /// stream would wait for it for good instead of reconnecting.
    public static let keepaliveIdleSeconds: Int32 = 60

    /// Unanswered keepalive probes, sent a third of `keepaliveIdleSeconds` apart, after
    /// which the connection fails, so a vanished server is found within about two minutes.
    public static let keepaliveProbeCount: Int32 = 3

    /// Bytes read from the socket per receive call.
    static let receiveChunkBytes = 64 << 10
}

/// Cumulative statistics of one scope over a window.
public struct CumulativeStatistics: Sendable, Hashable {
    /// Start of the window, rounded down to the minute because statistics
    /// are kept in per-minute buckets.
    public var startTime: Timestamp
    /// End of the window, rounded up to the minute for the same reason, or
    /// now when that minute has not ended yet.
    public var endTime: Timestamp
    public var counters: CumulativeCounters
    /// One entry per requested threshold, in request order; empty for worker scopes.
    public var splitByWaitTime: [WaitTimeSplit]
    /// Workers and worker scopes: activity periods that ended in the window,
    /// per activity SID.
    public var activityDurations: [String: DurationSummary]
}

/// The window and options of a cumulative statistics request, as
/// TaskRouter's `Minutes`, `StartDate`, `EndDate` and `SplitByWaitTime`.
public struct CumulativeStatisticsRequest: Sendable, Hashable {
    /// Look-back in minutes from the end of the window; 15 when nil. Not
    /// allowed together with `startDate`.
    public var minutes: Int?
    /// Start of the window; at most `Limits.maximumStatisticsWindowMinutes`
    /// before now. Only the last `Limits.statisticsRetentionMinutes` are
    /// counted, because older buckets are not kept.
    public var startDate: Timestamp?
    /// End of the window; now when nil, and an end after now counts as now.
    public var endDate: Timestamp?
    /// Wait-time thresholds in seconds to split accepted and canceled tasks
    /// at; see `WaitTimeThresholds.validate`. Workspace, queue and workflow
    /// scopes only.
    public var splitByWaitTime: [Int]
    /// A task channel's SID or unique name: the figures then count only the
    /// tasks of that channel and their reservations. Nil counts every channel.
    public var taskChannel: String?

    /// Look-back when neither `minutes` nor `startDate` is given, as in TaskRouter.
    public static let defaultMinutes = 15

    public init(minutes: Int? = nil, startDate: Timestamp? = nil, endDate: Timestamp? = nil, splitByWaitTime: [Int] = [],
                taskChannel: String? = nil) {
        self.minutes = minutes
        self.startDate = startDate
        self.endDate = endDate
        self.splitByWaitTime = splitByWaitTime
        self.taskChannel = taskChannel
    }

    /// Checks the request against `now` and returns the instants it covers.
    ///
    /// - Throws: `EngineError.invalidArgument` naming the field, the value
    ///   and the fix. That happens when `minutes` is out of range or given
    ///   with `startDate`, when the start is more than 30 days back, in the
    ///   future or not before the end, or when a threshold is invalid.
    func window(now: Timestamp) throws(EngineError) -> StatisticsWindow {
        let lookBack = Limits.maximumStatisticsWindowMinutes
        if let minutes {
            if startDate != nil {
                throw .invalidArgument(field: "Minutes",
                                       message: "Minutes \(minutes) and StartDate were both given; pass Minutes for a look-back or StartDate (and EndDate) for a fixed window")
            }
            try InputValidation.integer(minutes, in: 1...Limits.maximumStatisticsWindowMinutes, field: "Minutes")
        }
        let end = Swift.min(endDate ?? now, now)
        let start = startDate ?? end.adding(milliseconds: -Int64(minutes ?? Self.defaultMinutes) * WorkspaceState.millisecondsPerMinute)
        let earliest = now.adding(milliseconds: -Int64(lookBack) * WorkspaceState.millisecondsPerMinute)
        if start < earliest {
            let field = startDate == nil ? "EndDate" : "StartDate"
            throw .invalidArgument(field: field,
                                   message: "the window starts at \(start.iso8601), more than \(lookBack) minutes (30 days) before now (\(now.iso8601)); pass a start at or after \(earliest.iso8601)")
        }
        if start > now {
            throw .invalidArgument(field: "StartDate",
                                   message: "StartDate \(start.iso8601) is in the future (now is \(now.iso8601)); pass a start before now")
        }
        guard start < end else {
            throw .invalidArgument(field: "StartDate",
                                   message: "StartDate \(start.iso8601) is not before the end of the window (\(end.iso8601)); pass an earlier StartDate or a later EndDate")
        }
        try WaitTimeThresholds.validate(splitByWaitTime)
        return StatisticsWindow(start: start, end: end, now: now)
    }
}

/// The instants a cumulative statistics window covers, from `start`
/// (included) to `end` (excluded). A window that ends now includes `end`,
/// because changes at the instant of the request are already recorded.
struct StatisticsWindow: Sendable, Hashable {
    var start: Timestamp
    var end: Timestamp
    /// The time of the request. No bucket contains changes after it.
    var now: Timestamp

    /// The first minute whose bucket is summed: the one containing `start`.
    var firstMinute: Int64 { start.unixMilliseconds.floorDivided(by: WorkspaceState.millisecondsPerMinute) }

    /// The last minute whose bucket is summed: the one containing the last
    /// millisecond before `end`, or the minute of `now` when the window ends
    /// now, so that a request on a minute boundary counts the changes made at it.
    var lastMinute: Int64 {
        let last = end == now ? end.unixMilliseconds : end.unixMilliseconds - 1
        return last.floorDivided(by: WorkspaceState.millisecondsPerMinute)
    }

    /// The reported start: `start` rounded down to its minute, because whole
    /// buckets are summed. The first minute of `Int64` milliseconds starts
    /// before `Int64.min`, so there it is `Int64.min`.
    var reportedStart: Timestamp {
        let (milliseconds, overflow) = firstMinute.multipliedReportingOverflow(by: WorkspaceState.millisecondsPerMinute)
        return Timestamp(unixMilliseconds: overflow ? Int64.min : milliseconds)
    }

    /// The reported end: the end of the last minute summed, because its
    /// whole bucket counts, or now when that minute has not ended yet.
    var reportedEnd: Timestamp {
        let (nextMinute, overflow) = (lastMinute + 1).multipliedReportingOverflow(by: WorkspaceState.millisecondsPerMinute)
        if overflow { return now }
        return Swift.min(Timestamp(unixMilliseconds: nextMinute), now)
    }
}

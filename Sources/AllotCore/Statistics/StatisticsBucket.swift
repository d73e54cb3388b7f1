/// The counters, wait times and activity periods of one scope (workspace,
/// queue, workflow or worker) during one UTC minute.
struct StatisticsBucket: Sendable, Hashable {
    /// Minutes since the Unix epoch.
    var minute: Int64
    var counters = CumulativeCounters()
    /// Workspace, queue and workflow scopes only: accepted and canceled tasks by wait.
    var waitTimes = WaitTimeHistogram()
    /// Workspace and worker scopes only: activity periods that ended in this minute.
    var activityDurations: [ActivityHandle: DurationSummary] = [:]

    init(minute: Int64) {
        self.minute = minute
    }
}

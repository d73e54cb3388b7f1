extension WorkspaceState {
    /// Sums the buckets of `history` over `window`: counters, the split of
    /// accepted and canceled tasks at each of `thresholds`, and activity
    /// periods by activity SID (periods of deleted activities are left out).
    ///
    /// - Complexity: O(log n + k × (1 + b × t + a)) for k buckets in the
    ///   window, b occupied wait-time bins per bucket, t thresholds and a
    ///   activities with periods per bucket.
    func windowedStatistics(_ history: MinuteBuckets, window: StatisticsWindow,
                            thresholds: [Int]) -> CumulativeStatistics {
        var counters = CumulativeCounters()
        var splits = thresholds.map { WaitTimeSplit(thresholdSeconds: $0) }
        var durations: [ActivityHandle: DurationSummary] = [:]
        for bucket in history.buckets(fromMinute: window.firstMinute, throughMinute: window.lastMinute) {
            counters.add(bucket.counters)
            if !splits.isEmpty { bucket.waitTimes.add(to: &splits) }
            for (activity, summary) in bucket.activityDurations {
                durations[activity, default: DurationSummary()].merge(summary)
            }
        }
        var durationsBySid: [String: DurationSummary] = [:]
        for (activity, summary) in durations where activities.contains(activity) {
            durationsBySid[activities[activity].sid] = summary
        }
        return CumulativeStatistics(startTime: window.reportedStart, endTime: window.end, counters: counters,
                                    splitByWaitTime: splits, activityDurations: durationsBySid)
    }
}

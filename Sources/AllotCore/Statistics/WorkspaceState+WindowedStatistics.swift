extension WorkspaceState {
    /// Sums the buckets of `history` over `window`: counters, the split of
    /// accepted and canceled tasks at each of `thresholds`, and activity
    /// periods by activity SID (periods of deleted activities are left out).
    /// With `channel`, the counters and the split cover only the tasks of
    /// that channel. Activity periods belong to workers, not to channels, so
    /// they stay whole.
    ///
    /// - Complexity: O(log n + k × (c + b × t + a)). Here k is the number of
    ///   buckets in the window and c the channels per bucket. b counts the
    ///   occupied wait-time bins over a bucket's channels, t the thresholds,
    ///   and a the activities with periods per bucket.
    func windowedStatistics(_ history: MinuteBuckets, window: StatisticsWindow,
                            thresholds: [Int], channel: ChannelHandle?) -> CumulativeStatistics {
        var counters = CumulativeCounters()
        var splits = thresholds.map { WaitTimeSplit(thresholdSeconds: $0) }
        var durations: [ActivityHandle: DurationSummary] = [:]
        for bucket in history.buckets(fromMinute: window.firstMinute, throughMinute: window.lastMinute) {
            for figures in bucket.channels where channel == nil || figures.channel == channel {
                counters.add(figures.counters)
                if !splits.isEmpty { figures.waitTimes.add(to: &splits) }
            }
            for (activity, summary) in bucket.activityDurations {
                durations[activity, default: DurationSummary()].merge(summary)
            }
        }
        var durationsBySid: [String: DurationSummary] = [:]
        for (activity, summary) in durations where activities.contains(activity) {
            durationsBySid[activities[activity].sid] = summary
        }
        return CumulativeStatistics(startTime: window.reportedStart, endTime: window.reportedEnd, counters: counters,
                                    splitByWaitTime: splits, activityDurations: durationsBySid)
    }
}

/// The counters, wait times and activity periods of one scope (workspace,
/// queue, workflow or worker) during one UTC minute.
///
/// Counters and wait times are kept by the task channel of the task they
/// concern, for statistics filtered by channel, and the minute's totals are
/// the sum over its channels. A workspace has few channels, and a minute usually
/// has changes on one or two, so a short array searched in order is faster than a
/// hash table.
struct StatisticsBucket: Sendable, Hashable {
    /// Minutes since the Unix epoch.
    var minute: Int64
    /// One entry per channel with a change in the minute, in the order of
    /// their first change.
    var channels: [ChannelFigures] = []
    /// Workspace and worker scopes only: activity periods that ended in this minute.
    var activityDurations: [ActivityHandle: DurationSummary] = [:]

    /// The channel of figures that belong to no live channel: those of a
    /// deleted channel, and those restored from a snapshot written before
    /// buckets were split by channel. They count in the totals and under no
    /// channel filter.
    static let unattributed = ChannelHandle(-1)

    init(minute: Int64) {
        self.minute = minute
    }

    /// The minute's counters over every channel.
    ///
    /// - Complexity: O(c) for c channels in the minute.
    var counters: CumulativeCounters {
        var total = CumulativeCounters()
        for figures in channels { total.add(figures.counters) }
        return total
    }

    /// The minute's wait times over every channel.
    ///
    /// - Complexity: O(c × b) for c channels and b occupied bins.
    var waitTimes: WaitTimeHistogram {
        var total = WaitTimeHistogram()
        for figures in channels { total.add(figures.waitTimes) }
        return total
    }

    /// Moves the figures of `channel` into the unattributed ones, so that
    /// the totals keep them while no filter finds them.
    ///
    /// - Complexity: O(c × b) for c channels and b occupied bins.
    mutating func unattribute(_ channel: ChannelHandle) {
        guard let index = channels.firstIndex(where: { $0.channel == channel }) else { return }
        let figures = channels.remove(at: index)
        updateChannel(Self.unattributed) { unattributed in
            unattributed.counters.add(figures.counters)
            unattributed.waitTimes.add(figures.waitTimes)
        }
    }

    /// Applies `body` to the figures of `channel`, adding them when the
    /// minute has none yet.
    ///
    /// - Complexity: O(c) for c channels in the minute.
    mutating func updateChannel(_ channel: ChannelHandle, _ body: (inout ChannelFigures) -> Void) {
        if let index = channels.firstIndex(where: { $0.channel == channel }) {
            body(&channels[index])
        } else {
            var figures = ChannelFigures(channel: channel)
            body(&figures)
            channels.append(figures)
        }
    }
}

/// One task channel's share of a statistics bucket.
struct ChannelFigures: Sendable, Hashable {
    var channel: ChannelHandle
    var counters = CumulativeCounters()
    /// Workspace, queue and workflow scopes only: accepted and canceled tasks by wait.
    var waitTimes = WaitTimeHistogram()
}

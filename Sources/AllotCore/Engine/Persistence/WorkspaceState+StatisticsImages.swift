extension WorkspaceState {
    /// Returns the live buckets of a scope's history in snapshot form, oldest
    /// first. Each bucket carries its totals as well as its channels' figures,
    /// for readers of the file and for versions that know no channels.
    static func bucketsImage(_ history: MinuteBuckets) -> [SnapshotImage.StatisticsBucket] {
        history.buckets.map { bucket in
            var image = SnapshotImage.StatisticsBucket()
            image.minute = bucket.minute
            image.counters = countersImage(bucket.counters)
            image.waitTimes = binsImage(bucket.waitTimes)
            image.activityDurations = durationsImage(bucket.activityDurations)
            image.channels = bucket.channels.map { figures in
                var channel = SnapshotImage.ChannelFigures()
                channel.channel = figures.channel.index
                channel.counters = countersImage(figures.counters)
                channel.waitTimes = binsImage(figures.waitTimes)
                return channel
            }
            return image
        }
    }

    private static func binsImage(_ histogram: WaitTimeHistogram) -> [SnapshotImage.WaitTimeBin] {
        histogram.entries.map { entry in
            SnapshotImage.WaitTimeBin(bin: Int32(entry.bin), reservationsAccepted: Int64(entry.reservationsAccepted),
                                      tasksCanceled: Int64(entry.tasksCanceled))
        }
    }
}

extension WorkspaceRestorer {
    /// Rebuilds a scope's history from snapshot buckets.
    ///
    /// - Throws: `SnapshotRestoreError.inconsistent` when the minutes do not
    ///   ascend, a bin is out of range or out of order, a count does not
    ///   fit the bucket's 32-bit fields, or a channel's figures have a
    ///   handle below `StatisticsBucket.unattributed` or appear twice in one
    ///   minute. Figures of channels the workspace lacks become unattributed
    ///   once every record is restored.
    func history(_ images: [SnapshotImage.StatisticsBucket], owner: String) throws(SnapshotRestoreError) -> MinuteBuckets {
        var buckets: [StatisticsBucket] = []
        buckets.reserveCapacity(images.count)
        for image in images {
            var bucket = StatisticsBucket(minute: image.minute)
            bucket.activityDurations = Self.durations(image.activityDurations)
            for figures in image.channels {
                let channel = ChannelHandle(figures.channel)
                guard figures.channel >= StatisticsBucket.unattributed.index,
                      !bucket.channels.contains(where: { $0.channel == channel }) else {
                    throw .inconsistent(workspaceSid: sid,
                                        reason: "statistics of \(owner) at minute \(image.minute) hold task channel handle \(figures.channel) twice or out of range")
                }
                bucket.channels.append(ChannelFigures(channel: channel, counters: Self.counters(figures.counters),
                                                      waitTimes: try histogram(figures.waitTimes, owner: owner, minute: image.minute)))
            }
            // A snapshot written before buckets were split by channel contains
            // totals only. With channels present, the totals are their sum.
            if image.channels.isEmpty {
                let totals = ChannelFigures(channel: StatisticsBucket.unattributed, counters: Self.counters(image.counters),
                                            waitTimes: try histogram(image.waitTimes, owner: owner, minute: image.minute))
                if totals != ChannelFigures(channel: StatisticsBucket.unattributed) { bucket.channels.append(totals) }
            }
            buckets.append(bucket)
        }
        guard let history = MinuteBuckets(buckets: buckets) else {
            throw .inconsistent(workspaceSid: sid, reason: "statistics buckets of \(owner) are not in ascending minute order")
        }
        return history
    }

    private func histogram(_ bins: [SnapshotImage.WaitTimeBin], owner: String, minute: Int64) throws(SnapshotRestoreError) -> WaitTimeHistogram {
        var entries: [WaitTimeHistogram.Entry] = []
        entries.reserveCapacity(bins.count)
        for bin in bins {
            guard let index = UInt16(exactly: bin.bin), let accepted = UInt32(exactly: bin.reservationsAccepted),
                  let canceled = UInt32(exactly: bin.tasksCanceled) else {
                throw .inconsistent(workspaceSid: sid, reason: "statistics of \(owner) hold wait-time bin \(bin.bin) with counts out of range")
            }
            entries.append(WaitTimeHistogram.Entry(bin: index, reservationsAccepted: accepted, tasksCanceled: canceled))
        }
        guard let histogram = WaitTimeHistogram(entries: entries) else {
            throw .inconsistent(workspaceSid: sid, reason: "statistics of \(owner) at minute \(minute) hold wait-time bins out of order or range")
        }
        return histogram
    }
}

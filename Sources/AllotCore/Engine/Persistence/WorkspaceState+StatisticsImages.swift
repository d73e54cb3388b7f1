extension WorkspaceState {
    /// Returns the live buckets of a scope's history in snapshot form, oldest first.
    static func bucketsImage(_ history: MinuteBuckets) -> [SnapshotImage.StatisticsBucket] {
        history.buckets.map { bucket in
            var image = SnapshotImage.StatisticsBucket()
            image.minute = bucket.minute
            image.counters = countersImage(bucket.counters)
            image.waitTimes = bucket.waitTimes.entries.map { entry in
                SnapshotImage.WaitTimeBin(bin: Int32(entry.bin), reservationsAccepted: Int64(entry.reservationsAccepted),
                                          tasksCanceled: Int64(entry.tasksCanceled))
            }
            image.activityDurations = durationsImage(bucket.activityDurations)
            return image
        }
    }
}

extension WorkspaceRestorer {
    /// Rebuilds a scope's history from snapshot buckets.
    ///
    /// - Throws: `SnapshotRestoreError.inconsistent` when the minutes do not
    ///   ascend, a bin is out of range or out of order, or a count does not
    ///   fit the bucket's 32-bit fields.
    func history(_ images: [SnapshotImage.StatisticsBucket], owner: String) throws(SnapshotRestoreError) -> MinuteBuckets {
        var buckets: [StatisticsBucket] = []
        buckets.reserveCapacity(images.count)
        for image in images {
            var bucket = StatisticsBucket(minute: image.minute)
            bucket.counters = Self.counters(image.counters)
            bucket.activityDurations = Self.durations(image.activityDurations)
            var entries: [WaitTimeHistogram.Entry] = []
            for bin in image.waitTimes {
                guard let index = UInt16(exactly: bin.bin), let accepted = UInt32(exactly: bin.reservationsAccepted),
                      let canceled = UInt32(exactly: bin.tasksCanceled) else {
                    throw .inconsistent(workspaceSid: sid, reason: "statistics of \(owner) hold wait-time bin \(bin.bin) with counts out of range")
                }
                entries.append(WaitTimeHistogram.Entry(bin: index, reservationsAccepted: accepted, tasksCanceled: canceled))
            }
            guard let histogram = WaitTimeHistogram(entries: entries) else {
                throw .inconsistent(workspaceSid: sid, reason: "statistics of \(owner) at minute \(image.minute) hold wait-time bins out of order or range")
            }
            bucket.waitTimes = histogram
            buckets.append(bucket)
        }
        guard let history = MinuteBuckets(buckets: buckets) else {
            throw .inconsistent(workspaceSid: sid, reason: "statistics buckets of \(owner) are not in ascending minute order")
        }
        return history
    }
}

/// The recent history of one scope as per-minute buckets, oldest first,
/// kept for `Limits.statisticsRetentionMinutes`.
///
/// Only minutes in which something happened have a bucket. A bucket older
/// than the retention is dropped when a newer one is written, so an idle
/// scope costs nothing and a busy one at most one bucket per retained minute.
struct MinuteBuckets: Sendable {
    /// Buckets by ascending minute from `startIndex`; the slots before it
    /// are dropped ones that the next compaction removes.
    private(set) var storage: [StatisticsBucket] = []
    private var startIndex = 0

    init() {}

    /// Creates the ring from stored buckets, as a snapshot restore does.
    /// Returns nil unless the minutes are strictly ascending.
    init?(buckets: [StatisticsBucket]) {
        for index in buckets.indices.dropFirst() where buckets[index - 1].minute >= buckets[index].minute {
            return nil
        }
        storage = buckets
    }

    /// The live buckets, oldest first.
    var buckets: ArraySlice<StatisticsBucket> { storage[startIndex...] }

    var isEmpty: Bool { startIndex == storage.count }

    /// Applies `body` to the bucket of the minute of `now`, creating it and
    /// dropping the buckets that fall out of the retention.
    ///
    /// When the clock went back behind the newest bucket, the change goes
    /// into the newest bucket, which keeps the minutes ascending.
    ///
    /// - Complexity: amortized O(1).
    mutating func record(at now: Timestamp, _ body: (inout StatisticsBucket) -> Void) {
        let minute = now.unixMilliseconds.floorDivided(by: WorkspaceState.millisecondsPerMinute)
        if let last = storage.indices.last, last >= startIndex, storage[last].minute >= minute {
            body(&storage[last])
            return
        }
        var bucket = StatisticsBucket(minute: minute)
        body(&bucket)
        storage.append(bucket)
        dropExpired(before: minute - Int64(Limits.statisticsRetentionMinutes) + 1)
    }

    /// Drops the buckets of minutes before `minute`.
    private mutating func dropExpired(before minute: Int64) {
        while startIndex < storage.count, storage[startIndex].minute < minute { startIndex += 1 }
        // Compact once the dropped slots are half of the array, so that
        // compaction costs amortized O(1) per bucket written.
        if startIndex > 0, startIndex * 2 >= storage.count {
            storage.removeFirst(startIndex)
            startIndex = 0
        }
    }

    /// Applies `body` to every live bucket, oldest first.
    ///
    /// - Complexity: O(k) for k live buckets, besides the cost of `body`.
    mutating func updateEach(_ body: (inout StatisticsBucket) -> Void) {
        for index in startIndex..<storage.count { body(&storage[index]) }
    }

    /// Returns the buckets of minutes from `first` to `last`, both included.
    ///
    /// - Complexity: O(log n + k) for k buckets returned.
    func buckets(fromMinute first: Int64, throughMinute last: Int64) -> ArraySlice<StatisticsBucket> {
        var low = startIndex
        var high = storage.count
        while low < high {
            let middle = (low + high) / 2
            if storage[middle].minute < first { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < storage.count, storage[end].minute <= last { end += 1 }
        return storage[low..<end]
    }

    func checkInvariants() {
        let live = buckets
        for index in live.indices.dropFirst() {
            precondition(live[index - 1].minute < live[index].minute,
                         "statistics buckets out of order at minutes \(live[index - 1].minute), \(live[index].minute)")
        }
        if let first = live.first, let last = live.last {
            precondition(last.minute - first.minute < Int64(Limits.statisticsRetentionMinutes),
                         "statistics buckets span minutes \(first.minute) to \(last.minute), past the retention")
        }
    }
}

extension MinuteBuckets: Hashable {
    /// Compares the live buckets only, so rings that compacted at different
    /// times are equal when they hold the same minutes.
    static func == (lhs: MinuteBuckets, rhs: MinuteBuckets) -> Bool {
        lhs.buckets.elementsEqual(rhs.buckets)
    }

    func hash(into hasher: inout Hasher) {
        for bucket in buckets { hasher.combine(bucket) }
    }
}

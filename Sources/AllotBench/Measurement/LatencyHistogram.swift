/// A log-bucketed histogram of durations in nanoseconds.
///
/// Values below 64 ns have one bucket each. Above, each power of two is
/// split into 32 equal buckets, so a bucket's width is at most 1/32 of its
/// lower bound and a reported percentile is at most about 3 % above the
/// true value. Values above `maximumTrackableNanoseconds` fall into the
/// last bucket, and `max` still records the exact largest value.
struct LatencyHistogram: Sendable, Equatable {
    /// Linear buckets per power of two, as a power of two.
    static let subBucketBits = 5
    static let subBucketCount = 1 << subBucketBits
    /// Largest value with its own bucket: 2^42 ns, about 73 minutes, past
    /// any latency a run of at most a day could time sensibly.
    static let maximumTrackableNanoseconds: UInt64 = 1 << 42
    static let bucketCount = bucketIndex(maximumTrackableNanoseconds) + 1

    private(set) var counts: [UInt64]
    private(set) var count: UInt64 = 0
    private(set) var sumNanoseconds: Double = 0
    private(set) var minimumNanoseconds: UInt64 = .max
    private(set) var maximumNanoseconds: UInt64 = 0

    init() {
        counts = Array(repeating: 0, count: Self.bucketCount)
    }

    /// Records one value.
    ///
    /// - Complexity: O(1).
    mutating func record(nanoseconds: UInt64) {
        let index = Self.bucketIndex(min(nanoseconds, Self.maximumTrackableNanoseconds))
        counts[index] += 1
        count += 1
        sumNanoseconds += Double(nanoseconds)
        minimumNanoseconds = min(minimumNanoseconds, nanoseconds)
        maximumNanoseconds = max(maximumNanoseconds, nanoseconds)
    }

    /// Records a duration; negative durations count as zero.
    mutating func record(_ duration: Duration) {
        record(nanoseconds: duration.nanosecondsClampedToZero)
    }

    /// Adds every value of `other`.
    ///
    /// - Complexity: O(`bucketCount`).
    mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        for index in counts.indices {
            counts[index] += other.counts[index]
        }
        count += other.count
        sumNanoseconds += other.sumNanoseconds
        minimumNanoseconds = min(minimumNanoseconds, other.minimumNanoseconds)
        maximumNanoseconds = max(maximumNanoseconds, other.maximumNanoseconds)
    }

    /// Returns the value at `percentile` (0 to 100): the upper bound of the
    /// bucket that contains it, kept within the smallest and largest value recorded.
    /// Zero when the histogram is empty.
    ///
    /// - Complexity: O(`bucketCount`).
    func valueAt(percentile: Double) -> UInt64 {
        precondition((0...100).contains(percentile), "percentile \(percentile) is outside 0...100")
        guard count > 0 else { return 0 }
        let rank = max(1, UInt64((percentile / 100 * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, bucketCount) in counts.enumerated() where bucketCount > 0 {
            seen += bucketCount
            if seen >= rank {
                return min(max(Self.upperBound(ofBucket: index), minimumNanoseconds), maximumNanoseconds)
            }
        }
        return maximumNanoseconds
    }

    /// Mean of the recorded values in nanoseconds; zero when empty.
    var meanNanoseconds: Double {
        count == 0 ? 0 : sumNanoseconds / Double(count)
    }

    /// Returns the index of the bucket that contains `value`.
    static func bucketIndex(_ value: UInt64) -> Int {
        if value < UInt64(subBucketCount) { return Int(value) }
        let exponent = 63 - value.leadingZeroBitCount
        let shift = exponent - subBucketBits
        return shift * subBucketCount + Int(value >> UInt64(shift))
    }

    /// Smallest value that falls into bucket `index`.
    static func lowerBound(ofBucket index: Int) -> UInt64 {
        if index < 2 * subBucketCount { return UInt64(index) }
        let shift = index / subBucketCount - 1
        let top = UInt64(index - shift * subBucketCount)
        return top << UInt64(shift)
    }

    /// Largest value that falls into bucket `index`.
    static func upperBound(ofBucket index: Int) -> UInt64 {
        if index < 2 * subBucketCount { return UInt64(index) }
        let shift = index / subBucketCount - 1
        let top = UInt64(index - shift * subBucketCount)
        return ((top + 1) << UInt64(shift)) - 1
    }

    /// Checks that the counts add up and the extremes are consistent.
    func checkInvariants() {
        precondition(counts.count == Self.bucketCount, "histogram has \(counts.count) buckets, expected \(Self.bucketCount)")
        let total = counts.reduce(0, +)
        precondition(total == count, "bucket counts add up to \(total), count is \(count)")
        if count > 0 {
            precondition(minimumNanoseconds <= maximumNanoseconds, "min \(minimumNanoseconds) exceeds max \(maximumNanoseconds)")
        }
    }
}

extension Duration {
    /// Whole nanoseconds, with negative durations as zero and durations past
    /// `UInt64.max` nanoseconds as `UInt64.max`.
    var nanosecondsClampedToZero: UInt64 {
        // A positive duration has non-negative seconds and attoseconds.
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        return whole &+ UInt64(attoseconds / 1_000_000_000)
    }

    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

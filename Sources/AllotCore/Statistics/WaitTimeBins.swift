/// The fixed bins that wait times are counted in for `split_by_wait_time`.
///
/// Waits are counted in whole seconds (truncated), in bins whose width grows
/// with the wait. Bins are one second wide below 10 minutes, ten seconds up
/// to an hour, a minute up to a day, and an hour up to the maximum task time
/// to live (two weeks). A threshold must fall on a bin edge, so the split of every bin is
/// exact: a task counts "below" a threshold of T seconds when it waited less
/// than T seconds. Longer waits share one last bin.
enum WaitTimeBins {
    /// One range of equal-width bins: from `startSeconds` to the next
    /// segment's start, in steps of `stepSeconds`.
    struct Segment {
        var startSeconds: Int
        var stepSeconds: Int
        /// Index of the segment's first bin.
        var firstBin: Int
    }

    /// The maximum wait the bins tell apart, TaskRouter's maximum task time
    /// to live of two weeks. Longer waits go in `overflowBin`.
    static let maximumSeconds = 1_209_600

    static let segments: [Segment] = {
        let layout = [(0, 1), (600, 10), (3_600, 60), (86_400, 3_600)]
        var result: [Segment] = []
        var firstBin = 0
        for (index, (start, step)) in layout.enumerated() {
            result.append(Segment(startSeconds: start, stepSeconds: step, firstBin: firstBin))
            let end = index + 1 < layout.count ? layout[index + 1].0 : maximumSeconds
            firstBin += (end - start) / step
        }
        return result
    }()

    /// The bin of waits of `maximumSeconds` and longer.
    static let overflowBin: Int = {
        guard let last = segments.last else { preconditionFailure("no wait-time segments") }
        return last.firstBin + (maximumSeconds - last.startSeconds) / last.stepSeconds
    }()

    /// Returns the bin of a wait of `milliseconds`; negative waits count as zero.
    static func bin(milliseconds: Int64) -> Int {
        let seconds = Int(Swift.min(Swift.max(0, milliseconds / 1_000), Int64(maximumSeconds)))
        if seconds >= maximumSeconds { return overflowBin }
        let segment = self.segment(containing: seconds)
        return segment.firstBin + (seconds - segment.startSeconds) / segment.stepSeconds
    }

    /// Returns the shortest wait, in seconds, that falls in `bin`.
    static func lowerBoundSeconds(of bin: Int) -> Int {
        if bin >= overflowBin { return maximumSeconds }
        guard let segment = segments.last(where: { $0.firstBin <= bin }) else {
            preconditionFailure("wait-time bin \(bin) is below the first segment")
        }
        return segment.startSeconds + (bin - segment.firstBin) * segment.stepSeconds
    }

    /// Returns the segment whose range contains `seconds` (0 ..< `maximumSeconds`).
    static func segment(containing seconds: Int) -> Segment {
        guard let segment = segments.last(where: { $0.startSeconds <= seconds }) else {
            preconditionFailure("wait of \(seconds) s is below the first segment")
        }
        return segment
    }
}

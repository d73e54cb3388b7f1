/// Parsing and checking of `SplitByWaitTime` thresholds.
public enum WaitTimeThresholds {
    /// Parses a comma-separated list of whole seconds such as `"30,60,120"`,
    /// as TaskRouter's `SplitByWaitTime` takes it, and checks it with `validate`.
    ///
    /// - Throws: `EngineError.invalidArgument` naming the value and the fix
    ///   when the text is longer than `Limits.maximumWaitTimeThresholdsCharacters`,
    ///   an entry is not a whole number, or the list fails `validate`.
    public static func parse(_ text: String, field: String = "SplitByWaitTime") throws(EngineError) -> [Int] {
        let limit = Limits.maximumWaitTimeThresholdsCharacters
        guard text.count <= limit else {
            throw .invalidArgument(field: field,
                                   message: "\(field) is \(text.count) characters long; pass at most \(Limits.maximumWaitTimeThresholds) thresholds in at most \(limit) characters")
        }
        var thresholds: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = part.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
            guard let seconds = Int(String(entry)) else {
                throw .invalidArgument(field: field,
                                       message: "\(field) entry \(EngineError.quoted(String(entry))) is not a whole number of seconds; pass a comma-separated list such as 30,60,120")
            }
            thresholds.append(seconds)
        }
        try validate(thresholds, field: field)
        return thresholds
    }

    /// Checks thresholds in seconds: at most `Limits.maximumWaitTimeThresholds`,
    /// each from 1 to two weeks, strictly ascending. Each must also be an
    /// edge of the wait-time bins, which means a multiple of 10 s above 600 s,
    /// of 60 s above an hour and of 3,600 s above a day.
    ///
    /// - Throws: `EngineError.invalidArgument` naming the first bad value and the fix.
    public static func validate(_ thresholds: [Int], field: String = "SplitByWaitTime") throws(EngineError) {
        let maximumCount = Limits.maximumWaitTimeThresholds
        guard thresholds.count <= maximumCount else {
            throw .invalidArgument(field: field,
                                   message: "\(field) has \(thresholds.count) thresholds; pass at most \(maximumCount)")
        }
        var previous = 0
        for seconds in thresholds {
            guard (1...WaitTimeBins.maximumSeconds).contains(seconds) else {
                throw .invalidArgument(field: field,
                                       message: "\(field) threshold \(seconds) is out of range; pass whole seconds from 1 to \(WaitTimeBins.maximumSeconds)")
            }
            guard seconds > previous else {
                throw .invalidArgument(field: field,
                                       message: "\(field) threshold \(seconds) does not follow \(previous) in ascending order; list each threshold once, smallest first")
            }
            try checkOnBinEdge(seconds, field: field)
            previous = seconds
        }
    }

    private static func checkOnBinEdge(_ seconds: Int, field: String) throws(EngineError) {
        // A threshold equal to a segment's start is an edge of both segments.
        let segment = WaitTimeBins.segment(containing: seconds - 1)
        let offset = seconds - segment.startSeconds
        guard offset % segment.stepSeconds != 0 else { return }
        let lower = seconds - offset % segment.stepSeconds
        let upper = lower + segment.stepSeconds
        let rangeEnd = WaitTimeBins.segments.first { $0.startSeconds > segment.startSeconds }?.startSeconds
            ?? WaitTimeBins.maximumSeconds
        throw .invalidArgument(field: field,
                               message: "\(field) threshold \(seconds) is not a multiple of \(segment.stepSeconds); waits from \(segment.startSeconds) to \(rangeEnd) seconds are counted in \(segment.stepSeconds)-second steps, so pass \(lower) or \(upper)")
    }
}

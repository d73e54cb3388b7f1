/// An instant on the wall clock in milliseconds since the Unix epoch, UTC.
///
/// The engine never reads the clock: every operation receives `now` as a
/// `Timestamp`, and deadlines are stored in this form so that a journal
/// replay re-arms them unchanged.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var unixMilliseconds: Int64

    public init(unixMilliseconds: Int64) {
        self.unixMilliseconds = unixMilliseconds
    }

    public init(unixSeconds: Int64) {
        self.unixMilliseconds = unixSeconds.multipliedReportingOverflow(by: 1_000).overflow
            ? (unixSeconds < 0 ? Int64.min : Int64.max)
            : unixSeconds * 1_000
    }

    /// Returns this instant moved by `milliseconds`, saturating at the ends of `Int64`.
    public func adding(milliseconds: Int64) -> Timestamp {
        let (sum, overflow) = unixMilliseconds.addingReportingOverflow(milliseconds)
        if overflow { return Timestamp(unixMilliseconds: milliseconds < 0 ? Int64.min : Int64.max) }
        return Timestamp(unixMilliseconds: sum)
    }

    /// Returns this instant moved by `seconds`, saturating at the ends of `Int64`.
    public func adding(seconds: Int) -> Timestamp {
        let (product, overflow) = Int64(seconds).multipliedReportingOverflow(by: 1_000)
        if overflow { return Timestamp(unixMilliseconds: seconds < 0 ? Int64.min : Int64.max) }
        return adding(milliseconds: product)
    }

    /// Milliseconds from `earlier` to this instant; negative when `earlier` is later.
    public func milliseconds(since earlier: Timestamp) -> Int64 {
        let (difference, overflow) = unixMilliseconds.subtractingReportingOverflow(earlier.unixMilliseconds)
        if overflow { return difference < 0 ? Int64.max : Int64.min }
        return difference
    }

    /// Whole seconds from `earlier` to this instant, truncated towards zero.
    public func seconds(since earlier: Timestamp) -> Int64 {
        milliseconds(since: earlier) / 1_000
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.unixMilliseconds < rhs.unixMilliseconds
    }

    public var description: String { "\(unixMilliseconds) ms" }

    /// 1900-01-01T00:00:00Z, the earliest accepted `VirtualStartTime`.
    public static let year1900 = Timestamp(unixSeconds: -2_208_988_800)
}

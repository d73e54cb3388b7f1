/// Count, total, minimum and maximum of a set of durations, in milliseconds.
public struct DurationSummary: Sendable, Hashable {
    public private(set) var count: Int = 0
    public private(set) var totalMilliseconds: Int64 = 0
    public private(set) var minimumMilliseconds: Int64 = 0
    public private(set) var maximumMilliseconds: Int64 = 0

    public init() {}

    /// Creates a summary from stored values, as a snapshot restore does.
    init(count: Int, totalMilliseconds: Int64, minimumMilliseconds: Int64, maximumMilliseconds: Int64) {
        self.count = count
        self.totalMilliseconds = totalMilliseconds
        self.minimumMilliseconds = minimumMilliseconds
        self.maximumMilliseconds = maximumMilliseconds
    }

    /// Average in whole seconds, 0 when empty. It and the other `…Seconds`
    /// values are rounded down from milliseconds alike, so that
    /// `minimumSeconds <= averageSeconds <= maximumSeconds` holds.
    public var averageSeconds: Int64 { count == 0 ? 0 : totalMilliseconds / Int64(count) / 1_000 }
    public var totalSeconds: Int64 { totalMilliseconds / 1_000 }
    public var minimumSeconds: Int64 { minimumMilliseconds / 1_000 }
    public var maximumSeconds: Int64 { maximumMilliseconds / 1_000 }

    /// Adds one duration; negative ones (a clock that went back) count as zero.
    mutating func record(milliseconds: Int64) {
        let value = Swift.max(0, milliseconds)
        minimumMilliseconds = count == 0 ? value : Swift.min(minimumMilliseconds, value)
        maximumMilliseconds = Swift.max(maximumMilliseconds, value)
        totalMilliseconds &+= value
        count += 1
    }

    /// Adds every duration of `other`.
    mutating func merge(_ other: DurationSummary) {
        guard other.count > 0 else { return }
        minimumMilliseconds = count == 0 ? other.minimumMilliseconds : Swift.min(minimumMilliseconds, other.minimumMilliseconds)
        maximumMilliseconds = count == 0 ? other.maximumMilliseconds : Swift.max(maximumMilliseconds, other.maximumMilliseconds)
        totalMilliseconds &+= other.totalMilliseconds
        count += other.count
    }
}

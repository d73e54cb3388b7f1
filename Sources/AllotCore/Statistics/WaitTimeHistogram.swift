/// Tasks accepted and canceled by wait-time bin, for one minute of one
/// scope. Only occupied bins are stored, sorted by bin, so an idle minute
/// costs nothing and a busy one at most one entry per `WaitTimeBins` bin.
struct WaitTimeHistogram: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        var bin: UInt16
        var reservationsAccepted: UInt32
        var tasksCanceled: UInt32
    }

    private(set) var entries: [Entry] = []

    init() {}

    /// Creates a histogram from stored entries, as a snapshot restore does.
    /// Returns nil unless the bins are valid and strictly ascending.
    init?(entries: [Entry]) {
        var previous = -1
        for entry in entries {
            guard Int(entry.bin) > previous, Int(entry.bin) <= WaitTimeBins.overflowBin else { return nil }
            previous = Int(entry.bin)
        }
        self.entries = entries
    }

    /// Counts one accepted reservation whose task waited `milliseconds`.
    ///
    /// - Complexity: O(b) for b occupied bins.
    mutating func recordAcceptance(waitMilliseconds milliseconds: Int64) {
        update(WaitTimeBins.bin(milliseconds: milliseconds)) { $0.reservationsAccepted &+= 1 }
    }

    /// Counts one task canceled after waiting `milliseconds`.
    ///
    /// - Complexity: O(b) for b occupied bins.
    mutating func recordCancellation(waitMilliseconds milliseconds: Int64) {
        update(WaitTimeBins.bin(milliseconds: milliseconds)) { $0.tasksCanceled &+= 1 }
    }

    private mutating func update(_ bin: Int, _ body: (inout Entry) -> Void) {
        let key = UInt16(bin)
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].bin < key { low = middle + 1 } else { high = middle }
        }
        if low == entries.count || entries[low].bin != key {
            entries.insert(Entry(bin: key, reservationsAccepted: 0, tasksCanceled: 0), at: low)
        }
        body(&entries[low])
    }

    /// Adds the counts of `other`, bin by bin.
    ///
    /// - Complexity: O(b × log(b + b')) for b' bins here and b in `other`.
    mutating func add(_ other: WaitTimeHistogram) {
        for entry in other.entries {
            update(Int(entry.bin)) { sum in
                sum.reservationsAccepted &+= entry.reservationsAccepted
                sum.tasksCanceled &+= entry.tasksCanceled
            }
        }
    }

    /// Adds this minute's counts to `splits`, one per threshold: a bin goes
    /// below a threshold when its shortest wait is under it. Thresholds lie
    /// on bin edges, so every wait in the bin is on the same side.
    ///
    /// - Complexity: O(b × t) for b occupied bins and t thresholds.
    func add(to splits: inout [WaitTimeSplit]) {
        for entry in entries {
            let lowerBound = WaitTimeBins.lowerBoundSeconds(of: Int(entry.bin))
            for index in splits.indices {
                if lowerBound < splits[index].thresholdSeconds {
                    splits[index].below.add(entry)
                } else {
                    splits[index].above.add(entry)
                }
            }
        }
    }
}

/// Counts on one side of a wait-time threshold.
public struct WaitTimeCounts: Sendable, Hashable {
    /// Tasks canceled, by how long they waited from creation.
    public var tasksCanceled = 0
    /// Reservations accepted, by how long their task waited from creation.
    public var reservationsAccepted = 0

    public init(tasksCanceled: Int = 0, reservationsAccepted: Int = 0) {
        self.tasksCanceled = tasksCanceled
        self.reservationsAccepted = reservationsAccepted
    }

    mutating func add(_ entry: WaitTimeHistogram.Entry) {
        tasksCanceled += Int(entry.tasksCanceled)
        reservationsAccepted += Int(entry.reservationsAccepted)
    }
}

/// Counts split at one threshold: `below` for tasks that waited less than
/// `thresholdSeconds`, `above` for the rest.
public struct WaitTimeSplit: Sendable, Hashable {
    public var thresholdSeconds: Int
    public var below = WaitTimeCounts()
    public var above = WaitTimeCounts()

    public init(thresholdSeconds: Int, below: WaitTimeCounts = WaitTimeCounts(), above: WaitTimeCounts = WaitTimeCounts()) {
        self.thresholdSeconds = thresholdSeconds
        self.below = below
        self.above = above
    }
}

/// A hash map split into segments of bounded size, each its own
/// copy-on-write `Dictionary`, found through a directory of hash bits
/// (extendible hashing).
///
/// A write after the map was copied (by a snapshot capture) duplicates the
/// directory, the segment list and one segment, never the whole map. A full
/// segment splits in two by one more bit of the hash, so an insert rehashes
/// at most one segment's entries instead of the whole map.
///
/// Iteration order is unspecified; the engine only looks keys up.
struct SegmentedDictionary<Key: Hashable, Value> {
    /// Entries a segment may hold before it splits. Copying or splitting a
    /// segment of this size takes microseconds.
    static var maximumSegmentCount: Int { 1_024 }
    /// Hash bits the directory may use; past them a segment grows instead of
    /// splitting, which only many colliding hashes could cause.
    private static var maximumDepth: Int { 40 }

    /// Segment index per value of the hash's low `globalDepth` bits. Empty
    /// until the first insert.
    private var directory: [Int32] = []
    private var segments: [[Key: Value]] = []
    /// Hash bits that the keys of each segment share.
    private var localDepths: [UInt8] = []
    private var globalDepth = 0
    private(set) var count = 0

    init() {}

    /// Creates a map from pairs whose keys must be distinct, or returns nil when two keys are
    /// equal. Each key is hashed once to choose its segment, and every segment is sized up
    /// front, so building a large map costs no splits and no rehashing as it grows.
    ///
    /// - Complexity: O(n).
    init?(uniqueKeysWithValues pairs: [(Key, Value)]) {
        guard !pairs.isEmpty else { return }
        // Segments start about half full, as if each had just split.
        let target = Self.maximumSegmentCount / 2
        var depth = 0
        while (pairs.count >> depth) > target, depth < Self.maximumDepth { depth += 1 }
        let segmentCount = 1 << depth
        globalDepth = depth
        directory = (0..<segmentCount).map { Int32($0) }
        localDepths = Array(repeating: UInt8(depth), count: segmentCount)
        segments = Array(repeating: [:], count: segmentCount)
        let expected = pairs.count / segmentCount + pairs.count / (4 * segmentCount) + 1
        for index in segments.indices { segments[index].reserveCapacity(expected) }
        for (key, value) in pairs {
            segments[key.hashValue & (segmentCount - 1)][key] = value
        }
        count = segments.reduce(0) { $0 + $1.count }
        guard count == pairs.count else { return nil }
        // A skewed hash can overfill a segment; split it like an insert would.
        var index = 0
        while index < segments.count {
            if segments[index].count > Self.maximumSegmentCount, Int(localDepths[index]) < Self.maximumDepth {
                split(index)
            } else {
                index += 1
            }
        }
    }

    var isEmpty: Bool { count == 0 }

    private func directorySlot(_ hash: Int) -> Int {
        hash & ((1 << globalDepth) - 1)
    }

    /// Returns the index of the segment that files `key`. The directory must
    /// not be empty. A map of one segment uses no hash bits, so it skips
    /// hashing the key, which the segment's dictionary does again anyway.
    private func segmentIndex(for key: Key) -> Int {
        globalDepth == 0 ? 0 : Int(directory[directorySlot(key.hashValue)])
    }

    /// - Complexity: O(1) expected; a write copies at most one segment, and
    ///   an insert may split one segment.
    subscript(key: Key) -> Value? {
        get {
            guard !directory.isEmpty else { return nil }
            return segments[segmentIndex(for: key)][key]
        }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Stores `value` under `key` and returns the value it replaced.
    @discardableResult
    mutating func updateValue(_ value: Value, forKey key: Key) -> Value? {
        if directory.isEmpty {
            directory = [0]
            segments = [[:]]
            localDepths = [0]
        }
        let segment = segmentIndex(for: key)
        let old = segments[segment].updateValue(value, forKey: key)
        if old == nil {
            count += 1
            if segments[segment].count > Self.maximumSegmentCount { split(segment) }
        }
        return old
    }

    /// Removes `key` and returns its value, or nil when it was absent.
    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        guard !directory.isEmpty else { return nil }
        let segment = segmentIndex(for: key)
        let old = segments[segment].removeValue(forKey: key)
        if old != nil { count -= 1 }
        return old
    }

    /// Removes every entry and frees the segments.
    mutating func removeAll() {
        directory = []
        segments = []
        localDepths = []
        globalDepth = 0
        count = 0
    }

    /// Moves the keys of `segment` whose next hash bit is set into a new segment.
    private mutating func split(_ segment: Int) {
        let depth = Int(localDepths[segment])
        guard depth < Self.maximumDepth else { return }
        if depth == globalDepth {
            directory += directory
            globalDepth += 1
        }
        let bit = 1 << depth
        var kept: [Key: Value] = [:]
        var moved: [Key: Value] = [:]
        for (key, value) in segments[segment] {
            if key.hashValue & bit == 0 { kept[key] = value } else { moved[key] = value }
        }
        let newSegment = Int32(segments.count)
        segments[segment] = kept
        segments.append(moved)
        localDepths[segment] = UInt8(depth + 1)
        localDepths.append(UInt8(depth + 1))
        // The slots that pointed at the old segment share its low `depth`
        // bits; those with the new bit set now point at the new segment.
        let pattern = (kept.first ?? moved.first).map { $0.key.hashValue & (bit - 1) } ?? 0
        var slot = pattern | bit
        while slot < directory.count {
            directory[slot] = newSegment
            slot += bit << 1
        }
    }

    /// Checks that every key lives in the segment its hash selects and that
    /// the count agrees.
    func checkInvariants() {
        var total = 0
        for (index, segment) in segments.enumerated() {
            let depth = Int(localDepths[index])
            precondition(depth <= globalDepth, "segment \(index) depth \(depth) over global depth \(globalDepth)")
            for key in segment.keys {
                precondition(Int(directory[directorySlot(key.hashValue)]) == index, "key filed in the wrong segment \(index)")
            }
            total += segment.count
        }
        precondition(total == count, "segments hold \(total) entries, count is \(count)")
        precondition(directory.isEmpty || directory.count == 1 << globalDepth,
                     "directory has \(directory.count) slots for depth \(globalDepth)")
    }
}

extension SegmentedDictionary: Sendable where Key: Sendable, Value: Sendable {}

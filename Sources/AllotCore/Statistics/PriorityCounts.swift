/// Live tasks by priority, for one tally. Priorities with no live task are
/// left out.
///
/// A tally changes a priority's count on most task transitions, several
/// times per routing cycle. In a `[Int: Int]` dictionary, each change
/// hashed the priority, which cost about 220 instructions per change under
/// callgrind (cycles of `allot-benchmarks engine`). Workspaces usually use a
/// few priorities, so up to `maximumListedPriorities` are kept in a short
/// array searched in order. A tally with more distinct priorities keeps them
/// in a dictionary instead, so that a change still costs O(1) expected.
struct PriorityCounts: Sendable {
    struct Entry: Sendable {
        var priority: Int
        var count: Int
    }

    /// Distinct priorities kept in `listed` before the counts move to
    /// `hashed`. By estimate, a linear search through 16 entries costs fewer
    /// instructions than hashing one priority, which took about 90.
    static let maximumListedPriorities = 16

    /// The counts while there are at most `maximumListedPriorities`, in no
    /// particular order. Empty while `hashed` contains the counts.
    private var listed: [Entry] = []
    /// The counts once a tally had more distinct priorities than `listed`
    /// keeps, until the last of them drops to zero.
    private var hashed: [Int: Int] = [:]

    init() {}

    /// Adds `delta` to the count of `priority`, and removes the count when it
    /// reaches zero.
    ///
    /// - Complexity: O(`maximumListedPriorities`), or O(1) expected once the
    ///   counts are hashed.
    mutating func add(_ delta: Int, to priority: Int) {
        if !hashed.isEmpty {
            Self.add(delta, to: &hashed[priority])
            return
        }
        if let index = listed.firstIndex(where: { $0.priority == priority }) {
            let updated = listed[index].count + delta
            if updated != 0 {
                listed[index].count = updated
            } else {
                // Order does not matter, so the last entry fills the gap. The
                // array keeps its capacity, because a tally often swings
                // between one task and none.
                listed.swapAt(index, listed.count - 1)
                listed.removeLast()
            }
        } else if delta != 0 {
            if listed.count < Self.maximumListedPriorities {
                listed.append(Entry(priority: priority, count: delta))
            } else {
                hashed = Dictionary(uniqueKeysWithValues: listed.lazy.map { ($0.priority, $0.count) })
                hashed[priority] = delta
                listed = []
            }
        }
    }

    /// Adds `delta` to a dictionary count, and removes the count at zero.
    private static func add(_ delta: Int, to count: inout Int?) {
        let updated = (count ?? 0) + delta
        count = updated == 0 ? nil : updated
    }

    /// The counts by priority, as statistics report them.
    ///
    /// - Complexity: O(p) for p distinct priorities.
    var dictionary: [Int: Int] {
        hashed.isEmpty ? Dictionary(uniqueKeysWithValues: listed.lazy.map { ($0.priority, $0.count) }) : hashed
    }

    /// The sum of the counts.
    var total: Int {
        hashed.isEmpty ? listed.reduce(0) { $0 + $1.count } : hashed.values.reduce(0, +)
    }

    /// Checks that at most one form contains counts, that no count is zero,
    /// that no priority is listed twice, and that the array stays within its
    /// maximum.
    func checkInvariants() {
        precondition(listed.isEmpty || hashed.isEmpty, "priority counts are both listed (\(listed.count)) and hashed (\(hashed.count))")
        precondition(listed.count <= Self.maximumListedPriorities,
                     "\(listed.count) listed priorities, over the maximum of \(Self.maximumListedPriorities)")
        precondition(Set(listed.map(\.priority)).count == listed.count, "a priority is listed twice")
        precondition(!listed.contains { $0.count == 0 } && !hashed.values.contains(0), "a priority count of zero is kept")
    }
}

extension PriorityCounts: Equatable {
    /// Compares the counts, whichever form contains them.
    static func == (lhs: PriorityCounts, rhs: PriorityCounts) -> Bool {
        lhs.dictionary == rhs.dictionary
    }
}

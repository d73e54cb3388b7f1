/// A binary min-heap of identified entries whose position index is stored
/// outside it and passed to every call that reads or moves entries by ID.
///
/// Several heaps can then share one index when no ID is in two of them at
/// once. The waiting heaps of all task queues share one array indexed by
/// task handle, for example, because a task is in at most one queue. A
/// shared index also contains the positions of other heaps' entries, so
/// each call checks that the entry at the position it finds has the
/// requested ID.
///
/// `PositionedHeap` is this heap together with an index of its own.
struct ExternallyIndexedHeap<ID: Equatable & Sendable, Key: Comparable & Sendable>: Sendable {
    struct Entry: Sendable {
        var id: ID
        var key: Key
    }

    private(set) var entries = ChunkedArray<Entry>()

    init() {}

    /// Creates a heap of entries that are already in heap order, such as the
    /// output of `heapOrdered(_:)`. The caller indexes their positions.
    init(heapOrdered entries: [Entry]) {
        self.entries = ChunkedArray(entries)
    }

    /// Creates a heap from entries and indexes them in `positions`, or returns
    /// nil and leaves `positions` unchanged when two IDs are equal or an ID
    /// already has a position there. Entries already in heap order keep their
    /// positions.
    ///
    /// - Complexity: O(n) plus n index writes.
    init?(entries unordered: [Entry], positions: inout some HeapPositions<ID>) {
        let ordered = Self.heapOrdered(unordered)
        for (position, entry) in ordered.enumerated() {
            guard positions[entry.id] == nil else {
                for indexed in ordered[..<position] { _ = positions.removeValue(forKey: indexed.id) }
                return nil
            }
            positions[entry.id] = position
        }
        self.init(heapOrdered: ordered)
    }

    /// Returns `entries` in heap order, by Floyd's construction.
    ///
    /// - Complexity: O(n).
    static func heapOrdered(_ entries: [Entry]) -> [Entry] {
        var array = entries
        for start in stride(from: array.count / 2 - 1, through: 0, by: -1) {
            siftDown(&array, from: start)
        }
        return array
    }

    /// Moves `array[start]` down until its children's keys are not smaller, on a plain
    /// array without a position index.
    private static func siftDown(_ array: inout [Entry], from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < array.count else { return }
            var smallest = left
            if left + 1 < array.count, array[left + 1].key < array[left].key { smallest = left + 1 }
            guard array[smallest].key < array[parent].key else { return }
            array.swapAt(parent, smallest)
            parent = smallest
        }
    }

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// The entry with the smallest key.
    ///
    /// - Complexity: O(1).
    var min: Entry? { entries.first }

    /// Returns the position of `id` in this heap, or nil when `positions`
    /// has none for it or gives a position that belongs to another heap.
    ///
    /// - Complexity: one index read.
    func position(of id: ID, in positions: some HeapPositions<ID>) -> Int? {
        guard let position = positions[id], position < entries.count, entries[position].id == id else { return nil }
        return position
    }

    /// Returns whether `id` is in this heap.
    ///
    /// - Complexity: one index read.
    func contains(_ id: ID, positions: some HeapPositions<ID>) -> Bool {
        position(of: id, in: positions) != nil
    }

    /// Returns the key of `id`, or nil when it is not in this heap.
    ///
    /// - Complexity: one index read.
    func key(of id: ID, positions: some HeapPositions<ID>) -> Key? {
        position(of: id, in: positions).map { entries[$0].key }
    }

    /// Inserts `id` with `key`, or moves it to `key` when it is already in.
    /// `id` must not be in another heap that shares `positions`.
    ///
    /// - Complexity: O(log n) index writes.
    mutating func upsert(_ id: ID, key: Key, positions: inout some HeapPositions<ID>) {
        let entry = Entry(id: id, key: key)
        if let position = positions[id] {
            precondition(position < entries.count && entries[position].id == id,
                         "\(id) is indexed at position \(position) of another heap sharing the index")
            let old = entries[position].key
            let hole: Int
            if key < old {
                hole = siftUp(entry, from: position, positions: &positions)
            } else if old < key {
                hole = siftDown(entry, from: position, positions: &positions)
            } else {
                return
            }
            if hole != position { positions.move(id, to: hole) }
            return
        }
        let last = entries.count
        entries.append(entry)
        positions[id] = last
        if last > 0, key < entries[(last - 1) / 2].key {
            positions.move(id, to: siftUp(entry, from: last, positions: &positions))
        }
    }

    /// Removes `id` and returns its key, or nil when it was not in this heap.
    ///
    /// - Complexity: O(log n) index writes.
    @discardableResult
    mutating func remove(_ id: ID, positions: inout some HeapPositions<ID>) -> Key? {
        // Removing before checking costs one index lookup where reading and
        // then removing costs two, which matters for hashed positions.
        guard let position = positions.removeValue(forKey: id) else { return nil }
        guard position < entries.count, entries[position].id == id else {
            // The position belongs to another heap sharing the index.
            positions[id] = position
            return nil
        }
        let removedKey = entries[position].key
        let last = entries.removeLast()
        if position < entries.count {
            let hole = last.key < removedKey
                ? siftUp(last, from: position, positions: &positions)
                : siftDown(last, from: position, positions: &positions)
            positions.move(last.id, to: hole)
        }
        return removedKey
    }

    /// Removes and returns the entry with the smallest key.
    ///
    /// - Complexity: O(log n) index writes.
    @discardableResult
    mutating func popMin(positions: inout some HeapPositions<ID>) -> Entry? {
        guard let first = entries.first else { return nil }
        remove(first.id, positions: &positions)
        return first
    }

    /// Checks heap order and that `positions` gives each entry's position.
    /// It does not check what else `positions` contains, because other heaps
    /// may share it. `checkInvariants(of:sharing:)` checks that.
    func checkInvariants(positions: some HeapPositions<ID>) {
        entries.checkInvariants()
        for (position, entry) in entries.enumerated() {
            let indexed = positions[entry.id]
            precondition(indexed == position, "entry \(entry.id) at \(position) indexed at \(String(describing: indexed))")
            if position > 0 {
                let parent = (position - 1) / 2
                precondition(!(entry.key < entries[parent].key), "heap order broken at position \(position)")
            }
        }
    }

    /// Checks every heap that shares `positions`, and that `positions`
    /// contains exactly their entries, with no ID in two heaps and none left
    /// over.
    static func checkInvariants<Positions: HeapPositions<ID>>(of heaps: some Sequence<Self>, sharing positions: Positions) {
        positions.checkInvariants()
        var seen = Positions()
        for (heapIndex, heap) in heaps.enumerated() {
            heap.checkInvariants(positions: positions)
            for entry in heap.entries {
                precondition(seen[entry.id] == nil, "entry \(entry.id) of heap \(heapIndex) is also in another heap")
                seen[entry.id] = 0
            }
        }
        precondition(positions.count == seen.count,
                     "\(positions.count) indexed positions for \(seen.count) entries of the heaps sharing them")
    }

    // The sifts move a hole instead of swapping: each entry passed over is
    // written and re-indexed once, and the moving entry is written once at
    // the end, which halves the position-map writes of swapping. They return
    // the final position, and the caller indexes the moving entry only when
    // its stored position is out of date.
    //
    // A heap of one chunk is sifted in the chunk's buffer, so the whole sift
    // checks the storage's uniqueness once rather than on every write. An
    // entry that stays where it is, as most inserted timers and task ages
    // do, is found by reading alone and written with one checked write.

    private mutating func siftUp(_ moving: Entry, from start: Int, positions: inout some HeapPositions<ID>) -> Int {
        guard start > 0, moving.key < entries[(start - 1) / 2].key else {
            entries[start] = moving
            return start
        }
        let contiguous = entries.withContiguousMutableStorageIfAvailable { buffer in
            Self.siftUp(moving, from: start, in: &buffer, positions: &positions)
        }
        return contiguous ?? Self.siftUp(moving, from: start, in: &entries, positions: &positions)
    }

    private mutating func siftDown(_ moving: Entry, from start: Int, positions: inout some HeapPositions<ID>) -> Int {
        let left = 2 * start + 1
        let leftIsSmaller = left < entries.count && entries[left].key < moving.key
        let rightIsSmaller = left + 1 < entries.count && entries[left + 1].key < moving.key
        guard leftIsSmaller || rightIsSmaller else {
            entries[start] = moving
            return start
        }
        let contiguous = entries.withContiguousMutableStorageIfAvailable { buffer in
            Self.siftDown(moving, from: start, in: &buffer, positions: &positions)
        }
        return contiguous ?? Self.siftDown(moving, from: start, in: &entries, positions: &positions)
    }

    /// Moves the hole at `start` up past the parents whose keys are larger
    /// than `moving`'s, puts `moving` in it and returns its position.
    private static func siftUp<Slots: MutableCollection<Entry>>(
        _ moving: Entry, from start: Int, in slots: inout Slots, positions: inout some HeapPositions<ID>
    ) -> Int where Slots.Index == Int {
        var hole = start
        while hole > 0 {
            let parent = (hole - 1) / 2
            let parentEntry = slots[parent]
            guard moving.key < parentEntry.key else { break }
            slots[hole] = parentEntry
            positions.move(parentEntry.id, to: hole)
            hole = parent
        }
        slots[hole] = moving
        return hole
    }

    /// Moves the hole at `start` down past the smaller children whose keys
    /// are smaller than `moving`'s, puts `moving` in it and returns its position.
    private static func siftDown<Slots: MutableCollection<Entry>>(
        _ moving: Entry, from start: Int, in slots: inout Slots, positions: inout some HeapPositions<ID>
    ) -> Int where Slots.Index == Int {
        let count = slots.count
        var hole = start
        while true {
            let left = 2 * hole + 1
            guard left < count else { break }
            var child = left
            var childEntry = slots[left]
            if left + 1 < count {
                let rightEntry = slots[left + 1]
                if rightEntry.key < childEntry.key {
                    child = left + 1
                    childEntry = rightEntry
                }
            }
            guard childEntry.key < moving.key else { break }
            slots[hole] = childEntry
            positions.move(childEntry.id, to: hole)
            hole = child
        }
        slots[hole] = moving
        return hole
    }
}

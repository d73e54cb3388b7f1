/// A binary min-heap of identified entries with O(log n) removal and key
/// change anywhere in the heap, and in-order traversal without popping.
///
/// Task queues keep their pending tasks in one (ordered by priority and age),
/// queues keep their ready workers in one (ordered by idle time), and the
/// timers of a workspace live in one (ordered by deadline). Both the entries
/// and the position index are chunked, so that a write after a snapshot
/// captured the heap copies a few chunks rather than the whole heap.
///
/// `Positions` records where each entry sits. `HashedPositions` works for
/// any hashable ID. `DensePositions` is an array indexed by a small integer
/// the ID carries, which needs no hashing and is the faster choice for a heap
/// whose IDs fill most of a dense range.
struct PositionedHeap<ID: Sendable, Key: Comparable & Sendable, Positions: HeapPositions<ID>>: Sendable {
    struct Entry: Sendable {
        var id: ID
        var key: Key
    }

    private(set) var entries = ChunkedArray<Entry>()
    private var positions = Positions()

    init() {}

    /// Creates a heap from entries whose IDs must be distinct, or returns nil when two IDs
    /// are equal. Entries already in heap order keep their positions.
    ///
    /// - Complexity: O(n): Floyd's heap construction, then one pass to index the positions.
    init?(entries unordered: [Entry]) {
        var array = unordered
        for start in stride(from: array.count / 2 - 1, through: 0, by: -1) {
            Self.siftDown(&array, from: start)
        }
        guard let positions = Positions(uniqueIDs: array.lazy.map(\.id)) else { return nil }
        self.entries = ChunkedArray(array)
        self.positions = positions
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

    /// Returns whether `id` is in the heap.
    ///
    /// - Complexity: O(1) expected.
    func contains(_ id: ID) -> Bool { positions[id] != nil }

    /// Returns the key of `id`, or nil when it is not in the heap.
    ///
    /// - Complexity: O(1) expected.
    func key(of id: ID) -> Key? {
        positions[id].map { entries[$0].key }
    }

    /// Inserts `id` with `key`, or moves it to `key` when it is already in.
    ///
    /// - Complexity: O(log n).
    mutating func upsert(_ id: ID, key: Key) {
        if let position = positions[id] {
            let old = entries[position].key
            if key < old {
                entries[position].key = key
                siftUp(position)
            } else if old < key {
                entries[position].key = key
                siftDown(position)
            }
            return
        }
        entries.append(Entry(id: id, key: key))
        positions[id] = entries.count - 1
        siftUp(entries.count - 1)
    }

    /// Removes `id` and returns its key, or nil when it was not in the heap.
    ///
    /// - Complexity: O(log n).
    @discardableResult
    mutating func remove(_ id: ID) -> Key? {
        guard let position = positions.removeValue(forKey: id) else { return nil }
        let removed = entries[position]
        let last = entries.removeLast()
        if position < entries.count {
            entries[position] = last
            positions[last.id] = position
            if last.key < removed.key { siftUp(position) } else { siftDown(position) }
        }
        return removed.key
    }

    /// Removes and returns the entry with the smallest key.
    ///
    /// - Complexity: O(log n).
    @discardableResult
    mutating func popMin() -> Entry? {
        guard let first = entries.first else { return nil }
        remove(first.id)
        return first
    }

    /// Removes every entry.
    mutating func removeAll() {
        entries.removeAll()
        positions.removeAll()
    }

    /// Calls `body` on entries in ascending key order until it returns false.
    ///
    /// - Complexity: O(k log k) for the k entries visited; nothing is copied
    ///   or popped.
    func forEachInOrder(_ body: (Entry) -> Bool) {
        // The minimum often settles the walk, so it is visited before the
        // frontier is allocated.
        guard let first = entries.first, body(first), entries.count > 1 else { return }
        PositionedHeap.forEachInOrder(across: [self], afterMinimum: true) { _, entry in body(entry) }
    }

    /// Returns an iterator over the entries in ascending key order, for
    /// merging a heap with another ordered sequence.
    ///
    /// - Complexity: O(log k) per entry for k entries visited.
    func inOrder() -> InOrderIterator {
        InOrderIterator(heap: self)
    }

    /// The entries of a heap in ascending key order, without popping them.
    struct InOrderIterator: IteratorProtocol {
        let heap: PositionedHeap
        /// Positions whose parents were already returned, kept as a binary heap by key.
        private var frontier: [Int]

        init(heap: PositionedHeap) {
            self.heap = heap
            frontier = heap.isEmpty ? [] : [0]
        }

        mutating func next() -> Entry? {
            guard let top = frontier.first else { return nil }
            frontier[0] = frontier[frontier.count - 1]
            frontier.removeLast()
            if !frontier.isEmpty { siftDown(0) }
            for child in 2 * top + 1...2 * top + 2 where child < heap.entries.count {
                frontier.append(child)
                siftUp(frontier.count - 1)
            }
            return heap.entries[top]
        }

        private func less(_ a: Int, _ b: Int) -> Bool { heap.entries[frontier[a]].key < heap.entries[frontier[b]].key }

        private mutating func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                if left >= frontier.count { return }
                var smallest = left
                if left + 1 < frontier.count, less(left + 1, left) { smallest = left + 1 }
                if !less(smallest, parent) { return }
                frontier.swapAt(parent, smallest)
                parent = smallest
            }
        }

        private mutating func siftUp(_ start: Int) {
            var child = start
            while child > 0 {
                let parent = (child - 1) / 2
                if !less(child, parent) { return }
                frontier.swapAt(parent, child)
                child = parent
            }
        }
    }

    /// Visits the entries of several heaps in one ascending key order, as a
    /// k-way merge, until `body` returns false. `body` receives the index of
    /// the heap in `heaps` and the entry.
    ///
    /// - Complexity: O(v log(v + h)) for v entries visited over h heaps.
    static func forEachInOrder(across heaps: [PositionedHeap], _ body: (Int, Entry) -> Bool) {
        forEachInOrder(across: heaps, afterMinimum: false, body)
    }

    /// Merges the heaps in key order for the walks. With `afterMinimum`, `heaps`
    /// has one heap whose minimum the caller has already visited.
    private static func forEachInOrder(across heaps: [PositionedHeap], afterMinimum: Bool,
                                       _ body: (Int, Entry) -> Bool) {
        // The frontier contains (heap, position) pairs whose parents were already
        // visited; it is itself a binary heap by entry key.
        var frontier: [(heap: Int, position: Int)] = []
        if afterMinimum {
            frontier = [(0, 1), (0, 2)].filter { $0.position < heaps[0].entries.count }
        } else {
            for (heapIndex, heap) in heaps.enumerated() where !heap.isEmpty {
                frontier.append((heapIndex, 0))
            }
        }
        func key(_ node: (heap: Int, position: Int)) -> Key { heaps[node.heap].entries[node.position].key }
        func less(_ a: Int, _ b: Int) -> Bool { key(frontier[a]) < key(frontier[b]) }
        func siftDownFrontier(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                if left >= frontier.count { return }
                var smallest = left
                if left + 1 < frontier.count, less(left + 1, left) { smallest = left + 1 }
                if !less(smallest, parent) { return }
                frontier.swapAt(parent, smallest)
                parent = smallest
            }
        }
        func siftUpFrontier(_ start: Int) {
            var child = start
            while child > 0 {
                let parent = (child - 1) / 2
                if !less(child, parent) { return }
                frontier.swapAt(parent, child)
                child = parent
            }
        }
        for index in stride(from: frontier.count / 2, through: 0, by: -1) { siftDownFrontier(index) }
        while let top = frontier.first {
            let heap = heaps[top.heap]
            if !body(top.heap, heap.entries[top.position]) { return }
            frontier[0] = frontier[frontier.count - 1]
            frontier.removeLast()
            if !frontier.isEmpty { siftDownFrontier(0) }
            for child in 2 * top.position + 1...2 * top.position + 2 where child < heap.entries.count {
                frontier.append((top.heap, child))
                siftUpFrontier(frontier.count - 1)
            }
        }
    }

    /// Checks heap order and that every position in the index is right.
    func checkInvariants() {
        entries.checkInvariants()
        positions.checkInvariants()
        precondition(positions.count == entries.count,
                     "\(positions.count) indexed positions for \(entries.count) entries")
        for (position, entry) in entries.enumerated() {
            precondition(positions[entry.id] == position, "entry \(entry.id) at \(position) indexed at \(String(describing: positions[entry.id]))")
            if position > 0 {
                let parent = (position - 1) / 2
                precondition(!(entry.key < entries[parent].key), "heap order broken at position \(position)")
            }
        }
    }

    // The sifts move a hole instead of swapping: each entry passed over is
    // written and re-indexed once, and the moving entry once at the end,
    // which halves the position-map writes of swapping.

    private mutating func siftUp(_ start: Int) {
        let moving = entries[start]
        var hole = start
        while hole > 0 {
            let parent = (hole - 1) / 2
            let parentEntry = entries[parent]
            guard moving.key < parentEntry.key else { break }
            place(parentEntry, at: hole)
            hole = parent
        }
        if hole != start { place(moving, at: hole) }
    }

    private mutating func siftDown(_ start: Int) {
        let moving = entries[start]
        var hole = start
        while true {
            let left = 2 * hole + 1
            guard left < entries.count else { break }
            var smallest = left
            if left + 1 < entries.count, entries[left + 1].key < entries[left].key { smallest = left + 1 }
            let child = entries[smallest]
            guard child.key < moving.key else { break }
            place(child, at: hole)
            hole = smallest
        }
        if hole != start { place(moving, at: hole) }
    }

    private mutating func place(_ entry: Entry, at position: Int) {
        entries[position] = entry
        positions[entry.id] = position
    }
}

/// A heap whose positions are found by hashing the ID.
typealias IndexedHeap<ID: Hashable & Sendable, Key: Comparable & Sendable> = PositionedHeap<ID, Key, HashedPositions<ID>>

/// A heap whose positions are stored in an array indexed by the ID's dense index.
typealias DenseIndexedHeap<ID: DenseIndexed, Key: Comparable & Sendable> = PositionedHeap<ID, Key, DensePositions<ID>>

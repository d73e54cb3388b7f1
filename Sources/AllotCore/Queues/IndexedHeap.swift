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
///
/// The heap is an `ExternallyIndexedHeap` that owns its index.
struct PositionedHeap<ID: Equatable & Sendable, Key: Comparable & Sendable, Positions: HeapPositions<ID>>: Sendable {
    typealias Entry = ExternallyIndexedHeap<ID, Key>.Entry
    typealias InOrderIterator = ExternallyIndexedHeap<ID, Key>.InOrderIterator

    private var heap = ExternallyIndexedHeap<ID, Key>()
    private var positions = Positions()

    init() {}

    /// Creates a heap from entries whose IDs must be distinct, or returns nil when two IDs
    /// are equal. Entries already in heap order keep their positions.
    ///
    /// - Complexity: O(n): Floyd's heap construction, then one pass to index the positions.
    init?(entries unordered: [Entry]) {
        let ordered = ExternallyIndexedHeap.heapOrdered(unordered)
        guard let positions = Positions(uniqueIDs: ordered.lazy.map(\.id)) else { return nil }
        self.heap = ExternallyIndexedHeap(heapOrdered: ordered)
        self.positions = positions
    }

    /// The entries in heap order.
    var entries: ChunkedArray<Entry> { heap.entries }
    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }

    /// The entry with the smallest key.
    ///
    /// - Complexity: O(1).
    var min: Entry? { heap.min }

    /// Returns whether `id` is in the heap.
    ///
    /// - Complexity: O(1) expected.
    func contains(_ id: ID) -> Bool { heap.contains(id, positions: positions) }

    /// Returns the key of `id`, or nil when it is not in the heap.
    ///
    /// - Complexity: O(1) expected.
    func key(of id: ID) -> Key? { heap.key(of: id, positions: positions) }

    /// Inserts `id` with `key`, or moves it to `key` when it is already in.
    ///
    /// - Complexity: O(log n).
    mutating func upsert(_ id: ID, key: Key) { heap.upsert(id, key: key, positions: &positions) }

    /// Removes `id` and returns its key, or nil when it was not in the heap.
    ///
    /// - Complexity: O(log n).
    @discardableResult
    mutating func remove(_ id: ID) -> Key? { heap.remove(id, positions: &positions) }

    /// Removes and returns the entry with the smallest key.
    ///
    /// - Complexity: O(log n).
    @discardableResult
    mutating func popMin() -> Entry? { heap.popMin(positions: &positions) }

    /// Removes every entry.
    mutating func removeAll() {
        heap = ExternallyIndexedHeap()
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
    func inOrder() -> InOrderIterator { heap.inOrder() }

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
        positions.checkInvariants()
        precondition(positions.count == heap.count, "\(positions.count) indexed positions for \(heap.count) entries")
        heap.checkInvariants(positions: positions)
    }
}

/// A heap whose positions are found by hashing the ID.
typealias IndexedHeap<ID: Hashable & Sendable, Key: Comparable & Sendable> = PositionedHeap<ID, Key, HashedPositions<ID>>

/// A heap whose positions are stored in an array indexed by the ID's dense index.
typealias DenseIndexedHeap<ID: DenseIndexed, Key: Comparable & Sendable> = PositionedHeap<ID, Key, DensePositions<ID>>

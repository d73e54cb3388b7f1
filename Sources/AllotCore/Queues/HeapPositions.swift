/// The index from entry ID to position in a `PositionedHeap` or in the
/// `ExternallyIndexedHeap`s sharing it, through which a heap finds an entry
/// in O(1).
protocol HeapPositions<ID>: Sendable {
    associatedtype ID

    init()

    /// Creates an index of `ids` at positions 0, 1, 2 and so on, or returns
    /// nil when two IDs are equal.
    init?(uniqueIDs ids: some Collection<ID>)

    /// The position of `id`, or nil when the heap does not contain it.
    subscript(id: ID) -> Int? { get set }

    /// Removes `id` and returns its position, or nil when it was absent.
    mutating func removeValue(forKey id: ID) -> Int?

    /// Sets the position of `id`, which must already have one. The sifts
    /// call it for every entry they move, so it skips the bookkeeping of
    /// adding an ID.
    mutating func move(_ id: ID, to position: Int)

    /// Number of IDs indexed.
    var count: Int { get }

    mutating func removeAll()

    /// Checks the index's own structure. The heap checks the positions.
    func checkInvariants()
}

/// Positions in a hash map, for IDs of any kind. Positions are stored as
/// 32-bit values, which halves the entries of a map keyed by handles; a
/// heap never holds more entries than a workspace's tables.
struct HashedPositions<ID: Hashable & Sendable>: HeapPositions {
    private var map = SegmentedDictionary<ID, Int32>()

    init() {}

    init?(uniqueIDs ids: some Collection<ID>) {
        guard let map = SegmentedDictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, Int32($0)) }) else {
            return nil
        }
        self.map = map
    }

    subscript(id: ID) -> Int? {
        get { map[id].map(Int.init) }
        set { map[id] = newValue.map { Int32($0) } }
    }

    mutating func removeValue(forKey id: ID) -> Int? { map.removeValue(forKey: id).map(Int.init) }
    mutating func move(_ id: ID, to position: Int) { self[id] = position }
    var count: Int { map.count }
    mutating func removeAll() { map.removeAll() }
    func checkInvariants() { map.checkInvariants() }
}

/// An ID that maps to a small non-negative integer, distinct for distinct IDs
/// and dense enough that an array indexed by it wastes little space.
protocol DenseIndexed: Equatable, Sendable {
    var denseIndex: Int { get }
}

/// Positions in an array indexed by the IDs' dense index: no hashing, and
/// 4 bytes per index up to the largest one used.
struct DensePositions<ID: DenseIndexed>: HeapPositions {
    /// Position plus one per dense index; 0 marks an absent ID, so that the
    /// array can grow with zeros.
    private var slots = ChunkedArray<UInt32>()
    private(set) var count = 0

    init() {}

    init?(uniqueIDs ids: some Collection<ID>) {
        for (position, id) in ids.enumerated() {
            guard self[id] == nil else { return nil }
            self[id] = position
        }
    }

    subscript(id: ID) -> Int? {
        get {
            let index = id.denseIndex
            guard index < slots.count else { return nil }
            let stored = slots[index]
            return stored == 0 ? nil : Int(stored) - 1
        }
        set {
            let index = id.denseIndex
            guard let newValue else {
                removeValue(forKey: id)
                return
            }
            while slots.count <= index { slots.append(0) }
            if slots[index] == 0 { count += 1 }
            slots[index] = UInt32(newValue + 1)
        }
    }

    @discardableResult
    mutating func removeValue(forKey id: ID) -> Int? {
        let index = id.denseIndex
        guard index < slots.count, slots[index] != 0 else { return nil }
        let position = Int(slots[index]) - 1
        slots[index] = 0
        count -= 1
        return position
    }

    mutating func move(_ id: ID, to position: Int) {
        let index = id.denseIndex
        assert(index < slots.count, "moving \(id), which has no position")
        assert(slots[index] != 0, "moving \(id), which has no position")
        slots[index] = UInt32(position + 1)
    }

    mutating func removeAll() {
        slots.removeAll()
        count = 0
    }

    func checkInvariants() {
        slots.checkInvariants()
        let used = slots.reduce(0) { $0 + ($1 == 0 ? 0 : 1) }
        precondition(used == count, "\(used) dense positions in use, count is \(count)")
    }
}

extension Handle: DenseIndexed {
    var denseIndex: Int { Int(index) }
}

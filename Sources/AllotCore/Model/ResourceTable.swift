/// A record that lives in a `ResourceTable`, addressed by SID at the edges.
protocol TableRecord: Sendable {
    /// The SID's 128 bits, the key of the table's SID index. Records keep
    /// the bits rather than the formatted SID, whose string took 80 bytes
    /// of heap per record.
    var sidValue: SidValue { get }

    /// The prefix of every SID of this record type.
    static var sidPrefix: SidPrefix { get }

    /// The value a freed slot holds: it owns no heap storage and is never read.
    static var vacant: Self { get }
}

extension TableRecord {
    /// The SID, formatted from its bits on each read.
    var sid: String { sidValue.formatted(Self.sidPrefix) }
}

/// Records of one kind in dense slots, with a SID index.
///
/// The index is keyed by the SID's 128 bits, because hashing the
/// 34-character string was slower. A call's SID is read into bits once, and
/// a malformed SID names no record.
///
/// Freed slots are reused, so a handle is valid only while its record lives.
/// Records are stored unwrapped, with a flag per slot saying whether it is
/// live, because reading a field of an optional slot copied the whole record.
/// The engine removes every reference to a record before removing it, and
/// `checkInvariants()` of the workspace verifies that. The slots and the SID
/// index are chunked, so that a write after a snapshot captured the table
/// copies one chunk rather than every record.
struct ResourceTable<Record: TableRecord>: Sendable {
    /// Live records, and `Record.vacant` in freed slots.
    private(set) var slots = ChunkedArray<Record>()
    /// Whether each slot contains a live record.
    private var isLive = ChunkedArray<Bool>()
    private(set) var freeSlots = ChunkedArray<Int32>()
    private var handlesBySid = SegmentedDictionary<SidValue, Handle<Record>>()

    init() {}

    /// Creates a table with the given slots and free list, as a snapshot
    /// restore does. Returns nil when they disagree: a SID in two slots, a
    /// free slot that contains a record, or an empty slot missing from the
    /// free list.
    ///
    /// - Complexity: O(slots).
    init?(slots: ChunkedArray<Record?>, freeSlots: [Int32]) {
        // One pass reads each record once: every extra read of an optional
        // slot copies the whole record, which a million tasks feel.
        var pairs: [(SidValue, Handle<Record>)] = []
        pairs.reserveCapacity(slots.count - freeSlots.count)
        for (index, slot) in slots.enumerated() {
            if let record = slot {
                pairs.append((record.sidValue, Handle(Int32(index))))
                self.slots.append(record)
                isLive.append(true)
            } else {
                self.slots.append(.vacant)
                isLive.append(false)
            }
        }
        var seen = Set<Int32>()
        for free in freeSlots {
            guard free >= 0, Int(free) < isLive.count, !isLive[Int(free)], seen.insert(free).inserted else { return nil }
            self.freeSlots.append(free)
        }
        guard pairs.count + freeSlots.count == slots.count,
              let index = SegmentedDictionary(uniqueKeysWithValues: pairs) else { return nil }
        handlesBySid = index
    }

    /// Number of live records.
    var count: Int { handlesBySid.count }

    /// Returns the handle of the record with `sid`, or nil.
    ///
    /// - Complexity: O(1) expected.
    func handle(forSid sid: String) -> Handle<Record>? {
        guard let key = SidValue(generated: sid, prefix: Record.sidPrefix) else { return nil }
        return handlesBySid[key]
    }

    /// Returns whether `handle` addresses a live record.
    func contains(_ handle: Handle<Record>) -> Bool {
        let index = Int(handle.index)
        return index >= 0 && index < isLive.count && isLive[index]
    }

    /// The record at `handle`, which must be live.
    ///
    /// - Complexity: O(1); modification happens in place.
    subscript(handle: Handle<Record>) -> Record {
        _read {
            precondition(contains(handle), "no live \(Record.self) at handle \(handle)")
            // Yielding the stored record lets `tasks[handle].status` read one
            // field in place, without copying the record.
            yield slots[Int(handle.index)]
        }
        _modify {
            let index = Int(handle.index)
            precondition(contains(handle), "no live \(Record.self) at handle \(handle)")
            yield &slots[index]
        }
    }

    /// Returns the record at `handle` when it is live.
    ///
    /// This copies the record, retaining every reference in it. On hot paths,
    /// check `contains(_:)` and read fields through the subscript instead.
    func record(at handle: Handle<Record>) -> Record? {
        contains(handle) ? slots[Int(handle.index)] : nil
    }

    /// Returns the SID bits of the record at `handle` when it is live. A
    /// handle kept after its record was removed may address a newer record,
    /// which a caller detects by comparing SIDs.
    func sidValue(at handle: Handle<Record>) -> SidValue? {
        contains(handle) ? self[handle].sidValue : nil
    }

    /// Inserts `record`, whose SID must be new, and returns its handle.
    ///
    /// - Complexity: O(1) amortized.
    @discardableResult
    mutating func insert(_ record: consuming Record) -> Handle<Record> {
        let key = record.sidValue
        precondition(handlesBySid[key] == nil, "duplicate SID \(record.sid)")
        let handle: Handle<Record>
        // The record is consumed, so storing it moves it rather than copying it.
        if let free = freeSlots.popLast() {
            handle = Handle(free)
            slots[Int(free)] = record
            isLive[Int(free)] = true
        } else {
            handle = Handle(Int32(slots.count))
            slots.append(record)
            isLive.append(true)
        }
        handlesBySid[key] = handle
        return handle
    }

    /// Removes the record at `handle`, which must be live.
    ///
    /// The record is destroyed in its slot. Returning it copied it first,
    /// retaining every reference in it, and no caller used the copy.
    ///
    /// - Complexity: O(1) expected.
    mutating func remove(_ handle: Handle<Record>) {
        guard contains(handle) else { preconditionFailure("removing a dead \(Record.self) handle \(handle)") }
        let index = Int(handle.index)
        handlesBySid[slots[index].sidValue] = nil
        slots[index] = .vacant
        isLive[index] = false
        freeSlots.append(handle.index)
    }

    /// The handle of the only live record, or nil unless exactly one is live.
    ///
    /// - Complexity: O(number of slots), without allocating as `handles` does.
    var onlyHandle: Handle<Record>? {
        guard count == 1 else { return nil }
        for index in 0..<isLive.count where isLive[index] { return Handle(Int32(index)) }
        preconditionFailure("the table counts one live record but no slot is live")
    }

    /// Handles of the live records in slot order, which is deterministic.
    ///
    /// - Complexity: O(number of slots).
    var handles: [Handle<Record>] {
        var result: [Handle<Record>] = []
        result.reserveCapacity(count)
        // The free list records which slots are empty, so no record is read:
        // testing a slot for nil copied, and so retained, the whole record.
        if freeSlots.isEmpty {
            for index in 0..<slots.count { result.append(Handle(Int32(index))) }
            return result
        }
        var isFree = [Bool](repeating: false, count: slots.count)
        for free in freeSlots { isFree[Int(free)] = true }
        for index in 0..<slots.count where !isFree[index] {
            result.append(Handle(Int32(index)))
        }
        return result
    }

    /// Checks that the SID index and the free list agree with the slots.
    func checkInvariants() {
        slots.checkInvariants()
        isLive.checkInvariants()
        freeSlots.checkInvariants()
        handlesBySid.checkInvariants()
        precondition(isLive.count == slots.count, "\(isLive.count) live flags for \(slots.count) slots")
        var liveCount = 0
        for (index, record) in slots.enumerated() where isLive[index] {
            liveCount += 1
            precondition(handlesBySid[record.sidValue] == Handle(Int32(index)),
                         "SID \(record.sid) not indexed at slot \(index)")
        }
        for free in freeSlots {
            precondition(!isLive[Int(free)], "free slot \(free) holds a live record")
        }
        precondition(liveCount == handlesBySid.count, "\(liveCount) live slots but \(handlesBySid.count) SIDs")
        precondition(liveCount + freeSlots.count == slots.count,
                     "\(liveCount) live + \(freeSlots.count) free != \(slots.count) slots")
    }
}

/// The most recent events of one workspace in a ring of fixed capacity.
///
/// The ring keeps each event's fields inline, in slots reused in order. An
/// event leaves a full ring `capacity` events after it entered, when its
/// memory is no longer cached. When the ring held events as objects, each
/// departure freed them at scattered addresses, and those cache misses
/// cost about a sixth of a routing cycle (`allot-benchmarks engine`). The
/// processor reads ahead through slots reused in order. The events returned
/// to a caller are separate objects, which the caller frees while they are
/// still cached.
///
/// The storage is chunked, so that an append after a snapshot captured the
/// ring copies one chunk of events rather than the whole ring.
///
/// An appended event waits in `pending` until nothing else refers to it,
/// which is usually once the operation's caller has dropped its result.
/// Its fields then move into a slot, and the slot's old fields go to the
/// event's object, which frees them. Copying the fields at once retained
/// every string in them, and each was released again when the caller
/// dropped the event. Moving them took a routing cycle of
/// `allot-benchmarks engine` from about 95,600 to 94,800 instructions
/// under callgrind.
struct EventRing: Sendable {
    let capacity: Int
    private var storage = ChunkedArray<Entry>()
    /// Index in `storage` of the oldest event once the ring is full.
    private var start = 0
    /// From `pendingStart` on, the newest events, oldest first, that are not
    /// yet in `storage`. They count against the capacity: the oldest
    /// `storage` entries that they push out are no longer held, though their
    /// slots are reused only when the pending events move in. Events before
    /// `pendingStart` are stored already and wait to be dropped. Those whose
    /// fields moved must not be read.
    private var pending: [EngineEvent] = []
    /// Index in `pending` of the oldest event not yet stored.
    private var pendingStart = 0
    /// Sequence number the next event receives.
    private(set) var nextSequence: UInt64 = 1
    /// The account and workspace SIDs of every held event, from the last
    /// appended event. All events of one workspace carry the same two.
    private var accountSid = ""
    private var workspaceSid = ""

    init(capacity: Int) {
        precondition(capacity > 0, "event ring capacity \(capacity) must be positive")
        self.capacity = capacity
    }

    /// Creates an empty ring whose next event gets `nextSequence`, as a
    /// snapshot restore does: readers resuming from an earlier sequence get
    /// `outOfRange`, and new events continue the numbering.
    init(capacity: Int, nextSequence: UInt64) {
        self.init(capacity: capacity)
        self.nextSequence = nextSequence
    }

    /// Maximum number of pending events. The oldest is copied into a slot
    /// when callers keep this many. Under the wire benchmark of
    /// `allot-benchmarks` (64 create-task calls in flight on one connection),
    /// the server still referred to more than 64 recent events at each
    /// append, and with this limit they move rather than being copied.
    static let maximumPendingEvents = 1_024

    /// The maximum pending events of this ring: `maximumPendingEvents`, or
    /// the capacity when smaller, so that pending events push out at most
    /// every slot.
    private var pendingLimit: Int { Swift.min(capacity, Self.maximumPendingEvents) }

    /// Number of events held.
    var count: Int { Swift.min(capacity, storage.count + pendingCount) }

    private var pendingCount: Int { pending.count - pendingStart }

    /// Sequence number of the oldest event still held, or `nextSequence` when empty.
    var oldestSequence: UInt64 { nextSequence - UInt64(count) }

    /// Appends `event`, giving it the next sequence number, and returns it.
    ///
    /// - Complexity: O(1) amortized: each event moves into a slot once.
    mutating func append(_ event: EngineEvent) -> EngineEvent {
        var stored = event
        stored.sequence = nextSequence
        nextSequence += 1
        // Every event of the workspace carries the same two SIDs. Comparing
        // them, which finds the same string storage, is cheaper than the
        // retain and release of an assignment.
        if accountSid != event.accountSid { accountSid = event.accountSid }
        if workspaceSid != event.workspaceSid { workspaceSid = event.workspaceSid }
        storePendingEvents()
        pending.append(stored)
        return stored
    }

    /// Moves the oldest pending events into slots while nothing else refers
    /// to them, and copies the oldest while `pendingLimit` are pending, so
    /// that the new event fits. Events move in order, so a referenced event
    /// holds back the newer ones.
    private mutating func storePendingEvents() {
        // The events are taken out of `self` so that `store` may change the
        // slots while one of them is accessed in place.
        var events: [EngineEvent] = []
        swap(&events, &pending)

        var next = pendingStart
        while next < events.count {
            if events[next].isUniquelyReferenced() {
                store(&events[next], moving: true)
            } else if events.count - next >= pendingLimit {
                store(&events[next], moving: false)
            } else {
                break
            }
            next += 1
        }

        // Dropping the stored events frees the objects of those that moved,
        // and with them the old fields of the slots they took. When every
        // event is stored, as is usual, they are popped one by one, because
        // `removeAll(keepingCapacity:)` and `removeFirst` go through
        // `replaceSubrange`, which cost about 300 instructions per call under
        // callgrind. Otherwise the stored ones are dropped once they are half
        // of the array, so that each event is shifted O(1) times.
        if next == events.count {
            while events.popLast() != nil {}
            next = 0
        } else if next * 2 >= events.count {
            events.removeFirst(next)
            next = 0
        }
        pendingStart = next
        swap(&events, &pending)
    }

    /// Puts `event` in the next slot. When `moving`, its fields move into a
    /// reused slot, and the event must not be read again.
    private mutating func store(_ event: inout EngineEvent, moving: Bool) {
        if storage.count < capacity {
            storage.append(Entry(event))
        } else {
            // Overwrites the slot field by field, because building a new entry
            // and assigning it copied the fields twice more.
            storage[start].replace(with: &event, moving: moving)
            start = (start + 1) % capacity
        }
    }

    /// Calls `body` with the held event at `offset` from the oldest: a slot's
    /// entry, or a pending event as an entry.
    private func withEntry<Result>(at offset: Int, _ body: (Entry) -> Result) -> Result {
        // The oldest slots are no longer held when pending events push them out.
        let pushedOut = storage.count + pendingCount - count
        let position = offset + pushedOut
        if position < storage.count {
            return body(storage[(start + position) % storage.count])
        }
        return body(Entry(pending[pendingStart + position - storage.count]))
    }

    /// Returns up to `limit` events with sequence numbers above `sequence`,
    /// oldest first. Throws `outOfRange` when events after `sequence` were
    /// already overwritten, so the reader knows it missed some.
    ///
    /// - Complexity: O(limit).
    func events(after sequence: UInt64, limit: Int, deliveredOnly: Bool) throws(EngineError) -> [EngineEvent] {
        // Checked first, so that `sequence + 1` below cannot overflow.
        if sequence >= nextSequence { return [] }
        if sequence + 1 < oldestSequence {
            // An empty ring, as after a restart, has no oldest event to resume from.
            let message = count == 0
                ? "events after sequence \(sequence) are not held: no events are held, as after a restart, and the next event "
                    + "will have sequence \(nextSequence). Resume from \(nextSequence - 1), or read without AfterSequence, and resynchronise state"
                : "events after sequence \(sequence) are no longer held; the oldest held is "
                    + "\(oldestSequence). Resume from \(oldestSequence - 1) and resynchronise state"
            throw .outOfRange(field: "AfterSequence", message: message)
        }
        var result: [EngineEvent] = []
        var current = Swift.max(sequence + 1, oldestSequence)
        while current < nextSequence, result.count < limit {
            let offset = Int(current - oldestSequence)
            if let event = withEntry(at: offset, { entry in
                !deliveredOnly || entry.isDelivered ? entry.event(accountSid: accountSid, workspaceSid: workspaceSid) : nil
            }) {
                result.append(event)
            }
            current += 1
        }
        return result
    }

    /// Calls `body` on every held event, oldest first, as an entry that
    /// makes an `EngineEvent` only when asked.
    ///
    /// - Complexity: O(count).
    func forEach(_ body: (Entry) -> Void) {
        for offset in 0..<count { withEntry(at: offset, body) }
    }

    /// Returns the event that `entry`, a held entry, stores.
    func event(_ entry: Entry) -> EngineEvent {
        entry.event(accountSid: accountSid, workspaceSid: workspaceSid)
    }

    /// One held event: every field of an `EngineEvent` except the account and
    /// workspace SIDs, which the ring stores once.
    struct Entry: Sendable {
        private(set) var fields: EventData.Fields
        private(set) var resourceText: String?
        private(set) var sequence: UInt64
        private(set) var sidValue: SidValue
        private(set) var type: EventType
        private(set) var timestamp: Timestamp
        private(set) var resource: EventSid?
        private(set) var isDelivered: Bool
        private(set) var causedByTimer: Bool

        init(_ event: EngineEvent) {
            fields = event.fields
            resourceText = event.resourceText
            sequence = event.sequence
            sidValue = event.sidValue
            type = event.type
            timestamp = event.timestamp
            resource = event.resource
            isDelivered = event.isDelivered
            causedByTimer = event.causedByTimer
        }

        /// Replaces the stored event with `event`, moving its fields when
        /// `moving` and copying them otherwise. It repeats the assignments of
        /// `init` rather than building a header value to assign, which ran about
        /// 4 % fewer routing cycles per CPU-second in alternating runs.
        mutating func replace(with event: inout EngineEvent, moving: Bool) {
            if moving {
                event.moveFields(into: &fields)
            } else {
                event.copyFields(into: &fields)
            }
            resourceText = event.resourceText
            sequence = event.sequence
            sidValue = event.sidValue
            type = event.type
            timestamp = event.timestamp
            resource = event.resource
            isDelivered = event.isDelivered
            causedByTimer = event.causedByTimer
        }

        var sid: String { sidValue.formatted(.event) }

        func event(accountSid: String, workspaceSid: String) -> EngineEvent {
            EngineEvent(sequence: sequence, sidValue: sidValue, type: type, timestamp: timestamp, accountSid: accountSid,
                        workspaceSid: workspaceSid, resource: resource, resourceText: resourceText,
                        isDelivered: isDelivered, data: EventData(fields: fields), causedByTimer: causedByTimer)
        }
    }

    func checkInvariants() {
        precondition(storage.count <= capacity, "ring holds \(storage.count) events over capacity \(capacity)")
        precondition(pendingCount <= pendingLimit, "\(pendingCount) pending events, over the limit of \(pendingLimit)")
        precondition(pendingStart == 0 || pendingStart * 2 < pending.count,
                     "\(pendingStart) stored events kept in a pending array of \(pending.count)")
        for offset in 0..<count {
            let sequence = withEntry(at: offset) { $0.sequence }
            precondition(sequence == oldestSequence + UInt64(offset), "ring sequence gap at offset \(offset)")
        }
        for (offset, event) in pending[pendingStart...].enumerated() {
            precondition(event.sequence == nextSequence - UInt64(pendingCount - offset),
                         "pending event \(offset) has sequence \(event.sequence)")
        }
    }
}

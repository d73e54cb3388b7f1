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
struct EventRing: Sendable {
    let capacity: Int
    private var storage = ChunkedArray<Entry>()
    /// Index in `storage` of the oldest event once the ring is full.
    private var start = 0
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

    var count: Int { storage.count }

    /// Sequence number of the oldest event still held, or `nextSequence` when empty.
    var oldestSequence: UInt64 { nextSequence - UInt64(storage.count) }

    /// Appends `event`, giving it the next sequence number, and returns it.
    ///
    /// - Complexity: O(1).
    mutating func append(_ event: EngineEvent) -> EngineEvent {
        var stored = event
        stored.sequence = nextSequence
        nextSequence += 1
        // Every event of the workspace carries the same two SIDs. Comparing
        // them, which finds the same string storage, is cheaper than the
        // retain and release of an assignment.
        if accountSid != event.accountSid { accountSid = event.accountSid }
        if workspaceSid != event.workspaceSid { workspaceSid = event.workspaceSid }
        if storage.count < capacity {
            storage.append(Entry(stored))
        } else {
            // Overwrites the slot field by field, because building a new entry
            // and assigning it copied the fields twice more.
            storage[start].replace(with: stored)
            start = (start + 1) % capacity
        }
        return stored
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
            let message = storage.isEmpty
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
            let index = (start + offset) % storage.count
            if !deliveredOnly || storage[index].isDelivered {
                result.append(storage[index].event(accountSid: accountSid, workspaceSid: workspaceSid))
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
        for offset in 0..<storage.count { body(storage[(start + offset) % storage.count]) }
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

        /// Replaces the stored event with `event`. It repeats the assignments of
        /// `init` rather than building a header value to assign, which ran about
        /// 4 % fewer routing cycles per CPU-second in alternating runs.
        mutating func replace(with event: EngineEvent) {
            event.copyFields(into: &fields)
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
        for offset in 0..<storage.count {
            precondition(storage[(start + offset) % storage.count].sequence == oldestSequence + UInt64(offset), "ring sequence gap at offset \(offset)")
        }
    }
}

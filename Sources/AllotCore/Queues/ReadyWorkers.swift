/// A queue member's place in the queue's ready orders: its membership slot,
/// which indexes the positions, and the worker.
struct MemberSlot: DenseIndexed, Hashable, CustomStringConvertible {
    let slot: Int32
    let worker: WorkerHandle

    var denseIndex: Int { Int(slot) }
    var description: String { "slot \(slot) (worker \(worker))" }
}

/// A worker's keys in the ready orders of each of its queues. A key is nil
/// where the worker is not ready for that order.
struct ReadyKeys {
    /// The key in the shared order.
    var shared: WorkerIdleKey?
    /// The handle index of each channel with channel-optimized routing, in
    /// handle order, with the key in that channel's order. Empty, without
    /// allocating, when no channel uses channel-optimized routing.
    var channelOptimized: [(channel: Int32, key: WorkerIdleKey?)] = []
}

/// The members of one task queue that can take a reservation now, in idle
/// order (longest idle first).
///
/// Every member has a dense slot in the queue, issued when it joins and
/// kept in `WorkerRecord.queueSlots`. The orders index their storage by
/// slot, so that no update hashes. One shared order serves every channel
/// without channel-optimized routing: there the key is the worker's idle
/// ticket whatever the channel, so a worker is in it when it is ready on at
/// least one such channel, and callers check the task's channel while
/// walking. A channel with channel-optimized routing orders workers by their
/// ticket on that channel, so it gets an order of its own.
struct ReadyWorkers: Sendable {
    typealias Order = IdleOrder

    /// Members ready on at least one channel without channel-optimized routing.
    private(set) var shared = Order()
    /// Per channel handle index of a channel with channel-optimized routing:
    /// members ready on that channel.
    private(set) var channelOptimized: [Int32: Order] = [:]
    private var freeSlots: [Int32] = []
    /// Slots issued so far, free ones included.
    private var slotCount: Int32 = 0

    /// Slots in use by members.
    var memberCount: Int { Int(slotCount) - freeSlots.count }

    /// Issues a slot to a joining member.
    ///
    /// - Complexity: O(1) amortized.
    mutating func takeSlot() -> Int32 {
        if let free = freeSlots.popLast() { return free }
        defer { slotCount += 1 }
        return slotCount
    }

    /// Takes a leaving member out of every order and frees its slot.
    ///
    /// - Complexity: O(log n) per order at most.
    mutating func releaseSlot(_ member: MemberSlot) {
        shared.remove(member)
        for channel in channelOptimized.keys {
            channelOptimized[channel]?.remove(member)
            if channelOptimized[channel]?.isEmpty == true { channelOptimized[channel] = nil }
        }
        freeSlots.append(member.slot)
    }

    /// Puts the member in the shared order with `key`, or takes it out when `key` is nil.
    ///
    /// - Complexity: O(1) when the key is unchanged or the largest so far,
    ///   as after a reservation; O(log n) otherwise.
    mutating func updateShared(_ member: MemberSlot, key: WorkerIdleKey?) {
        if let key { shared.upsert(member, key: key) } else { shared.remove(member) }
    }

    /// Puts the member in the order of `channel` with `key`, or takes it out when `key` is nil.
    ///
    /// - Complexity: as `updateShared(_:key:)`.
    mutating func updateChannel(_ channel: Int32, _ member: MemberSlot, key: WorkerIdleKey?) {
        if let key {
            channelOptimized[channel, default: Order()].upsert(member, key: key)
        } else if channelOptimized[channel] != nil {
            channelOptimized[channel]?.remove(member)
            if channelOptimized[channel]?.isEmpty == true { channelOptimized[channel] = nil }
        }
    }

    /// Returns whether the member's entries in the orders that `keys` name
    /// already match `keys`, so that `update(_:keys:)` would change nothing.
    ///
    /// - Complexity: O(1) per order in `keys`, plus a hash lookup per channel order.
    func matches(_ member: MemberSlot, keys: ReadyKeys) -> Bool {
        guard shared.key(of: member) == keys.shared else { return false }
        for (channel, key) in keys.channelOptimized where channelOptimized[channel]?.key(of: member) != key {
            return false
        }
        return true
    }

    /// Puts the member in the shared order and in each channel order of
    /// `keys` with its key there, taking it out where the key is nil.
    ///
    /// - Complexity: as `updateShared(_:key:)` per order in `keys`.
    mutating func update(_ member: MemberSlot, keys: ReadyKeys) {
        updateShared(member, key: keys.shared)
        for (channel, key) in keys.channelOptimized {
            updateChannel(channel, member, key: key)
        }
    }

    /// Drops the order of a channel that lost channel-optimized routing or was deleted.
    mutating func removeChannelOrder(_ channel: Int32) {
        channelOptimized[channel] = nil
    }

    /// Returns the order that a task on `channel` walks.
    func order(for channel: ChannelHandle, optimized: Bool) -> Order? {
        optimized ? channelOptimized[channel.index] : shared
    }

    /// Checks each order and that every entry has an issued slot that is not free.
    func checkInvariants() {
        let free = Set(freeSlots)
        precondition(free.count == freeSlots.count, "a slot is free twice")
        for order in [shared] + Array(channelOptimized.values) {
            order.checkInvariants()
            for entry in order.entries {
                precondition(entry.id.slot >= 0 && entry.id.slot < slotCount && !free.contains(entry.id.slot),
                             "ready entry of worker \(entry.id.worker) holds unissued or free slot \(entry.id.slot)")
            }
        }
        for (channel, order) in channelOptimized {
            precondition(!order.isEmpty, "empty ready order kept for channel \(channel)")
        }
    }
}

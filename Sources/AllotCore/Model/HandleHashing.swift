/// A cheap hash for keys that are small dense integers, such as handles.
///
/// Sets and dictionaries keyed by handles (heap positions, queue members,
/// timers) are on every routing path. In a profile of the routing cycle,
/// the standard hash (SipHash-1-3) cost more than the rest of a heap update.
/// Handles are issued by the engine and never chosen by clients, so a keyed
/// hash protects nothing here. A SplitMix64 finaliser over the value and the
/// table's seed spreads consecutive handles over all bits.
enum DenseKeyHash {
    /// Mixes `value` with `seed` into a hash whose low and high bits both
    /// depend on every input bit.
    @inline(__always)
    static func mix(_ value: UInt64, seed: Int) -> Int {
        var mixed = (value ^ UInt64(UInt(bitPattern: seed))) &+ 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 31))
    }
}

extension Handle {
    func hash(into hasher: inout Hasher) {
        hasher.combine(index)
    }

    // Overrides the standard library's hashing entry point, which `Set`,
    // `Dictionary` and `hashValue` call, with `DenseKeyHash`.
    func _rawHashValue(seed: Int) -> Int {
        DenseKeyHash.mix(UInt64(UInt32(bitPattern: index)), seed: seed)
    }
}

extension TimerID {
    func hash(into hasher: inout Hasher) {
        hasher.combine(denseKey)
    }

    func _rawHashValue(seed: Int) -> Int {
        DenseKeyHash.mix(denseKey, seed: seed)
    }

    /// The kind in the high word and the handle's index in the low word:
    /// equal exactly when the timer IDs are equal.
    private var denseKey: UInt64 {
        let (kind, index): (UInt64, Int32)
        switch self {
        case .taskTimeToLive(let handle): (kind, index) = (0, handle.index)
        case .stepTimeout(let handle): (kind, index) = (1, handle.index)
        case .assignedLifetime(let handle): (kind, index) = (2, handle.index)
        case .retention(let handle): (kind, index) = (3, handle.index)
        case .reservationTimeout(let handle): (kind, index) = (4, handle.index)
        case .clockMinute: (kind, index) = (5, 0)
        }
        return kind << 32 | UInt64(UInt32(bitPattern: index))
    }
}

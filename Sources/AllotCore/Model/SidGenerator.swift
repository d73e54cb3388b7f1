/// A deterministic source of SIDs, held in the workspace state.
///
/// The generator is a SplitMix64 sequence seeded from the workspace SID, so
/// replaying the same commands against the same state issues the same SIDs.
/// It is not a secret: SIDs are identifiers, not credentials.
struct SidGenerator: Sendable, Hashable {
    private(set) var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// Creates a generator seeded from `text`, usually the workspace SID.
    init(seedText: String) {
        state = StableHash.fnv1a64(seedText)
    }

    /// Returns the next SID with `prefix` and advances the sequence.
    mutating func next(_ prefix: SidPrefix) -> String {
        nextValue().formatted(prefix)
    }

    /// Returns the bits of the next SID, which `next(_:)` would format, and
    /// advances the sequence.
    mutating func nextValue() -> SidValue {
        let high = nextWord()
        let low = nextWord()
        return SidValue(high: high, low: low)
    }

    private mutating func nextWord() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// Hashes that stay the same across processes, unlike `Hasher`, which is
/// seeded per process. Shard selection and SID seeds depend on them.
enum StableHash {
    /// FNV-1a over the UTF-8 bytes of `text`, 64 bits.
    static func fnv1a64(_ text: String, basis: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        // Every operation hashes its workspace SID to pick the shard. Native
        // strings hand out their bytes; walking the UTF-8 view instead costs
        // several times as much per byte.
        if let hash = text.utf8.withContiguousStorageIfAvailable({ bytes in fnv1a64(bytes, basis: basis) }) {
            return hash
        }
        var hash = basis
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= prime
        }
        return hash
    }

    private static func fnv1a64(_ bytes: UnsafeBufferPointer<UInt8>, basis: UInt64) -> UInt64 {
        var hash = basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= prime
        }
        return hash
    }

    private static let prime: UInt64 = 0x0000_0100_0000_01B3
}

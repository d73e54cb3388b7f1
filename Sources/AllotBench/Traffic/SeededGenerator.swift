/// A deterministic random number generator (SplitMix64), so that a run's
/// arrivals, task mix and handle times repeat with the same `--seed`.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform value in the open interval (0, 1), never exactly 0, so
    /// that its logarithm is finite.
    mutating func nextOpenUnit() -> Double {
        let bits = next() >> 11
        return (Double(bits) + 0.5) / Double(1 << 53)
    }

    /// A new generator seeded from this one, for a task of its own.
    mutating func split() -> SeededGenerator {
        SeededGenerator(seed: next())
    }
}

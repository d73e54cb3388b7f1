/// Seeded choices for the model-based test. Every draw goes through one
/// SplitMix64 generator, so a seed replays the same sequence exactly.
struct ScenarioRandom {
    private var generator: AttributeRandomGenerator

    init(seed: UInt64) {
        generator = AttributeRandomGenerator(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &generator)
    }

    mutating func int(_ range: Range<Int>) -> Int {
        Int.random(in: range, using: &generator)
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &generator) < probability
    }

    mutating func element<Element>(_ items: [Element]) -> Element {
        precondition(!items.isEmpty, "drawing from an empty list")
        return items[int(0..<items.count)]
    }

    /// Returns a random subset of `items` in their original order, of at least `minimum` elements.
    mutating func subset<Element>(_ items: [Element], minimum: Int = 0) -> [Element] {
        for _ in 0..<100 {
            let chosen = items.filter { _ in chance(0.5) }
            if chosen.count >= minimum { return chosen }
        }
        return Array(items.prefix(minimum))
    }
}

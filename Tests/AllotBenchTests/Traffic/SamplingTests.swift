@testable import AllotBench
import Testing

struct SamplingTests {
    /// Fixed so that every run draws the same numbers; a failure repeats.
    static let seed: UInt64 = 20_261_204

    @Test func sameSeedRepeatsTheSequence() {
        var first = SeededGenerator(seed: Self.seed)
        var second = SeededGenerator(seed: Self.seed)
        let firstValues = (0..<100).map { _ in first.next() }
        let secondValues = (0..<100).map { _ in second.next() }
        #expect(firstValues == secondValues)
        var other = SeededGenerator(seed: Self.seed + 1)
        #expect((0..<100).map { _ in other.next() } != firstValues)
    }

    @Test func openUnitStaysInsideZeroAndOne() {
        var generator = SeededGenerator(seed: Self.seed)
        for _ in 0..<100_000 {
            let value = generator.nextOpenUnit()
            #expect(value > 0 && value < 1, "\(value)")
        }
    }

    @Test func exponentialHasItsMeanAndVariance() {
        var generator = SeededGenerator(seed: Self.seed)
        let mean = 240.0
        let samples = (0..<200_000).map { _ in Sampling.exponential(mean: mean, using: &generator) }
        let sampleMean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / Double(samples.count - 1)
        // The standard error of the mean is 240 / sqrt(200,000), about 0.54;
        // 2 % is more than eight standard errors.
        #expect(abs(sampleMean - mean) < mean * 0.02, "mean \(sampleMean)")
        #expect(abs(variance.squareRoot() - mean) < mean * 0.03, "standard deviation \(variance.squareRoot())")
        #expect(samples.allSatisfy { $0 >= 0 })
        // The median of an exponential distribution is mean × ln 2.
        let median = samples.sorted()[samples.count / 2]
        #expect(abs(median - mean * 0.693_147) < mean * 0.02, "median \(median)")
    }

    @Test func poissonArrivalsCountMatchesRate() {
        var generator = SeededGenerator(seed: Self.seed)
        let rate = 50.0
        let windowSeconds = 400.0
        var elapsed = Duration.zero
        var perSecond = Array(repeating: 0, count: Int(windowSeconds))
        while true {
            elapsed += Sampling.poissonGap(ratePerSecond: rate, using: &generator)
            let second = Int(elapsed.seconds)
            guard second < perSecond.count else { break }
            perSecond[second] += 1
        }
        let total = perSecond.reduce(0, +)
        let expected = rate * windowSeconds
        // Poisson: the count's standard deviation is sqrt(20,000), about 141.
        #expect(abs(Double(total) - expected) < 5 * expected.squareRoot(), "\(total) arrivals, expected about \(expected)")
        // Counts per second have variance equal to their mean.
        let mean = Double(total) / windowSeconds
        let variance = perSecond.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / (windowSeconds - 1)
        #expect(abs(variance / mean - 1) < 0.25, "dispersion \(variance / mean)")
    }

    @Test func weightedChoiceFollowsWeights() {
        var generator = SeededGenerator(seed: Self.seed)
        let weights = [60.0, 25.0, 10.0, 5.0, 0.0]
        var counts = Array(repeating: 0, count: weights.count)
        let draws = 100_000
        for _ in 0..<draws {
            counts[Sampling.weightedIndex(weights, using: &generator)] += 1
        }
        for (index, weight) in weights.enumerated() {
            let share = Double(counts[index]) / Double(draws)
            #expect(abs(share - weight / 100) < 0.01, "entry \(index): share \(share), weight \(weight)")
        }
        #expect(counts[4] == 0)
    }

    @Test func fixedTimeIsExact() {
        var generator = SeededGenerator(seed: Self.seed)
        #expect(Sampling.seconds(.fixed(seconds: 3), using: &generator) == 3)
    }
}

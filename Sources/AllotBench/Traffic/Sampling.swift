import Foundation

/// Random durations for traffic: exponential handle times and Poisson
/// arrivals, whose gaps are exponential with mean 1 / rate.
enum Sampling {
    /// Draws an exponentially distributed value with the given mean, by
    /// inverse transform: -mean × ln(U) for U uniform in (0, 1).
    static func exponential(mean: Double, using generator: inout SeededGenerator) -> Double {
        precondition(mean >= 0 && mean.isFinite, "exponential mean \(mean) must be finite and not negative")
        return -mean * log(generator.nextOpenUnit())
    }

    /// Draws the gap before the next arrival of a Poisson process with `ratePerSecond`.
    static func poissonGap(ratePerSecond: Double, using generator: inout SeededGenerator) -> Duration {
        precondition(ratePerSecond > 0 && ratePerSecond.isFinite, "Poisson rate \(ratePerSecond) must be positive and finite")
        return .seconds(exponential(mean: 1 / ratePerSecond, using: &generator))
    }

    /// Draws a sample of `distribution`, in seconds.
    static func seconds(_ distribution: TimeDistribution, using generator: inout SeededGenerator) -> Double {
        switch distribution {
        case .fixed(let seconds): seconds
        case .exponential(let meanSeconds): exponential(mean: meanSeconds, using: &generator)
        }
    }

    /// Returns the index of an entry chosen with probability proportional to its weight.
    static func weightedIndex(_ weights: [Double], using generator: inout SeededGenerator) -> Int {
        precondition(!weights.isEmpty, "a weighted choice needs at least one weight")
        let total = weights.reduce(0, +)
        var point = generator.nextOpenUnit() * total
        for (index, weight) in weights.enumerated() {
            point -= weight
            if point < 0 { return index }
        }
        return weights.count - 1
    }
}

/// The distribution a simulated time is drawn from.
enum TimeDistribution: Sendable, Equatable {
    case fixed(seconds: Double)
    case exponential(meanSeconds: Double)

    var meanSeconds: Double {
        switch self {
        case .fixed(let seconds): seconds
        case .exponential(let meanSeconds): meanSeconds
        }
    }
}

import Foundation
import Testing

/// Seeded random operation sequences against the engine and the naive
/// reference model.
///
/// `ALLOT_MODEL_SEED=<n>` runs only that seed, and with `ALLOT_MODEL_TRACE=1`
/// prints the engine's events of every step. `ALLOT_MODEL_SEQUENCES=<n>`
/// runs seeds 1 to n instead of the default set, which keeps a debug build
/// to about 20 seconds, and prints how often each rule fired.
@Suite struct ModelCheckTests {
    /// The default seeds are split into batches that run in parallel.
    static let batchCount = 4
    static let defaultSequencesPerBatch = 100
    static let stepsPerSequence = 60

    /// Rules the default seeds must reach, or the generator has stopped
    /// producing the situations the comparison is for.
    static let requiredRules = [
        "one reservation", "several reservations at once", "reservation rescinded", "reservation timed out",
        "reservation rejected", "reservation rejected with an activity",
        "freed worker took a waiting task", "skip_if skipped a step", "passed-over step",
        "step timed out while pending", "step timed out while reserved", "assigned lifetime ended",
        "task canceled: Task TTL Exceeded", "task canceled: Workflow Timeout", "task canceled: Workflow Skipped",
        "task canceled: Max assignment count exceeded", "task canceled: canceled by the test",
        "call failed with gone", "call failed with failedPrecondition", "call failed with invalidArgument",
        "call failed with notFound", "reserved task routed again after an update",
    ]

    @Test(arguments: 0..<batchCount)
    func engineMatchesReferenceModel(batch: Int) throws {
        let environment = ProcessInfo.processInfo.environment
        var seeds: [UInt64]
        var checksCoverage = false
        if let text = environment["ALLOT_MODEL_SEED"] {
            guard let seed = UInt64(text) else {
                Issue.record("ALLOT_MODEL_SEED \(text) is not an unsigned integer")
                return
            }
            seeds = batch == 0 ? [seed] : []
        } else if let text = environment["ALLOT_MODEL_SEQUENCES"], let count = Int(text) {
            seeds = (1...UInt64(max(1, count))).filter { Int($0 % UInt64(Self.batchCount)) == batch }
        } else {
            seeds = (0..<UInt64(Self.defaultSequencesPerBatch)).map { UInt64(batch) + 1 + $0 * UInt64(Self.batchCount) }
            checksCoverage = true
        }

        var ruleCounts: [String: Int] = [:]
        var failures = 0
        for seed in seeds {
            let run = try ModelCheckRun(seed: seed)
            run.tracesEvents = environment["ALLOT_MODEL_TRACE"] != nil
            if let report = run.run(steps: Self.stepsPerSequence) {
                Issue.record(Comment(rawValue: report))
                failures += 1
                // A few reports show the pattern, and more only slow the run down.
                if failures >= 3 { break }
            }
            ruleCounts.merge(run.model.ruleCounts, uniquingKeysWith: +)
        }
        if environment["ALLOT_MODEL_SEQUENCES"] != nil {
            print("batch \(batch), \(seeds.count) sequences: "
                + ruleCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        if checksCoverage {
            let missing = Self.requiredRules.filter { ruleCounts[$0, default: 0] == 0 }
            #expect(missing.isEmpty, "batch \(batch) never reached: \(missing)")
        }
    }
}

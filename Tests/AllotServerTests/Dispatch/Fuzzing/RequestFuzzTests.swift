@testable import AllotServer
import Foundation
import Testing

/// Random requests of every case, with values at and past every limit,
/// through the engine handler in this process (see `RequestFuzzer`).
///
/// For longer runs, `ALLOT_FUZZ_ITERATIONS` sets the steps per seed and
/// `ALLOT_FUZZ_SEEDS` a comma-separated list of seeds, decimal or 0x hex.
/// Swift Testing names the seed of a failing case. To find the step that
/// trapped, run that seed again with the same `ALLOT_FUZZ_ITERATIONS` and
/// `ALLOT_FUZZ_TRACE=1`, which prints every step to standard error.
@Suite struct RequestFuzzTests {
    /// Seeds of a default run.
    static let defaultSeeds: [UInt64] = [0x5EED_0001, 0xA110_7001, 0xF022_D15C]
    /// Steps per seed in a default run, which keeps the suite to a few seconds.
    static let defaultSteps = 600
    /// Steps after which a run starts over with a new engine and a seed
    /// derived from its own, so that a long run keeps its state, and with it
    /// the cost of each invariant check, bounded.
    static let sessionSteps = 3_000

    static let seeds: [UInt64] = {
        guard let text = ProcessInfo.processInfo.environment["ALLOT_FUZZ_SEEDS"] else { return defaultSeeds }
        let parsed = text.split(separator: ",").compactMap { part -> UInt64? in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("0x") ? UInt64(trimmed.dropFirst(2), radix: 16) : UInt64(trimmed)
        }
        return parsed.isEmpty ? defaultSeeds : parsed
    }()

    static var steps: Int {
        ProcessInfo.processInfo.environment["ALLOT_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? defaultSteps
    }

    @Test(arguments: seeds) func randomRequestsKeepEngineValid(seed: UInt64) throws {
        let mailbox = try Mailbox(logger: Logger(minimumLevel: .error))
        var totals = FuzzStatistics()
        var remaining = Self.steps
        var session: UInt64 = 0
        while remaining > 0 {
            let sessionSeed = session == 0 ? seed : seed &+ session &* 0x9E37_79B9_7F4A_7C15
            let fuzzer = RequestFuzzer(seed: sessionSeed, mailbox: mailbox)
            let passed = fuzzer.run(steps: min(remaining, Self.sessionSteps))
            totals.merge(fuzzer.statistics)
            if !passed { return }
            remaining -= Self.sessionSteps
            session += 1
        }
        print("request fuzz seed 0x\(String(seed, radix: 16)): \(totals.summary)")

        let neverSent = Set(RequestFuzzer.responseNames.keys).subtracting(totals.sent.keys)
        #expect(neverSent.isEmpty, "never sent: \(neverSent.sorted())")
        // Routing ran: tasks were created, reserved and accepted, and events pushed.
        #expect(totals.succeeded["create_task", default: 0] > 1)
        #expect(totals.succeeded["update_reservation", default: 0] > 0)
        #expect(totals.eventsPushed > 0)
    }
}

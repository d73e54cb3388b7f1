import AllotClient

/// Cycles started at a fixed open-loop rate, spread over the connections
/// in turn. A cycle starts at its scheduled time whether or not earlier
/// ones have finished, and every latency counts from that scheduled time,
/// so a stalled server shows up as latency rather than as fewer requests.
struct LatencyScenario: Scenario {
    let name = "latency"
    let primaryMeasure = Measure.cycle
    let rateCounter = CounterName.cycles
    let rateUnit = "cycles"

    /// Workers per connection when --workers is not given.
    static let defaultWorkerCount = 32

    func run(_ run: ScenarioRun) async throws -> ScenarioOutcome {
        let target = try run.requireTarget()
        let options = run.options
        let rate = options.rate ?? BenchOptions.defaultLatencyRate
        let workerCount = options.workers ?? Self.defaultWorkerCount
        let lanes = try await CycleLanes.open(run, target: target, workerCount: workerCount)
        defer { lanes.forEach { $0.close() } }
        let recorder = run.recorder
        let window = run.beginLoad()
        let watchdog = CycleLanes.watchdog(lanes, after: window.end + LoadWindow.drainTimeout)
        let outstanding = SharedCounter()
        var lateCount = 0
        await withDiscardingTaskGroup { group in
            var index = 0
            while true {
                let intended = window.start + .seconds(Double(index) / rate)
                guard intended < window.end else { break }
                if intended > .now {
                    try? await Task.sleep(until: intended, clock: .continuous)
                } else if ContinuousClock.now - intended > .milliseconds(1) {
                    lateCount += 1
                }
                // At the outstanding limit the schedule waits; the delay
                // still counts, because latencies start at `intended`.
                while outstanding.load() >= BenchLimits.maximumOutstandingCycles, ContinuousClock.now < window.end + LoadWindow.drainTimeout {
                    try? await Task.sleep(for: .milliseconds(1))
                }
                let lane = lanes[index % lanes.count]
                outstanding.add(1)
                group.addTask {
                    _ = await lane.runCycle(intended: intended, recorder: recorder)
                    outstanding.add(-1)
                }
                index += 1
            }
        }
        watchdog.cancel()
        run.endLoad()
        return ScenarioOutcome(settings: [
            "target_rate_per_second": "\(rate)",
            "workers_per_connection": "\(workerCount)",
            "starts_behind_schedule_over_1ms": "\(lateCount)",
        ])
    }
}

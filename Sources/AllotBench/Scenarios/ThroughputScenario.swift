import AllotClient

/// As many create, reserve, accept and complete cycles as the server
/// takes: `--connections` lanes, each with `--in-flight` cycles running
/// back to back.
struct ThroughputScenario: Scenario {
    let name = "throughput"
    let primaryMeasure = Measure.cycle
    let rateCounter = CounterName.cycles
    let rateUnit = "cycles"

    func run(_ run: ScenarioRun) async throws -> ScenarioOutcome {
        let target = try run.requireTarget()
        let options = run.options
        // One worker per cycle in flight, so that a task never waits for a worker.
        let workerCount = max(options.workers ?? options.inFlight, 1)
        let lanes = try await CycleLanes.open(run, target: target, workerCount: workerCount)
        defer { lanes.forEach { $0.close() } }
        let recorder = run.recorder
        let window = run.beginLoad()
        let watchdog = CycleLanes.watchdog(lanes, after: window.end + LoadWindow.drainTimeout)
        await withDiscardingTaskGroup { group in
            for lane in lanes {
                for _ in 0..<options.inFlight {
                    // At least one cycle per lane, as in the echo scenario.
                    group.addTask {
                        repeat {
                            guard await lane.runCycle(intended: .now, recorder: recorder) else { return }
                        } while ContinuousClock.now < window.end
                    }
                }
            }
        }
        watchdog.cancel()
        run.endLoad()
        return ScenarioOutcome(settings: ["workers_per_connection": "\(workerCount)"])
    }
}

/// Opening and guarding the lanes of the cycle scenarios.
enum CycleLanes {
    /// Opens `--connections` lanes, each with its own workspace.
    static func open(_ run: ScenarioRun, target: ServerTarget, workerCount: Int) async throws -> [CycleLane] {
        guard workerCount * run.options.connections <= BenchLimits.maximumWorkers else {
            throw BenchFailure("\(workerCount) workers on each of \(run.options.connections) connections exceed the limit of \(BenchLimits.maximumWorkers) workers; lower --workers, --in-flight or --connections")
        }
        var lanes: [CycleLane] = []
        for index in 0..<run.options.connections {
            lanes.append(try await CycleLane.open(target: target, name: "bench \(run.options.scenario?.name ?? "cycles") \(run.runID) lane \(index)", workerCount: workerCount,
                                             created: run.noteWorkspace))
        }
        return lanes
    }

    /// Closes the lanes at `deadline`, which ends every cycle still waiting
    /// for a reply or a reservation, unless canceled first.
    static func watchdog(_ lanes: [CycleLane], after deadline: ContinuousClock.Instant) -> Task<Void, Never> {
        Task {
            do {
                try await Task.sleep(until: deadline, clock: .continuous)
            } catch {
                return
            }
            lanes.forEach { $0.close() }
        }
    }
}

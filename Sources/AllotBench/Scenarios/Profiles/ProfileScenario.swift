import AllotClient
import AllotWire
import Foundation

/// A workspace file with simulated agents and Poisson arrivals from a
/// traffic profile: the contact-centre and helpline scenarios, or any
/// profile file. Reports call latencies and, per queue, service level,
/// average speed of answer, abandonment and occupancy.
struct ProfileScenario: Scenario {
    let name: String
    let profilePath: String
    let primaryMeasure = Measure.createTask
    let rateCounter = CounterName.tasksCreated
    let rateUnit = "tasks"

    func run(_ run: ScenarioRun) async throws -> ScenarioOutcome {
        let target = try run.requireTarget()
        let options = run.options
        let profile = try TrafficProfile.load(profilePath)
        let setup = try await ProfileSetup.prepare(profile, run: run, target: target)
        defer { setup.close() }
        let realRate = (options.rate ?? profile.arrivalRatePerSecond) * options.speed
        guard realRate > 0, realRate <= BenchLimits.maximumRealRatePerSecond else {
            throw BenchFailure("arrival rate \(realRate) tasks per real second is outside 0 to \(BenchLimits.maximumRealRatePerSecond); change --rate or --speed")
        }

        let window = run.beginLoad()
        let ledger = OperatorLedger(recorder: run.recorder, speed: options.speed,
                                    serviceLevelSeconds: profile.serviceLevelSeconds, measureStart: window.measureStart)
        let monitor = Self.monitorCancellations(setup, ledger: ledger, recorder: run.recorder)
        await withDiscardingTaskGroup { group in
            for agent in setup.agents {
                group.addTask { await agent.run(ledger: ledger, recorder: run.recorder) }
            }
            await ArrivalDispatcher(setup: setup, profile: profile, ratePerSecond: realRate, run: run)
                .run(until: window, ledger: ledger)
            // Arrivals stop at the window's end, and so do the agents.
            group.cancelAll()
        }
        monitor.cancel()
        run.endLoad()
        let figures = try await ProfileFigures.collect(setup: setup, ledger: ledger, measuredSeconds: run.measuredSeconds)
        var settings = [
            "workspace": setup.applied.workspaceName,
            "agents": "\(setup.agents.count)",
            "agent_connections": options.agentConnections == 0 ? "one per agent" : "\(options.agentConnections)",
            "arrival_rate_per_second": "\(options.rate ?? profile.arrivalRatePerSecond)",
            "speed": "\(options.speed)",
            "service_level_seconds": "\(profile.serviceLevelSeconds)",
        ]
        settings["untracked_tasks"] = ledger.untrackedCount > 0 ? "\(ledger.untrackedCount)" : nil
        return ScenarioOutcome(settings: settings, queues: figures.queues, overall: figures.overall)
    }

    /// Counts the tasks the engine cancels, which are abandoned: the bench
    /// never cancels a task itself.
    private static func monitorCancellations(_ setup: ProfileSetup, ledger: OperatorLedger, recorder: Recorder) -> Task<Void, Never> {
        Task {
            do {
                let events = try await setup.monitor.events(workspace: setup.applied.workspaceSID, eventTypes: ["task.canceled"])
                for try await event in events {
                    ledger.canceled(event.taskSID, queueSID: event.taskQueueSID)
                    recorder.count(ProfileCounter.abandoned)
                }
            } catch {
                // Canceled at the end of the run.
            }
        }
    }
}

/// The Poisson arrival process of a profile run: open loop, so each task
/// is created at its scheduled time whether or not earlier creates have
/// been answered, and its create latency counts from that time.
struct ArrivalDispatcher: Sendable {
    let setup: ProfileSetup
    let profile: TrafficProfile
    let ratePerSecond: Double
    let run: ScenarioRun

    func run(until window: LoadWindow, ledger: OperatorLedger) async {
        var generator = SeededGenerator(seed: run.options.seed)
        let weights = profile.tasks.map(\.weight)
        let timeoutSeconds = UInt32(max(1, (profile.taskTimeoutSeconds / run.options.speed).rounded()))
        let outstanding = SharedCounter()
        let recorder = run.recorder
        await withDiscardingTaskGroup { group in
            var intended = window.start
            var index = 0
            while true {
                intended += Sampling.poissonGap(ratePerSecond: ratePerSecond, using: &generator)
                guard intended < window.end, !Task.isCancelled else { break }
                if intended > .now { try? await Task.sleep(until: intended, clock: .continuous) }
                while outstanding.load() >= BenchLimits.maximumOutstandingCycles, ContinuousClock.now < window.end {
                    try? await Task.sleep(for: .milliseconds(1))
                }
                let kindIndex = Sampling.weightedIndex(weights, using: &generator)
                let kind = setup.taskKinds[kindIndex]
                let connection = setup.dispatchers[index % setup.dispatchers.count]
                let start = intended
                outstanding.add(1)
                group.addTask {
                    defer { outstanding.add(-1) }
                    do {
                        let task = try await connection.createTask(Wire.CreateTaskRequest(
                            workspaceSID: setup.applied.workspaceSID, attributes: kind.attributes, priority: kind.priority,
                            timeout: timeoutSeconds, taskChannel: kind.taskChannel, workflowSID: setup.workflowSID))
                        recorder.record(Measure.createTask, .now - start)
                        recorder.count(CounterName.calls)
                        recorder.count(CounterName.tasksCreated)
                        ledger.created(task.sid, at: start, kindIndex: kindIndex)
                    } catch {
                        recorder.countError(error)
                    }
                }
                index += 1
            }
        }
        // The load lasts the whole window, not until the last arrival in it.
        try? await Task.sleep(until: window.end, clock: .continuous)
    }
}

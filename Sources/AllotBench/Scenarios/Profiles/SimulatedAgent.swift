import AllotClient
import AllotWire

/// One simulated agent: an SDK worker session that subscribes to its
/// reservations, becomes available, and for each offer waits a think time,
/// accepts, waits a handle time and completes. Offers are handled
/// concurrently, up to the capacity the engine allows the worker. After
/// each completed task the agent makes itself available again, as an agent
/// application does when a queue's assignment activity moved the worker
/// out of "Available".
struct SimulatedAgent: Sendable {
    let session: WorkerSession
    let profile: TrafficProfile
    let speed: Double
    let seed: UInt64

    /// Serves offers until the calling task is canceled.
    func run(ledger: OperatorLedger, recorder: Recorder) async {
        let offers: EventStream
        let availableSID: String
        do {
            offers = try await session.connection.reservationEvents(
                workspace: session.workspaceSID, worker: session.workerSID, eventTypes: ["reservation.created"])
            availableSID = try await session.connection.activity(named: "Available", in: session.workspaceSID).sid
            _ = try await session.setActivity(availableSID)
            recorder.count(CounterName.calls, by: 3)
        } catch where error.code == .cancelled {
            return
        } catch {
            recorder.countError(error)
            return
        }
        var generator = SeededGenerator(seed: seed)
        await withDiscardingTaskGroup { group in
            do {
                for try await event in offers {
                    let arrival = ContinuousClock.now
                    ledger.reserved(event.taskSID, queueSID: event.taskQueueSID, at: arrival)
                    let handling = generator.split()
                    group.addTask {
                        await handle(event, arrivedAt: arrival, generator: handling, availableSID: availableSID, ledger: ledger, recorder: recorder)
                    }
                }
            } catch {
                // Canceled at the end of the run, or the stream failed for good.
            }
        }
    }

    private func handle(_ event: Wire.Event, arrivedAt arrival: ContinuousClock.Instant, generator: SeededGenerator,
                        availableSID: String, ledger: OperatorLedger, recorder: Recorder) async {
        var generator = generator
        let workspace = session.workspaceSID
        let connection = session.connection
        do {
            try await Task.sleep(for: simulated(Sampling.seconds(profile.thinkTime, using: &generator)))
            let acceptStart = ContinuousClock.now
            _ = try await connection.acceptReservation(event.reservationSID, in: workspace)
            let accepted = ContinuousClock.now
            recorder.record(Measure.acceptReservation, accepted - acceptStart)
            recorder.count(CounterName.calls)
            ledger.answered(event.taskSID, queueSID: event.taskQueueSID, at: accepted)

            let kind = ledger.kindIndex(of: event.taskSID).map { profile.tasks[$0] }
            let handleTime = kind?.handleTime ?? profile.handleTime
            do {
                try await Task.sleep(for: simulated(Sampling.seconds(handleTime, using: &generator)))
            } catch {
                ledger.finished(event.taskSID, queueSID: event.taskQueueSID, busyFrom: accepted, until: .now)
                return
            }
            let completeStart = ContinuousClock.now
            _ = try await connection.completeTask(event.taskSID, in: workspace, reason: "handled by allot-bench")
            let completed = ContinuousClock.now
            recorder.record(Measure.completeTask, completed - completeStart)
            recorder.count(CounterName.calls)
            recorder.count(ProfileCounter.completed)
            ledger.finished(event.taskSID, queueSID: event.taskQueueSID, busyFrom: accepted, until: completed)
            _ = try await session.setActivity(availableSID)
            recorder.count(CounterName.calls)
        } catch is CancellationError {
            return
        } catch let error as AllotError where error.code == .cancelled {
            return
        } catch {
            // The offer ended before the accept (reservation timeout, task
            // canceled by its time to live), or a call failed.
            recorder.count(ProfileCounter.acceptsFailed)
        }
    }

    private func simulated(_ seconds: Double) -> Duration {
        .seconds(seconds / speed)
    }
}

/// Counters of the traffic profile scenarios.
enum ProfileCounter {
    /// Tasks the agents completed.
    static let completed = "tasks_completed"
    /// Accepts or completes that failed, mostly offers that timed out while the agent was thinking.
    static let acceptsFailed = "accepts_failed"
    /// Tasks the engine canceled because their time to live ran out.
    static let abandoned = "tasks_abandoned"
}

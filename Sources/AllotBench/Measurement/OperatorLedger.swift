import Synchronization

/// The operator figures of a traffic profile run: per task, when it was
/// created, first reserved and answered; per queue, the tallies that give
/// service level, average speed of answer, abandonment and occupancy.
///
/// Calls and events reach the ledger in any order (the reservation event
/// can beat the create call's reply), so each task's entry fills in as its
/// parts arrive and is tallied once both ends of a span are known. Only
/// tasks created after the warm-up count. Simulated spans are the real
/// span times `speed`.
final class OperatorLedger: Sendable {
    private struct TaskEntry {
        var created: ContinuousClock.Instant?
        var kindIndex: Int?
        var reserved: (instant: ContinuousClock.Instant, queueSID: String)?
        var answered: (instant: ContinuousClock.Instant, queueSID: String)?
        var waitCounted = false
        var answerCounted = false
        var ended = false
    }

    /// Running totals of one queue.
    struct QueueTally: Sendable {
        var reservedCount: UInt64 = 0
        var answeredCount: UInt64 = 0
        var answeredInServiceLevelCount: UInt64 = 0
        var abandonedCount: UInt64 = 0
        var answerSecondsSum: Double = 0
        /// Simulated time from creation to first reservation.
        var queueWait = LatencyHistogram()
        /// Real time agents spent between accept and complete on this queue's tasks.
        var busySeconds: Double = 0
    }

    private struct State {
        var tasks: [String: TaskEntry] = [:]
        var queues: [String: QueueTally] = [:]
        var untrackedCount: UInt64 = 0
    }

    private let state = Mutex(State())
    private let recorder: Recorder
    private let speed: Double
    private let serviceLevelSeconds: Double
    private let measureStart: ContinuousClock.Instant

    init(recorder: Recorder, speed: Double, serviceLevelSeconds: Double, measureStart: ContinuousClock.Instant) {
        self.recorder = recorder
        self.speed = speed
        self.serviceLevelSeconds = serviceLevelSeconds
        self.measureStart = measureStart
    }

    /// Records that the dispatcher created `taskSID` of kind `kindIndex`, intended at `instant`.
    func created(_ taskSID: String, at instant: ContinuousClock.Instant, kindIndex: Int) {
        update(taskSID) { entry in
            entry.created = instant
            entry.kindIndex = kindIndex
        }
    }

    /// Records that a reservation event of `taskSID` reached an agent; the first one counts.
    func reserved(_ taskSID: String, queueSID: String, at instant: ContinuousClock.Instant) {
        update(taskSID) { entry in
            if entry.reserved == nil { entry.reserved = (instant, queueSID) }
        }
    }

    /// Records that an agent accepted `taskSID`.
    func answered(_ taskSID: String, queueSID: String, at instant: ContinuousClock.Instant) {
        update(taskSID) { entry in
            if entry.answered == nil { entry.answered = (instant, queueSID) }
        }
    }

    /// Returns the task kind the dispatcher recorded for `taskSID`, if known yet.
    func kindIndex(of taskSID: String) -> Int? {
        state.withLock { $0.tasks[taskSID]?.kindIndex }
    }

    /// Records that an agent completed `taskSID` after `busyFrom`, or was stopped while handling it.
    func finished(_ taskSID: String, queueSID: String, busyFrom: ContinuousClock.Instant, until end: ContinuousClock.Instant) {
        let start = max(busyFrom, measureStart)
        let busy = end > start ? (end - start).seconds : 0
        state.withLock { state in
            state.queues[queueSID, default: QueueTally()].busySeconds += busy
        }
        update(taskSID) { $0.ended = true }
    }

    /// Records that the engine canceled `taskSID` because its time to live ran out.
    func canceled(_ taskSID: String, queueSID: String) {
        state.withLock { state in
            guard var entry = state.tasks[taskSID] else { return }
            if let created = entry.created, created >= measureStart, entry.answered == nil {
                state.queues[queueSID, default: QueueTally()].abandonedCount += 1
            }
            entry.ended = true
            state.tasks[taskSID] = entry.created == nil ? entry : nil
        }
    }

    /// The tallies per queue SID.
    var queueTallies: [String: QueueTally] {
        state.withLock { $0.queues }
    }

    /// Tasks not timed because `BenchLimits.maximumTrackedTasks` were open.
    var untrackedCount: UInt64 {
        state.withLock { $0.untrackedCount }
    }

    /// Applies `change` to the task's entry, then tallies what became known.
    private func update(_ taskSID: String, _ change: (inout TaskEntry) -> Void) {
        var spans: [(measure: String, duration: Duration)] = []
        state.withLock { state in
            guard state.tasks[taskSID] != nil || state.tasks.count < BenchLimits.maximumTrackedTasks else {
                state.untrackedCount += 1
                return
            }
            var entry = state.tasks[taskSID] ?? TaskEntry()
            change(&entry)
            spans = tally(&entry, into: &state)
            state.tasks[taskSID] = entry.ended && entry.created != nil ? nil : entry
        }
        for span in spans {
            recorder.record(span.measure, span.duration)
        }
    }

    /// Counts the queue wait and the answer once their ends are known;
    /// returns the spans for the recorder.
    private func tally(_ entry: inout TaskEntry, into state: inout State) -> [(measure: String, duration: Duration)] {
        guard let created = entry.created else { return [] }
        var spans: [(measure: String, duration: Duration)] = []
        let measured = created >= measureStart
        if !entry.waitCounted, let reserved = entry.reserved {
            entry.waitCounted = true
            let real = reserved.instant - created
            spans.append((Measure.reservationEvent, real))
            if measured {
                let simulated = real * speed
                spans.append((Measure.queueWait, simulated))
                state.queues[reserved.queueSID, default: QueueTally()].reservedCount += 1
                state.queues[reserved.queueSID, default: QueueTally()].queueWait.record(simulated)
            }
        }
        if !entry.answerCounted, let answered = entry.answered {
            entry.answerCounted = true
            let simulated = (answered.instant - created) * speed
            if measured {
                spans.append((Measure.answer, simulated))
                var tally = state.queues[answered.queueSID, default: QueueTally()]
                tally.answeredCount += 1
                tally.answerSecondsSum += simulated.seconds
                if simulated.seconds <= serviceLevelSeconds { tally.answeredInServiceLevelCount += 1 }
                state.queues[answered.queueSID] = tally
            }
        }
        return spans
    }
}

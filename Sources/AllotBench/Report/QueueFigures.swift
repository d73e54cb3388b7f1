import AllotWire

/// The operator figures of one queue, or of all queues together.
/// Times are simulated seconds (real seconds × --speed).
struct QueueFigures: Sendable, Equatable, Codable {
    var queue: String
    var queueSID: String
    /// Tasks whose first reservation came from this queue.
    var reservedCount: UInt64
    /// Tasks an agent accepted from this queue.
    var answeredCount: UInt64
    /// Tasks canceled by their time to live while waiting here.
    var abandonedCount: UInt64
    /// Share of answered and abandoned tasks that were answered within the threshold.
    var serviceLevel: Double?
    /// Mean time from creation to the agent's accept.
    var averageSpeedOfAnswerSeconds: Double?
    var queueWaitP50Seconds: Double
    var queueWaitP90Seconds: Double
    var queueWaitP99Seconds: Double
    var queueWaitMaxSeconds: Double
    /// Workers the queue's target_workers expression selects, from the
    /// server's real-time statistics at the end of the run.
    var eligibleWorkerCount: UInt64
    /// Agent time spent on this queue's tasks over eligible workers × run time.
    var occupancy: Double?

    enum CodingKeys: String, CodingKey {
        case queue, queueSID = "queue_sid", reservedCount = "reserved", answeredCount = "answered"
        case abandonedCount = "abandoned", serviceLevel = "service_level"
        case averageSpeedOfAnswerSeconds = "average_speed_of_answer_s"
        case queueWaitP50Seconds = "queue_wait_p50_s", queueWaitP90Seconds = "queue_wait_p90_s"
        case queueWaitP99Seconds = "queue_wait_p99_s", queueWaitMaxSeconds = "queue_wait_max_s"
        case eligibleWorkerCount = "eligible_workers", occupancy
    }
}

/// Turns the ledger's tallies into per-queue figures after a profile run.
enum ProfileFigures {
    /// Builds the figures, asking the server how many workers each queue selects.
    static func collect(setup: ProfileSetup, ledger: OperatorLedger, measuredSeconds: Double) async throws -> (queues: [QueueFigures], overall: QueueFigures) {
        let tallies = ledger.queueTallies
        let queueNames = setup.applied.sids["task_queue"] ?? [:]
        var rows: [QueueFigures] = []
        var total = OperatorLedger.QueueTally()
        for (name, sid) in queueNames.sorted(by: { $0.key < $1.key }).prefix(BenchLimits.maximumReportedQueues) {
            let statistics = try await setup.monitor.fetchTaskQueueRealTimeStatistics(Wire.FetchTaskQueueRealTimeStatisticsRequest(
                workspaceSID: setup.applied.workspaceSID, taskQueueSID: sid))
            let tally = tallies[sid] ?? OperatorLedger.QueueTally()
            rows.append(figures(name, sid: sid, tally: tally, eligible: statistics.totalEligibleWorkers, measuredSeconds: measuredSeconds))
            total.add(tally)
        }
        if let unqueued = tallies[""] {
            rows.append(figures("(no queue)", sid: "", tally: unqueued, eligible: 0, measuredSeconds: measuredSeconds))
            total.add(unqueued)
        }
        let overall = figures("all queues", sid: "", tally: total, eligible: UInt64(setup.agents.count), measuredSeconds: measuredSeconds)
        return (rows, overall)
    }

    static func figures(_ name: String, sid: String, tally: OperatorLedger.QueueTally, eligible: UInt64, measuredSeconds: Double) -> QueueFigures {
        let offered = tally.answeredCount + tally.abandonedCount
        let capacitySeconds = Double(eligible) * measuredSeconds
        return QueueFigures(
            queue: name,
            queueSID: sid,
            reservedCount: tally.reservedCount,
            answeredCount: tally.answeredCount,
            abandonedCount: tally.abandonedCount,
            serviceLevel: offered == 0 ? nil : Double(tally.answeredInServiceLevelCount) / Double(offered),
            averageSpeedOfAnswerSeconds: tally.answeredCount == 0 ? nil : tally.answerSecondsSum / Double(tally.answeredCount),
            queueWaitP50Seconds: seconds(tally.queueWait.valueAt(percentile: 50)),
            queueWaitP90Seconds: seconds(tally.queueWait.valueAt(percentile: 90)),
            queueWaitP99Seconds: seconds(tally.queueWait.valueAt(percentile: 99)),
            queueWaitMaxSeconds: seconds(tally.queueWait.maximumNanoseconds),
            eligibleWorkerCount: eligible,
            occupancy: capacitySeconds > 0 ? tally.busySeconds / capacitySeconds : nil
        )
    }

    private static func seconds(_ nanoseconds: UInt64) -> Double {
        Double(nanoseconds) / 1e9
    }
}

extension OperatorLedger.QueueTally {
    /// Adds another queue's tally, for the figures over all queues.
    mutating func add(_ other: OperatorLedger.QueueTally) {
        reservedCount += other.reservedCount
        answeredCount += other.answeredCount
        answeredInServiceLevelCount += other.answeredInServiceLevelCount
        abandonedCount += other.abandonedCount
        answerSecondsSum += other.answerSecondsSum
        queueWait.merge(other.queueWait)
        busySeconds += other.busySeconds
    }
}

@testable import AllotCore

/// One seeded random sequence run against the engine and the reference model
/// side by side. After every call it checks the engine's invariants and
/// compares both routing states. The first difference ends the run with a
/// report of the seed, the configuration and the operation log.
final class ModelCheckRun {
    static let account = "AC" + String(repeating: "0", count: 31) + "7"
    /// Model time 0 in Unix seconds.
    static let epochSeconds: Int64 = 1_700_000_000
    static let maximumWorkers = 8
    static let maximumActivities = 6

    let seed: UInt64
    var random: ScenarioRandom
    let configuration: ScenarioConfiguration
    var model: ReferenceModel
    let engine: Engine
    let workspace: String
    var time = 0
    var log: [String] = []
    var activitySids: [String] = []
    var queueSids: [String] = []
    var workerSids: [String] = []
    /// Engine SIDs of the model's tasks by task number. A rejected create has none.
    var taskSids: [Int: String] = [:]
    /// Engine SIDs of the model's reservations, by reservation number.
    var reservationSids: [Int: String] = [:]
    /// Short readable names of SIDs for reports.
    var names: [String: String] = [:]
    /// Whether to print each step's engine events, for studying one seed.
    var tracesEvents = false
    var lastEventSequence: UInt64 = 0

    init(seed: UInt64) throws {
        self.seed = seed
        random = ScenarioRandom(seed: seed)
        configuration = ScenarioConfiguration.random(&random)
        model = ReferenceModel(configuration: configuration)

        var limits = EngineLimits()
        limits.maximumAssignmentCount = configuration.maximumAssignmentCount
        limits.assignedTaskLifetimeSeconds = configuration.assignedTaskLifetimeSeconds
        limits.finishedTaskRetentionSeconds = configuration.finishedTaskRetentionSeconds
        // A short ring keeps the invariant check after every call cheap. The
        // trace reads each step's events before they are overwritten.
        limits.eventRingCapacity = 200
        engine = Engine(configuration: EngineConfiguration(shardCount: 2, limits: limits,
                                                           reofferRejectedTasks: configuration.reoffersRejectedTasks))
        var request = CreateWorkspaceRequest(friendlyName: "Model check \(seed)")
        request.multiTaskEnabled = configuration.multiTaskEnabled
        request.prioritizeQueueOrder = configuration.prioritizesLIFO ? "LIFO" : "FIFO"
        workspace = try engine.createWorkspace(request, account: Self.account, now: Self.timestamp(0)).value.sid
        try setUpResources()
    }

    static func timestamp(_ seconds: Int) -> Timestamp {
        Timestamp(unixSeconds: epochSeconds + Int64(seconds))
    }

    var now: Timestamp { Self.timestamp(time) }

    private func setUpResources() throws {
        for (index, activity) in ScenarioConfiguration.initialActivities.enumerated() {
            let page = try engine.listActivities(workspace: workspace, ListActivitiesRequest(friendlyName: activity.name),
                                                 account: Self.account)
            guard let sid = page.items.first?.sid else { preconditionFailure("workspace lacks activity \(activity.name)") }
            activitySids.append(sid)
            names[sid] = "A\(index)"
        }
        if configuration.chatIsChannelOptimized {
            _ = try engine.updateTaskChannel(workspace: workspace, sid: "chat",
                                             UpdateTaskChannelRequest(channelOptimizedRouting: true),
                                             account: Self.account, now: now)
        }
        for (index, queue) in configuration.queues.enumerated() {
            let request = CreateTaskQueueRequest(
                friendlyName: "Q\(index)", targetWorkers: queue.targetWorkers.description,
                reservationActivitySid: queue.reservationActivity.map { activitySids[$0] },
                assignmentActivitySid: queue.assignmentActivity.map { activitySids[$0] },
                maxReservedWorkers: queue.maxReservedWorkers, taskOrder: queue.isLIFO ? "LIFO" : "FIFO")
            let sid = try engine.createTaskQueue(workspace: workspace, request, account: Self.account, now: now).value.sid
            queueSids.append(sid)
            names[sid] = "Q\(index)"
        }
        let workflow = CreateWorkflowRequest(friendlyName: "Routing", configuration: configuration.workflowJSON(queueSids: queueSids),
                                             taskReservationTimeout: configuration.reservationTimeoutSeconds)
        _ = try engine.createWorkflow(workspace: workspace, workflow, account: Self.account, now: now)
        engine.checkInvariants()
    }

    /// Runs `steps` random operations and returns a failure report, or nil
    /// when both implementations agreed throughout.
    func run(steps: Int) -> String? {
        for step in 0..<steps {
            let operation = ScenarioOperation.random(&random, model: model) { self.reservationSids[$0] != nil }
            if random.chance(0.3) { time += random.int(1...20) }
            log.append("\(step): t=\(time) \(operation.description)")
            do {
                let (expected, actual) = try perform(operation)
                if case .failure(let code) = expected { model.ruleCounts["call failed with \(code)", default: 0] += 1 }
                if expected != actual {
                    return report("outcome differs: reference \(expected), engine \(actual)")
                }
            } catch {
                return report("the test's own call failed: \(error)")
            }
            engine.checkInvariants()
            if tracesEvents { printEvents(step: step) }
            if let difference = compare() { return report(difference) }
        }
        return nil
    }

    /// Prints the events the engine appended since the last call, with short names.
    func printEvents(step: Int) {
        guard let events = try? engine.events(workspace: workspace, after: lastEventSequence, deliveredOnly: false,
                                              account: Self.account) else { return }
        print(log[step])
        for event in events {
            lastEventSequence = event.sequence
            let seconds = event.timestamp.unixMilliseconds / 1_000 - Self.epochSeconds
            let parts = [event.data.taskSid, event.data.workerSid, event.data.taskQueueSid].compactMap { $0.map { names[$0] ?? $0 } }
            print("    t=\(seconds) \(event.type.rawValue) \(names[event.resourceSid] ?? event.resourceSid) \(parts.joined(separator: " "))")
        }
    }

    func report(_ problem: String) -> String {
        """
        Model check failed for seed \(seed) (rerun with ALLOT_MODEL_SEED=\(seed)): \(problem)
        configuration:
        \(configuration)
        operations:
        \(log.joined(separator: "\n"))
        """
    }

    /// Compares the routing states and, when they agree, learns the engine's
    /// SIDs of new reservations by their position in each task's list.
    func compare() -> String? {
        let (actual, engineReservationSids) = engine.routingSnapshot(workspace: workspace)
        let expected = expectedSnapshot()
        guard actual == expected else {
            return "states differ after the last operation:\n"
                + actual.differences(fromExpected: expected, names: names).joined(separator: "\n")
        }
        for (task, sid) in taskSids where !model.tasks[task].isRemoved {
            guard let sids = engineReservationSids[sid] else { continue }
            for (reservation, reservationSid) in zip(model.reservations(of: task), sids) where reservationSids[reservation] == nil {
                reservationSids[reservation] = reservationSid
                names[reservationSid] = "R\(reservation)"
            }
        }
        return nil
    }

    func expectedSnapshot() -> RoutingSnapshot {
        var snapshot = RoutingSnapshot()
        for (task, sid) in taskSids where !model.tasks[task].isRemoved {
            let record = model.tasks[task]
            snapshot.tasks[sid] = RoutingSnapshot.Task(
                status: record.status, reason: record.status == .canceled ? record.reason : nil,
                queueSid: record.queue.map { queueSids[$0] }, priority: record.priority,
                reservations: model.reservations(of: task).map {
                    RoutingSnapshot.Reservation(workerSid: workerSids[model.reservations[$0].worker],
                                                status: model.reservations[$0].status)
                })
        }
        for (worker, sid) in workerSids.enumerated() {
            snapshot.workerActivities[sid] = activitySids[model.workers[worker].activity]
        }
        return snapshot
    }
}

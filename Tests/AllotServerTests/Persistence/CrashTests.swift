import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Kills a server under load with `--fsync always` and checks, after a restart on the same
/// data folder, that every acknowledged mutation is there and no mutation is half-applied.
@Suite(.serialized) struct CrashTests {
    static let clientCount = 3
    /// Workers able to take the tasks, so that reservations and accepts happen under load.
    static let workerCount = 4
    /// Acknowledged mutations to wait for before the seeded delay to the kill starts.
    static let acknowledgedBeforeKill = 50

    @Test(arguments: [3, 17, 42, 2_024] as [UInt64])
    func acknowledgedMutationsSurviveKill(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let folder = RestartTests.temporaryFolder()
        // Snapshots every second, so that kills also land during snapshots and after them.
        let first = try ServerProcess(extraArguments: ["--fsync", "always", "--snapshot-interval", "1"], dataDirectory: folder, removesDataDirectory: true)
        let setup = try EngineClient(first)
        let fixture = try RoutingFixture(setup)
        try Self.addWorkers(setup, fixture)

        let ledger = MutationLedger()
        let stop = StopFlag()
        let group = DispatchGroup()
        for index in 0..<Self.clientCount {
            group.enter()
            let (port, credentials) = (first.port, first.credentials)
            Thread.detachNewThread {
                var client = LoadClient(index: index, seed: seed, fixture: fixture, ledger: ledger)
                client.run(port: port, credentials: credentials, stop: stop)
                group.leave()
            }
        }
        // The kill comes at a seeded moment after the load is running, whatever the machine's speed.
        let loadStart = Date()
        while ledger.snapshot.acknowledgedCount < Self.acknowledgedBeforeKill, Date().timeIntervalSince(loadStart) < 60 {
            Thread.sleep(forTimeInterval: 0.01)
        }
        Thread.sleep(forTimeInterval: Double(Int.random(in: 0...1_200, using: &generator)) / 1_000)
        first.kill()
        stop.set()
        group.wait()
        let state = ledger.snapshot
        #expect(state.acknowledgedCount > 0, "seed \(seed): no mutation was acknowledged before the kill")

        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let client = try EngineClient(second)
        let tasks = try Self.listTasks(client, fixture.workspaceSID)
        Self.checkAcknowledged(tasks, state, seed: seed)
        Self.checkUnacknowledged(tasks, state, seed: seed)
        try Self.checkReservations(client, fixture, tasks, seed: seed)
        try Self.checkStatistics(client, fixture, tasks, seed: seed)
        _ = try fixture.createTask(client)
        withExtendedLifetime(first) {}
    }

    /// Adds workers with the queue's skill, in the Available activity.
    static func addWorkers(_ client: EngineClient, _ fixture: RoutingFixture) throws {
        for index in 1..<workerCount {
            guard case .worker(let worker) = try client.ok(.createWorker(Wire.CreateWorkerRequest(
                workspaceSID: fixture.workspaceSID, friendlyName: "Agent \(index)", attributes: #"{"skills": ["support"]}"#))) else {
                throw TestFailure("create_worker did not return a worker")
            }
            try client.ok(.updateWorker(Wire.UpdateWorkerRequest(
                workspaceSID: fixture.workspaceSID, workerSID: worker.sid, activitySID: fixture.availableActivity.sid)))
        }
    }

    static func listTasks(_ client: EngineClient, _ workspace: String) throws -> [String: Wire.Task] {
        var tasks: [String: Wire.Task] = [:]
        var token = ""
        repeat {
            guard case .taskPage(let page) = try client.ok(.listTasks(Wire.ListTasksRequest(
                workspaceSID: workspace, pageSize: 1_000, pageToken: token))) else {
                throw TestFailure("list_tasks did not return a task page")
            }
            // A listed task leaves its attributes out, so each is fetched.
            for listed in page.tasks {
                guard case .task(var task) = try client.ok(.fetchTask(Wire.FetchTaskRequest(
                    workspaceSID: workspace, taskSID: listed.sid))) else {
                    throw TestFailure("fetch_task did not return a task")
                }
                // The age grows with the clock, so two lists taken a second apart differ in it
                // alone. Callers compare states before and after a restart.
                task.age = 0
                tasks[task.sid] = task
            }
            token = page.nextPageToken
        } while !token.isEmpty
        return tasks
    }

    /// Checks that each acknowledged task is present as its last acknowledged reply left it,
    /// or as the mutation in flight for it would leave it.
    static func checkAcknowledged(_ tasks: [String: Wire.Task], _ state: MutationLedger.State, seed: UInt64) {
        for expected in state.tasks.values {
            guard let task = tasks[expected.sid] else {
                Issue.record("seed \(seed): acknowledged task \(expected.sid) (\(expected.marker)) is missing after the restart")
                continue
            }
            let change = state.inFlight.values.first { $0.taskSID == expected.sid }
            var fields = [(expected.attributes, expected.priority)]
            if case .update(_, let attributes, let priority)? = change { fields.append((attributes, priority)) }
            #expect(fields.contains { sameJSON($0.0, task.attributes) && $0.1 == task.priority },
                    "seed \(seed): task \(task.sid) has attributes \(task.attributes) and priority \(task.priority), expected \(fields)")
            #expect(allowedStatuses(expected.status, change).contains(task.assignmentStatus),
                    "seed \(seed): task \(task.sid) is \(task.assignmentStatus) but was acknowledged \(expected.status), in flight \(String(describing: change))")
            #expect(task.version >= expected.version,
                    "seed \(seed): task \(task.sid) has version \(task.version), below the acknowledged \(expected.version)")
        }
    }

    /// Returns the statuses a task acknowledged in `status` may have after a restart.
    static func allowedStatuses(_ status: Wire.AssignmentStatus, _ change: LoadMutation?) -> [Wire.AssignmentStatus] {
        var allowed: [Wire.AssignmentStatus] = switch status {
        // The engine reserves and re-queues tasks on its own as workers free up.
        case .pending, .reserved: [.pending, .reserved]
        default: [status]
        }
        switch change {
        case .accept?: allowed.append(.assigned)
        case .complete?: allowed.append(.completed)
        case .cancel?: allowed.append(.canceled)
        default: break
        }
        return allowed
    }

    /// Checks that every task no reply acknowledged is a create in flight at the kill, whole.
    static func checkUnacknowledged(_ tasks: [String: Wire.Task], _ state: MutationLedger.State, seed: UInt64) {
        let creates: [(attributes: String, priority: Int64)] = state.inFlight.values.compactMap {
            guard case .create(_, let attributes, let priority) = $0 else { return nil }
            return (attributes, priority)
        }
        for task in tasks.values where state.tasks[task.sid] == nil {
            #expect(creates.contains { sameJSON($0.attributes, task.attributes) && $0.priority == task.priority },
                    "seed \(seed): task \(task.sid) with \(task.attributes) was never acknowledged and matches no create in flight")
        }
    }

    /// Checks each task's status against its reservations, and each worker's capacity.
    static func checkReservations(_ client: EngineClient, _ fixture: RoutingFixture, _ tasks: [String: Wire.Task],
                                  seed: UInt64) throws {
        var heldByWorker: [String: Int] = [:]
        for task in tasks.values {
            guard case .reservationPage(let page) = try client.ok(.listTaskReservations(Wire.ListTaskReservationsRequest(
                workspaceSID: fixture.workspaceSID, taskSID: task.sid))) else {
                throw TestFailure("list_task_reservations did not return a page")
            }
            let pending = page.reservations.filter { $0.reservationStatus == .pending }
            let accepted = page.reservations.filter { $0.reservationStatus == .accepted }
            for reservation in pending + accepted { heldByWorker[reservation.workerSID, default: 0] += 1 }
            let statuses = page.reservations.map(\.reservationStatus)
            let context = "seed \(seed): \(task.assignmentStatus) task \(task.sid) has reservations \(statuses)"
            switch task.assignmentStatus {
            case .assigned:
                #expect(accepted.count == 1, "\(context)")
                #expect(pending.isEmpty, "\(context)")
            case .reserved:
                #expect(!pending.isEmpty, "\(context)")
                #expect(accepted.isEmpty, "\(context)")
            default:
                #expect(pending.isEmpty, "\(context)")
                #expect(accepted.isEmpty, "\(context)")
            }
        }
        for (worker, count) in heldByWorker {
            #expect(count <= 1, "seed \(seed): worker \(worker) holds \(count) reservations with a capacity of 1")
        }
    }

    /// Checks that the restored statistics agree with the restored tasks.
    static func checkStatistics(_ client: EngineClient, _ fixture: RoutingFixture, _ tasks: [String: Wire.Task],
                                seed: UInt64) throws {
        guard case .workspaceRealTimeStatistics(let statistics) = try client.ok(.fetchWorkspaceRealTimeStatistics(
            Wire.FetchWorkspaceRealTimeStatisticsRequest(workspaceSID: fixture.workspaceSID))),
              let byStatus = statistics.tasksByStatus else {
            throw TestFailure("fetch_workspace_real_time_statistics did not return statistics")
        }
        func count(_ status: Wire.AssignmentStatus) -> UInt64 {
            UInt64(tasks.values.filter { $0.assignmentStatus == status }.count)
        }
        #expect(byStatus.pending == count(.pending), "seed \(seed): statistics count \(byStatus.pending) pending tasks")
        #expect(byStatus.reserved == count(.reserved), "seed \(seed): statistics count \(byStatus.reserved) reserved tasks")
        #expect(byStatus.assigned == count(.assigned), "seed \(seed): statistics count \(byStatus.assigned) assigned tasks")
    }
}

/// Returns whether two JSON texts contain the same value, whatever their spacing and key order.
func sameJSON(_ left: String, _ right: String) -> Bool {
    guard let first = try? JSONSerialization.jsonObject(with: Data(left.utf8)) as? NSDictionary,
          let second = try? JSONSerialization.jsonObject(with: Data(right.utf8)) as? NSDictionary else { return left == right }
    return first.isEqual(second)
}

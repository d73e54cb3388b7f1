import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Restarts a populated server, gracefully and after a kill, and compares everything the API
/// returns. Also checks that an armed reservation timeout still fires at its stored deadline.
@Suite struct RoundTripTests {
    /// What the API returns about one workspace, with the task ages, which grow with the
    /// clock, set to zero.
    struct WorkspaceView: Equatable {
        var activities: [Wire.Activity] = []
        var channels: [Wire.TaskChannel] = []
        var workers: [Wire.Worker] = []
        var queues: [Wire.TaskQueue] = []
        var workflows: [Wire.Workflow] = []
        var tasks: [Wire.Task] = []
        var reservations: [String: [Wire.Reservation]] = [:]
        var tasksByStatus: Wire.TasksByStatus?

        init(_ client: EngineClient, workspace: String) throws {
            guard case .activityPage(let activities) = try client.ok(.listActivities(Wire.ListActivitiesRequest(workspaceSID: workspace))),
                  case .taskChannelPage(let channels) = try client.ok(.listTaskChannels(Wire.ListTaskChannelsRequest(workspaceSID: workspace))),
                  case .workerPage(let workers) = try client.ok(.listWorkers(Wire.ListWorkersRequest(workspaceSID: workspace))),
                  case .taskQueuePage(let queues) = try client.ok(.listTaskQueues(Wire.ListTaskQueuesRequest(workspaceSID: workspace))),
                  case .workflowPage(let workflows) = try client.ok(.listWorkflows(Wire.ListWorkflowsRequest(workspaceSID: workspace))),
                  case .workspaceRealTimeStatistics(let statistics) = try client.ok(.fetchWorkspaceRealTimeStatistics(
                      Wire.FetchWorkspaceRealTimeStatisticsRequest(workspaceSID: workspace))) else {
                throw TestFailure("a list call returned another response")
            }
            self.activities = activities.activities
            self.channels = channels.taskChannels
            self.workers = workers.workers
            self.queues = queues.taskQueues
            self.workflows = workflows.workflows
            tasksByStatus = statistics.tasksByStatus
            for task in try CrashTests.listTasks(client, workspace).values.sorted(by: { $0.sid < $1.sid }) {
                guard case .reservationPage(let page) = try client.ok(.listTaskReservations(Wire.ListTaskReservationsRequest(
                    workspaceSID: workspace, taskSID: task.sid))) else {
                    throw TestFailure("list_task_reservations returned another response")
                }
                reservations[task.sid] = page.reservations
                tasks.append(task)
            }
        }
    }

    /// Builds tasks in every status a client can reach: assigned, completed, canceled, reserved
    /// with a pending reservation and armed timeout, and pending.
    static func populate(_ client: EngineClient, _ fixture: RoutingFixture) throws {
        try CrashTests.addWorkers(client, fixture)
        var tasks: [Wire.Task] = []
        for index in 0..<8 {
            tasks.append(try fixture.createTask(client, attributes: #"{"type": "support", "index": \#(index)}"#))
        }
        for (index, task) in tasks.prefix(3).enumerated() {
            guard case .reservationPage(let page) = try client.ok(.listTaskReservations(Wire.ListTaskReservationsRequest(
                workspaceSID: fixture.workspaceSID, taskSID: task.sid))),
                  let reservation = page.reservations.first(where: { $0.reservationStatus == .pending }) else {
                throw TestFailure("task \(task.sid) has no pending reservation")
            }
            try client.ok(.updateReservation(Wire.UpdateReservationRequest(
                workspaceSID: fixture.workspaceSID, reservationSID: reservation.sid, reservationStatus: .accepted)))
            if index == 1 {
                try client.ok(.updateTask(Wire.UpdateTaskRequest(
                    workspaceSID: fixture.workspaceSID, taskSID: task.sid, assignmentStatus: .completed, reason: "done")))
            }
        }
        try client.ok(.updateTask(Wire.UpdateTaskRequest(
            workspaceSID: fixture.workspaceSID, taskSID: tasks[7].sid, assignmentStatus: .canceled, reason: "gone")))
    }

    @Test(arguments: [true, false])
    func everyResourceSurvivesRestart(graceful: Bool) throws {
        let folder = RestartTests.temporaryFolder()
        let first = try ServerProcess(extraArguments: ["--snapshot-interval", "0"], dataDirectory: folder, removesDataDirectory: true)
        let client = try EngineClient(first)
        let fixture = try RoutingFixture(client)
        try Self.populate(client, fixture)
        let before = try WorkspaceView(client, workspace: fixture.workspaceSID)
        let statuses = Set(before.tasks.map(\.assignmentStatus))
        #expect(statuses == [.assigned, .completed, .canceled, .reserved, .pending])
        if graceful {
            #expect(first.terminate() == 0)
        } else {
            first.kill()
        }

        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let after = try WorkspaceView(try EngineClient(second), workspace: fixture.workspaceSID)
        #expect(after.activities == before.activities)
        #expect(after.channels == before.channels)
        #expect(after.workers == before.workers)
        #expect(after.queues == before.queues)
        #expect(after.workflows == before.workflows)
        #expect(after.tasks == before.tasks)
        #expect(after.reservations == before.reservations)
        #expect(after.tasksByStatus == before.tasksByStatus)
        let snapshot = graceful ? "snapshot.path=/" : "snapshot.path=none"
        #expect(second.logLines.contains { $0.contains("msg=\"recovered\"") && $0.contains(snapshot) })
        withExtendedLifetime(first) {}
    }

    /// Creates a task whose reservation times out after `timeoutSeconds`, and returns the
    /// fixture and the pending reservation.
    static func reservedTask(_ server: ServerProcess, timeoutSeconds: UInt32) throws -> (RoutingFixture, Wire.Reservation) {
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client, reservationTimeoutSeconds: timeoutSeconds)
        let task = try fixture.createTask(client)
        guard case .reservationPage(let page) = try client.ok(.listTaskReservations(Wire.ListTaskReservationsRequest(
            workspaceSID: fixture.workspaceSID, taskSID: task.sid))),
              let reservation = page.reservations.first, reservation.reservationStatus == .pending else {
            throw TestFailure("the task has no pending reservation")
        }
        return (fixture, reservation)
    }

    static func fetchReservation(_ client: EngineClient, _ fixture: RoutingFixture, _ sid: String) throws -> Wire.Reservation {
        guard case .reservation(let reservation) = try client.ok(.fetchReservation(Wire.FetchReservationRequest(
            workspaceSID: fixture.workspaceSID, reservationSID: sid))) else {
            throw TestFailure("fetch_reservation returned another response")
        }
        return reservation
    }

    @Test func reservationTimeoutFiresAtStoredDeadline() throws {
        let folder = RestartTests.temporaryFolder()
        let first = try ServerProcess(extraArguments: ["--snapshot-interval", "0"], dataDirectory: folder, removesDataDirectory: true)
        let (fixture, reservation) = try Self.reservedTask(first, timeoutSeconds: 3)
        #expect(first.terminate() == 0)

        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let client = try EngineClient(second)
        let restored = try Self.fetchReservation(client, fixture, reservation.sid)
        #expect(restored.timeoutUnixMilliseconds == reservation.timeoutUnixMilliseconds)
        // Waits for the timeout, a guard against hangs rather than a speed check.
        let deadline = Date().addingTimeInterval(30)
        var current = restored
        while current.reservationStatus == .pending, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            current = try Self.fetchReservation(client, fixture, reservation.sid)
        }
        #expect(current.reservationStatus == .timeout)
        #expect(current.dateUpdatedUnixMilliseconds >= reservation.timeoutUnixMilliseconds)
        withExtendedLifetime(first) {}
    }

    @Test func overdueTimeoutFiresAtStart() throws {
        let folder = RestartTests.temporaryFolder()
        let first = try ServerProcess(extraArguments: ["--snapshot-interval", "0"], dataDirectory: folder, removesDataDirectory: true)
        let (fixture, reservation) = try Self.reservedTask(first, timeoutSeconds: 1)
        first.kill()
        let wait = Double(reservation.timeoutUnixMilliseconds) / 1_000 - Date().timeIntervalSince1970 + 0.2
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }

        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let recovered = second.logLines.first { $0.contains("msg=\"recovered\"") } ?? ""
        #expect(!recovered.contains("recovery.overdue_events=0"))
        let current = try Self.fetchReservation(try EngineClient(second), fixture, reservation.sid)
        #expect(current.reservationStatus == .timeout)
        withExtendedLifetime(first) {}
    }
}

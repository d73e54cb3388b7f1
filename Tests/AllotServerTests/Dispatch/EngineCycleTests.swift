import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// A workspace run end to end over the wire, against the real allot-server process.
@Suite(.serialized) struct EngineCycleTests {
    @Test func taskRunsFromCreationToCompletion() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        #expect(fixture.worker.available)
        #expect(fixture.worker.attributes.contains("\"support\""))

        let subscription = try fixture.subscribeToWorker(client)
        #expect(subscription.subscriptionID > 0)
        let task = try fixture.createTask(client)

        let created = try client.nextEvent()
        #expect(created.eventType == "reservation.created")
        #expect(created.workerSID == fixture.worker.sid)
        #expect(created.taskSID == task.sid)
        #expect(created.workspaceName == "Support")
        #expect(created.eventData.contains("\"task_sid\":\"\(task.sid)\""))
        #expect(created.sequence >= subscription.nextSequence)

        let accept = Wire.UpdateReservationRequest(workspaceSID: fixture.workspaceSID, reservationSID: created.reservationSID,
                                                   reservationStatus: .accepted)
        guard case .reservation(let accepted) = try client.ok(.updateReservation(accept)) else {
            Issue.record("update_reservation did not return a reservation")
            return
        }
        #expect(accepted.reservationStatus == .accepted)
        #expect(try client.nextEvent().eventType == "reservation.accepted")

        guard case .task(let assigned) = try client.ok(.fetchTask(Wire.FetchTaskRequest(workspaceSID: fixture.workspaceSID, taskSID: task.sid))) else {
            Issue.record("fetch_task did not return a task")
            return
        }
        #expect(assigned.assignmentStatus == .assigned)
        #expect(assigned.taskQueueSID == fixture.queue.sid)

        let complete = Wire.UpdateTaskRequest(workspaceSID: fixture.workspaceSID, taskSID: task.sid, assignmentStatus: .completed, reason: "resolved")
        guard case .task(let completed) = try client.ok(.updateTask(complete)) else {
            Issue.record("update_task did not return a task")
            return
        }
        #expect(completed.assignmentStatus == .completed)
        #expect(completed.reason == "resolved")
        #expect(try client.nextEvent().eventType == "reservation.completed")

        let cumulative = try client.ok(.fetchWorkspaceCumulativeStatistics(Wire.FetchWorkspaceCumulativeStatisticsRequest(workspaceSID: fixture.workspaceSID)))
        guard case .workspaceCumulativeStatistics(let statistics) = cumulative else {
            Issue.record("expected cumulative statistics, got \(cumulative)")
            return
        }
        #expect(statistics.tasksCreated == 1)
        #expect(statistics.tasksCompleted == 1)
        #expect(statistics.reservations?.reservationsCreated == 1)
        #expect(statistics.reservations?.reservationsAccepted == 1)
        let minute = Int64(60_000)
        #expect(statistics.startTimeUnixMilliseconds % minute == 0)
        #expect(statistics.endTimeUnixMilliseconds - statistics.startTimeUnixMilliseconds > 15 * minute)
        #expect(statistics.endTimeUnixMilliseconds - statistics.startTimeUnixMilliseconds <= 16 * minute)

        let split = try client.ok(.fetchTaskQueueCumulativeStatistics(Wire.FetchTaskQueueCumulativeStatisticsRequest(
            workspaceSID: fixture.workspaceSID, taskQueueSID: fixture.queue.sid, window: Wire.StatisticsWindow(minutes: 5),
            splitByWaitTime: [30, 1_209_600])))
        guard case .taskQueueCumulativeStatistics(let queueStatistics) = split else {
            Issue.record("expected queue cumulative statistics, got \(split)")
            return
        }
        #expect(queueStatistics.tasksEntered == 1)
        #expect(queueStatistics.splitByWaitTime.map(\.threshold) == [30, 1_209_600])
        #expect(queueStatistics.splitByWaitTime.first?.below?.reservationsAccepted == 1)
        #expect(queueStatistics.splitByWaitTime.first?.above?.reservationsAccepted == 0)

        let earlier = Wire.StatisticsWindow(endDateUnixMilliseconds: statistics.endTimeUnixMilliseconds - 20 * minute)
        guard case .workerStatistics(let before) = try client.ok(.fetchWorkerStatistics(Wire.FetchWorkerStatisticsRequest(
            workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid, window: earlier))) else {
            Issue.record("fetch_worker_statistics did not return worker statistics")
            return
        }
        #expect(before.reservations?.reservationsAccepted == 0)

        let realTime = try client.ok(.fetchWorkspaceRealTimeStatistics(Wire.FetchWorkspaceRealTimeStatisticsRequest(workspaceSID: fixture.workspaceSID)))
        guard case .workspaceRealTimeStatistics(let now) = realTime else {
            Issue.record("expected real-time statistics, got \(realTime)")
            return
        }
        #expect(now.totalTasks == 0)
        #expect(now.totalWorkers == 1)
        #expect(now.tasksByStatus == Wire.TasksByStatus())
    }

    @Test func metricsCountTasksByStatus() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        // The only worker goes offline, so the second task waits.
        try client.ok(.updateWorker(Wire.UpdateWorkerRequest(workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid,
                                                             activitySID: fixture.offlineActivity.sid)))
        try fixture.createTask(client)
        try fixture.createTask(client)
        let text = try server.metricsText()
        #expect(text.contains("allot_tasks{status=\"pending\"} 2"))
        #expect(text.contains("allot_tasks{status=\"reserved\"} 0"))
        #expect(text.contains("allot_workspaces 1"))
    }
}

import Testing
@testable import AllotCore

/// Which events each transition emits, in causal order, with sequence numbers.
@Suite struct EventOrderTests {
    @Test func sequenceNumbersCountUpByOne() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        try fixture.createWorker("w")
        let task = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        try fixture.complete(task)
        let sequences = fixture.events.map(\.sequence)
        #expect(sequences.first == 1)
        #expect(sequences == Array(1...UInt64(sequences.count)))
    }

    @Test func stepTimeoutMovesTaskToNextQueue() throws {
        let fixture = try EngineFixture()
        let first = try fixture.createQueue("Q1")
        let second = try fixture.createQueue("Q2")
        try fixture.createWorkflow(#"""
        {"task_routing":{"filters":[{"filter_friendly_name":"Escalate","expression":"1==1",
          "targets":[{"queue":"\#(first)","timeout":10},{"queue":"\#(second)"}]}]}}
        """#)
        let task = try fixture.createTask()
        #expect(fixture.eventTypes.suffix(4) == ["task.created", "workflow.entered", "workflow.target-matched", "task-queue.entered"])
        let matched = try #require(fixture.events.first { $0.type == .workflowTargetMatched })
        #expect(matched.data.workflowFilterName == "Escalate")

        fixture.clearEvents()
        fixture.advance(seconds: 10)
        #expect(fixture.eventTypes == ["task-queue.timeout", "workflow.target-matched", "task-queue.moved", "task-queue.entered"])
        #expect(fixture.events.allSatisfy { $0.resourceSid == task })
        #expect(fixture.events[0].data.taskQueueSid == first)
        let moved = fixture.events[2]
        #expect(moved.data.previousTaskQueueSid == first)
        #expect(moved.data.taskQueueSid == second)
        #expect(fixture.events[3].data.taskQueueSid == second)
    }

    @Test func completionEmitsTaskThenReservation() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        try fixture.createWorker("w")
        let task = try fixture.createTask()
        #expect(fixture.eventTypes.last == "reservation.created")
        fixture.clearEvents()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        #expect(fixture.eventTypes == ["reservation.accepted"])

        fixture.clearEvents()
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "wrapping"))
        #expect(fixture.eventTypes == ["task.wrapup", "reservation.wrapup"])

        fixture.clearEvents()
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "completed", reason: "resolved"))
        #expect(fixture.eventTypes == ["task.completed", "reservation.completed"])
        #expect(fixture.events[0].data.taskCompletedReason == "resolved")
        #expect(fixture.events[0].data.taskAssignmentStatus == .completed)
        #expect(fixture.events[1].data.workerName == "w")
    }

    @Test func cancelCarriesReason() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        let task = try fixture.createTask()
        fixture.clearEvents()
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled", reason: "caller hung up"))
        #expect(fixture.eventTypes == ["task.canceled"])
        #expect(fixture.events[0].data.taskCanceledReason == "caller hung up")
        #expect(fixture.events[0].data.taskCompletedReason == nil)
    }

    @Test func attributeUpdateEmitsTaskUpdated() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        let task = try fixture.createTask(#"{"a":1}"#)
        fixture.clearEvents()
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"a":2}"#))
        #expect(fixture.eventTypes.first == "task.updated")
        #expect(fixture.events.first?.data.taskAttributes == (try TestJSON.parse(#"{"a":2}"#)))
    }

    /// A reserved task that leaves by its last step's timeout, its time to live or a delete
    /// withdraws its reservation first, so the task's own event comes last.
    @Test func reservationsEndBeforeTaskLeaves() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        let queue = try fixture.createQueue("Q", reservationActivity: "Busy")
        try fixture.createWorkflow(#"""
        {"task_routing":{"filters":[{"filter_friendly_name":"F","expression":"1==1",
          "targets":[{"queue":"\#(queue)","timeout":10}]}]}}
        """#)
        try fixture.createWorker("w")
        try fixture.createTask()
        fixture.clearEvents()
        fixture.advance(seconds: 10)
        #expect(fixture.eventTypes == ["task-queue.timeout", "reservation.canceled", "worker.activity.update",
                                       "workflow.timeout", "task.canceled"])

        try fixture.createTask(timeout: 5)
        fixture.clearEvents()
        fixture.advance(seconds: 5)
        #expect(fixture.eventTypes == ["reservation.canceled", "worker.activity.update", "task.canceled"])
        #expect(fixture.events.last?.data.taskCanceledReason == "Task TTL Exceeded")

        let deleted = try fixture.createTask()
        fixture.clearEvents()
        try fixture.deleteTask(deleted)
        #expect(fixture.eventTypes == ["reservation.canceled", "worker.activity.update", "task.deleted"])
    }

    @Test func apiDeleteAndSystemDeleteDiffer() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        try fixture.createWorker("w")
        let deleted = try fixture.createTask()
        fixture.record(try fixture.engine.deleteTask(workspace: fixture.workspace, sid: deleted, account: EngineFixture.account,
                                                     now: fixture.now))
        #expect(fixture.eventTypes.last == "task.deleted")

        let kept = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: kept)).sid)
        fixture.clearEvents()
        fixture.advance(seconds: 86_400)
        #expect(fixture.eventTypes.contains("task.system-deleted"))
        #expect(!fixture.eventTypes.contains("task.deleted"))
    }

    /// A template's queue and workflow are created in the workspace, so their events follow
    /// the workspace's own.
    @Test func templateEventsFollowWorkspaceCreated() throws {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 2))
        var request = CreateWorkspaceRequest(friendlyName: "Desk")
        request.template = "FIFO"
        let result = try engine.createWorkspace(request, account: EngineFixture.account, now: Timestamp(unixSeconds: 1_700_000_000))
        #expect(result.events.map(\.type.rawValue) == ["workspace.created", "task-queue.created", "workflow.created"])
        #expect(result.events.map(\.sequence) == [1, 2, 3])
    }

    /// Reservation events show the task as it is after the transition that emitted them.
    @Test func reservationEventsCarryTaskStatusAfterTransition() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 2)
        try fixture.createWorker("first")
        try fixture.createWorker("second")
        fixture.clearEvents()
        let task = try fixture.createTask()
        let created = fixture.events.filter { $0.type == .reservationCreated }
        #expect(created.count == 2)
        #expect(created.allSatisfy { $0.data.taskAssignmentStatus == .reserved })

        fixture.clearEvents()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        let accepted = try #require(fixture.events.first { $0.type == .reservationAccepted })
        #expect(accepted.data.taskAssignmentStatus == .assigned)
        let rescinded = try #require(fixture.events.first { $0.type == .reservationRescinded })
        #expect(rescinded.data.taskAssignmentStatus == .assigned)
        #expect(fixture.eventTypes.firstIndex(of: "reservation.accepted")! < fixture.eventTypes.firstIndex(of: "reservation.rescinded")!)
    }

    /// A reservation that ends unaccepted while another of its batch is still
    /// pending leaves the task reserved. The last one makes the task pending
    /// again, so its event shows the task pending.
    @Test func unacceptedReservationEventsCarryPendingTask() throws {
        // Re-offers are off so that the rejected task stays pending after the reject.
        let fixture = try EngineFixture(configuration: EngineConfiguration(shardCount: 1, reofferRejectedTasks: false))
        try fixture.createCatchAllQueue(maxReservedWorkers: 2, reservationTimeout: 30)
        try fixture.createWorker("first")
        try fixture.createWorker("second")
        let task = try fixture.createTask()
        let offered = try fixture.reservations(ofTask: task)
        #expect(offered.count == 2)

        fixture.clearEvents()
        try fixture.reject(offered[0].sid)
        let rejected = try #require(fixture.events.first { $0.type == .reservationRejected })
        #expect(rejected.data.taskAssignmentStatus == .reserved)

        fixture.clearEvents()
        fixture.advance(seconds: 30)
        let timedOut = try #require(fixture.events.first { $0.type == .reservationTimeout })
        #expect(timedOut.data.taskAssignmentStatus == .pending)
        #expect(try fixture.task(task).assignmentStatus == .pending)
    }

    @Test func lastRejectEventShowsPendingTask() throws {
        let fixture = try EngineFixture(configuration: EngineConfiguration(shardCount: 1, reofferRejectedTasks: false))
        try fixture.createCatchAllQueue()
        try fixture.createWorker("only")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.clearEvents()
        try fixture.reject(reservation.sid)
        let rejected = try #require(fixture.events.first { $0.type == .reservationRejected })
        #expect(rejected.data.taskAssignmentStatus == .pending)
    }
}

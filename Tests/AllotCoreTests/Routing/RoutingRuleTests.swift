import Testing
@testable import AllotCore

@Suite struct RoutingRuleTests {
    @Test func creationEventsAreInCausalOrder() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createWorker("w")
        fixture.clearEvents()
        try fixture.createTask()
        #expect(fixture.eventTypes == ["task.created", "workflow.entered", "workflow.target-matched", "task-queue.entered",
                                       "reservation.created"])
        let sequences = fixture.events.map(\.sequence)
        #expect(sequences == sequences.sorted())
    }

    @Test func workerJoinsQueueWhenAttributesChange() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue("Sales", targetWorkers: "skills HAS 'sales'")
        let worker = try fixture.createWorker("w", attributes: #"{"skills":[]}"#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .pending)
        try fixture.updateWorker(worker, UpdateWorkerRequest(attributes: #"{"skills":["sales"]}"#))
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
    }

    @Test func queueExpressionChangeRecomputesMembers() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue(targetWorkers: "level > 5")
        let worker = try fixture.createWorker("w", attributes: #"{"level":3}"#)
        let task = try fixture.createTask()
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        try fixture.updateTaskQueue(queue, UpdateTaskQueueRequest(targetWorkers: "level > 2"))
        #expect(fixture.eventTypes.contains("task-queue.expression.updated"))
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
    }

    @Test func rejectingWorkerIsReofferedByDefault() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("w")
        let task = try fixture.createTask()
        try fixture.reject(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
    }

    @Test func rejectingWorkerIsNotReofferedWhenDisabled() throws {
        let fixture = try EngineFixture(configuration: EngineConfiguration(shardCount: 1, reofferRejectedTasks: false))
        try fixture.createCatchAllQueue()
        try fixture.createWorker("w")
        let task = try fixture.createTask()
        try fixture.reject(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(try fixture.pendingReservation(ofTask: task) == nil)
    }

    @Test func unknownKnownWorkerKeepsTaskInStepUntilTimeout() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(queue)","timeout":20,"known_worker_friendly_name":"task.agent"},{"queue":"\(queue)"}]}]}}
            """)
        let worker = try fixture.createWorker("Dana")
        let task = try fixture.createTask(#"{"agent":"nobody"}"#)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        fixture.advance(seconds: 20)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
        let named = try fixture.createTask(#"{"agent":"DANA"}"#)
        // Dana has a reservation on the default channel, capacity 1, so the
        // named task waits for her rather than going to anyone else.
        #expect(try fixture.reservations(ofTask: named).isEmpty)
    }

    @Test func skipIfIsNotReevaluatedWhileWaiting() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","skip_if":"workers.available == 0"},{"queue":"\(q2)"}]}]}}
            """)
        let worker = try fixture.createWorker("w")
        try fixture.setCapacity(worker, channel: "default", capacity: 0)
        // One member is available but has no capacity: no reservation, and
        // skip_if is false, so the task stays.
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == q1)
        try fixture.setActivity(worker, "Offline")
        #expect(try fixture.task(task).taskQueueSid == q1)
        // A task entering now finds no available member and skips.
        let later = try fixture.createTask()
        #expect(try fixture.task(later).taskQueueSid == q2)
    }

    @Test func stepTimeoutCancelsPendingReservations() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\(q1)","timeout":30},{"queue":"\(q2)"}]}]}}
            """)
        try fixture.createWorker("w")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 30)
        #expect(try fixture.reservationStatus(reservation.sid) == .canceled)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q2)
        #expect(info.assignmentStatus == .pending)
    }

    @Test func laterFilterDeadlinesCountFromEnteringIt() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[
              {"expression":"1==1","targets":[{"queue":"\(q1)","timeout":10}]},
              {"expression":"1==1","targets":[{"queue":"\(q2)","timeout":10}]}]}}
            """)
        let task = try fixture.createTask()
        fixture.advance(seconds: 10)
        #expect(try fixture.task(task).taskQueueSid == q2)
        fixture.advance(seconds: 9)
        #expect(try fixture.task(task).assignmentStatus == .pending)
        fixture.advance(seconds: 1)
        #expect(try fixture.task(task).assignmentStatus == .canceled)
    }

    @Test func workerRoutingTargetIgnoresCapacityAndAvailability() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("w", activity: "Offline")
        let task = try fixture.createTask(routingTarget: worker)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
        #expect(try fixture.task(task).taskQueueSid == nil)
        let respectful = try fixture.createTask(routingTarget: worker, ignoreCapacity: "false")
        #expect(try fixture.task(respectful).assignmentStatus == .pending)
        try fixture.setActivity(worker, "Available")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        try fixture.complete(task)
        #expect(try fixture.pendingReservation(ofTask: respectful)?.workerSid == worker)
    }

    @Test func queueRoutingTargetBypassesWorkflow() throws {
        let fixture = try EngineFixture()
        let routed = try fixture.createQueue("Routed")
        let other = try fixture.createQueue("Other")
        try fixture.createCatchAllWorkflow(other)
        let task = try fixture.createTask(routingTarget: routed)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == routed)
        #expect(info.workflowSid == nil)
    }

    @Test func channelOptimizedRoutingUsesPerChannelIdleTime() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let chat = try fixture.engine.fetchTaskChannel(workspace: fixture.workspace, sidOrUniqueName: "chat",
                                                       account: EngineFixture.account)
        fixture.record(try fixture.engine.updateTaskChannel(workspace: fixture.workspace, sid: chat.sid,
                                                            UpdateTaskChannelRequest(channelOptimizedRouting: true),
                                                            account: EngineFixture.account, now: fixture.now))
        let first = try fixture.createWorker("first")
        let second = try fixture.createWorker("second")
        // A voice task makes `first` the most recently reserved worker overall.
        let voice = try fixture.createTask(channel: "voice")
        #expect(try fixture.pendingReservation(ofTask: voice)?.workerSid == first)
        // On chat, neither has had a task, so creation order decides.
        let chatTask = try fixture.createTask(channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: chatTask)?.workerSid == first)
        #expect(second != first)
    }

    @Test func sameCommandsGiveSameRoutingAndSids() throws {
        func run() throws -> [String] {
            let fixture = try EngineFixture()
            try fixture.createCatchAllQueue(maxReservedWorkers: 2)
            for name in ["a", "b", "c"] { try fixture.createWorker(name) }
            for _ in 0..<3 { try fixture.createTask() }
            fixture.advance(seconds: 200)
            return fixture.events.map { "\($0.sequence) \($0.type.rawValue) \($0.sid) \($0.resourceSid)" }
        }
        #expect(try run() == run())
    }

    @Test func delayStepKeepsTaskOutOfPendingHeap() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(queue)","expression":"1 == 0","timeout":60},{"queue":"\(queue)"}]}]}}
            """)
        try fixture.createWorker("w", activity: "Offline")
        let task = try fixture.createTask()
        func heapSize() throws -> Int {
            try fixture.engine.read(fixture.workspace, account: EngineFixture.account) { state throws(EngineError) in
                state.queues[try state.queueHandle(queue, field: "Sid")].pendingTasks.values.reduce(0) { $0 + $1.count }
            }
        }
        #expect(try heapSize() == 0)
        #expect(try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue, account: EngineFixture.account,
                                                       now: fixture.now).tasks.tasksByStatus.pending == 1)
        fixture.advance(seconds: 60)
        #expect(try heapSize() == 1)
        #expect(try fixture.task(task).assignmentStatus == .pending)
    }

    @Test func rejectedTogetherGoByPriority() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "default", capacity: 2)
        let w2 = try fixture.createWorker("W2", activity: "Offline")
        let low = try fixture.createTask(priority: 1)
        let high = try fixture.createTask(priority: 10)
        #expect(try fixture.pendingReservation(ofTask: high)?.workerSid == w1)
        try fixture.setActivity(w2, "Available")
        try fixture.setActivity(w1, "Offline", rejectPending: true)
        #expect(try fixture.pendingReservation(ofTask: high)?.workerSid == w2)
        #expect(try fixture.task(low).assignmentStatus == .pending)
    }

    @Test func reEvaluationOffersByPriority() throws {
        let fixture = try EngineFixture()
        let old = try fixture.createQueue("Old", targetWorkers: "1==0")
        let new = try fixture.createQueue("New")
        let workflow = try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(old)"}]}]}}"#)
        let worker = try fixture.createWorker("W")
        let low = try fixture.createTask(priority: 1)
        fixture.advance(seconds: 1)
        let high = try fixture.createTask(priority: 10)
        try fixture.updateWorkflow(workflow, UpdateWorkflowRequest(
            configuration: #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(new)"}]}]}}"#,
            reEvaluateTasks: true))
        #expect(try fixture.pendingReservation(ofTask: high)?.workerSid == worker)
        #expect(try fixture.task(low).assignmentStatus == .pending)
    }

    @Test func clockMinuteOffersByPriority() throws {
        let fixture = try EngineFixture()
        // Monday 2024-01-01 08:59:30 UTC.
        fixture.now = Timestamp(unixSeconds: 1_704_067_200 + 8 * 3_600 + 59 * 60 + 30)
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(queue)","expression":"taskrouter.currentTime >= 900"}]}]}}"#)
        let worker = try fixture.createWorker("W")
        let low = try fixture.createTask(priority: 1)
        fixture.advance(seconds: 1)
        let high = try fixture.createTask(priority: 10)
        fixture.advance(seconds: 29)
        #expect(try fixture.pendingReservation(ofTask: high)?.workerSid == worker)
        #expect(try fixture.task(low).assignmentStatus == .pending)
    }
}

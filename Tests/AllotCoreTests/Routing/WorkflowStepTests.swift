import Testing
@testable import AllotCore

/// Workflow routing: filter choice, step escalation and its timing,
/// `skip_if`, priorities, known workers and worker order, driven through the
/// engine with a hand-set clock.
@Suite struct WorkflowStepTests {
    @Test func firstMatchingFilterWins() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[
              {"expression":"type == 'b'","targets":[{"queue":"\(q2)"}]},
              {"expression":"1==1","targets":[{"queue":"\(q1)"}]},
              {"expression":"type == 'a'","targets":[{"queue":"\(q2)"}]}]}}
            """)
        let task = try fixture.createTask(#"{"type":"a"}"#)
        #expect(try fixture.task(task).taskQueueSid == q1)
    }

    @Test func reservationTimeoutDoesNotAdvanceStep() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","timeout":10},{"queue":"\(q2)","timeout":10},{"queue":"\(q2)"}]}]}}
            """, reservationTimeout: 5)
        let worker = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
        fixture.advance(seconds: 5)
        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(try fixture.task(task).taskQueueSid == q1)
        // Back to Available at age 8: the task is still in Q1 and is offered again.
        fixture.advance(seconds: 3)
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
        fixture.advance(seconds: 2)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q2)
        #expect(info.assignmentStatus == .pending)
        #expect(try fixture.reservations(ofTask: task).map(\.reservationStatus) == [.timeout, .canceled])
    }

    @Test func stepEnteredLateKeepsCumulativeDeadline() throws {
        // Q1 and Q2 for 10 s each: a task that reaches Q2 by skipping Q1 at
        // age 0 still leaves Q2 at age 20.
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let q3 = try fixture.createQueue("Q3")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","timeout":10,"skip_if":"workers.available == 0"},
              {"queue":"\(q2)","timeout":10},{"queue":"\(q3)"}]}]}}
            """)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == q2)
        fixture.advance(seconds: 19)
        #expect(try fixture.task(task).taskQueueSid == q2)
        fixture.advance(seconds: 1)
        #expect(try fixture.task(task).taskQueueSid == q3)
    }

    @Test func stepTimeoutEmitsTimeoutMovedEntered() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","timeout":10},{"queue":"\(q2)"}]}]}}
            """)
        let task = try fixture.createTask()
        fixture.clearEvents()
        fixture.advance(seconds: 10)
        #expect(fixture.eventTypes == ["task-queue.timeout", "workflow.target-matched", "task-queue.moved",
                                       "task-queue.entered"])
        #expect(try fixture.task(task).taskQueueSid == q2)
    }

    @Test func lastStepTimeoutSkipsNonMatchingFilters() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let q3 = try fixture.createQueue("Q3")
        let qd = try fixture.createQueue("QD")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[
              {"expression":"1==1","targets":[{"queue":"\(q1)","timeout":10}]},
              {"expression":"type == 'other'","targets":[{"queue":"\(q2)"}]},
              {"expression":"type == 'call'","targets":[{"queue":"\(q3)","timeout":10}]}],
             "default_filter":{"queue":"\(qd)"}}}
            """)
        let task = try fixture.createTask(#"{"type":"call"}"#)
        fixture.advance(seconds: 10)
        #expect(try fixture.task(task).taskQueueSid == q3)
        fixture.advance(seconds: 10)
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .canceled)
        #expect(info.taskQueueSid == q3)
        #expect(fixture.eventTypes.contains("workflow.timeout"))
    }

    @Test func stepPrioritySetsAndLaterStepKeeps() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","timeout":10},{"queue":"\(q2)","priority":"50","timeout":10},{"queue":"\(q1)"}]}]}}
            """)
        let task = try fixture.createTask(priority: 7)
        #expect(try fixture.task(task).priority == 7)
        fixture.advance(seconds: 10)
        #expect(try fixture.task(task).priority == 50)
        fixture.advance(seconds: 10)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q1)
        #expect(info.priority == 50)
    }

    @Test func skipIfIgnoredWhenReservedOnEntry() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","skip_if":"1==1"},{"queue":"\(q2)"}]}]}}
            """)
        let worker = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == q1)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
    }

    @Test func skipIfCountsMembersByActivitySid() throws {
        let fixture = try EngineFixture()
        let breakSid = try fixture.createActivity("Break", available: false)
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","skip_if":"workers.\(breakSid) >= 2"},{"queue":"\(q2)"}]}]}}
            """)
        try fixture.createWorker("W1", activity: "Break")
        let stays = try fixture.createTask()
        #expect(try fixture.task(stays).taskQueueSid == q1)
        try fixture.createWorker("W2", activity: "Break")
        let skips = try fixture.createTask()
        #expect(try fixture.task(skips).taskQueueSid == q2)
    }

    @Test func skipIfOnLastStepPrefersNextFilterToDefault() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let qd = try fixture.createQueue("QD")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[
              {"expression":"1==1","targets":[{"queue":"\(q1)","skip_if":"1==1"}]},
              {"expression":"1==1","targets":[{"queue":"\(q2)"}]}],
             "default_filter":{"queue":"\(qd)"}}}
            """)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == q2)
    }

    @Test func skipIfWithNothingLeftCancels() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\(q1)","skip_if":"1==1"}]}]}}
            """)
        let task = try fixture.createTask()
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .canceled)
        #expect(fixture.eventTypes.contains("workflow.skipped"))
        #expect(fixture.eventTypes.last == "task.canceled")
    }

    @Test func knownWorkerOutsideQueueWaitsForTimeout() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "team == 'a'")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","timeout":30,"known_worker_sid":"task.agent"},{"queue":"\(q1)"}]}]}}
            """)
        let outsider = try fixture.createWorker("Out", attributes: #"{"team":"b"}"#)
        let member = try fixture.createWorker("In", attributes: #"{"team":"a"}"#)
        let task = try fixture.createTask(#"{"agent":"\#(outsider)"}"#)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        fixture.advance(seconds: 29)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        fixture.advance(seconds: 1)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == member)
    }

    /// The events of a known-worker step name the worker, also while no reservation exists,
    /// and those of the next step, which has no known worker, do not.
    @Test func knownWorkerStepEventsNameTheWorker() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","timeout":30,"known_worker_friendly_name":"task.agent"},{"queue":"\(q2)"}]}]}}
            """)
        let named = try fixture.createWorker("Named", activity: "Offline")
        fixture.clearEvents()
        try fixture.createTask(#"{"agent":"named"}"#)
        for type in [EventType.workflowTargetMatched, .taskQueueEntered] {
            #expect(fixture.events.first { $0.type == type }?.data.knownWorkerSid == named, "\(type)")
        }
        fixture.clearEvents()
        fixture.advance(seconds: 30)
        let moved = try #require(fixture.events.first { $0.type == .taskQueueMoved })
        #expect(moved.data.knownWorkerSid == nil)

        fixture.clearEvents()
        try fixture.createTask(#"{"agent":"nobody"}"#)
        #expect(fixture.events.first { $0.type == .workflowTargetMatched }?.data.knownWorkerSid == nil)
    }

    @Test func knownWorkerTakesTaskWhenAvailable() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","known_worker_sid":"task.agent"}]}]}}
            """)
        try fixture.createWorker("Other")
        let named = try fixture.createWorker("Named", activity: "Offline")
        let task = try fixture.createTask(#"{"agent":"\#(named)"}"#)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        // A null known-worker attribute names no worker, so that task waits too,
        // although another worker is available.
        let plain = try fixture.createTask(#"{"agent":null}"#)
        #expect(try fixture.reservations(ofTask: plain).isEmpty)
        try fixture.setActivity(named, "Available")
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == named)
    }

    @Test func orderByMissingSecondAttributeSortsLast() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[],"default_filter":{"queue":"\(queue)","order_by":"worker.finance ASC, worker.support ASC"}}}
            """)
        let alice = try fixture.createWorker("Alice", attributes: #"{"finance":10,"support":8}"#)
        try fixture.createWorker("Bob", attributes: #"{"finance":10}"#)
        let task = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == alice)
    }

    @Test func orderByDescendingThenIdleOrder() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", maxReservedWorkers: 3)
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[],"default_filter":{"queue":"\(queue)","order_by":"worker.level DESC"}}}
            """)
        let low = try fixture.createWorker("Low", attributes: #"{"level":1}"#)
        let none = try fixture.createWorker("None", attributes: #"{}"#)
        let high = try fixture.createWorker("High", attributes: #"{"level":9}"#)
        fixture.clearEvents()
        try fixture.createTask()
        let created = fixture.events.filter { $0.type == .reservationCreated }.compactMap(\.data.workerSid)
        #expect(created == [high, low, none])
    }

    @Test func orderByRanksWorkersJoiningTogether() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", targetWorkers: "team == 'a'")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)","order_by":"worker.level DESC"}}}"#)
        try fixture.createWorker("Low", attributes: #"{"team":"b","level":1}"#)
        let high = try fixture.createWorker("High", attributes: #"{"team":"b","level":5}"#)
        let task = try fixture.createTask()
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        try fixture.updateTaskQueue(queue, UpdateTaskQueueRequest(targetWorkers: "1==1"))
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == high)
    }

    @Test func multiReservationTakesFirstInIdleOrder() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 2)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let w3 = try fixture.createWorker("W3")
        // W1 and W2 are reserved first and W1 accepts, so W3 has been idle
        // longest and W2 next.
        let warmup = try fixture.createTask()
        let reservations = try fixture.reservations(ofTask: warmup)
        #expect(Set(reservations.map(\.workerSid)) == [w1, w2])
        try fixture.accept(try #require(reservations.first { $0.workerSid == w1 }).sid)
        try fixture.complete(warmup)
        let task = try fixture.createTask()
        #expect(Set(try fixture.reservations(ofTask: task).map(\.workerSid)) == [w3, w2])
    }

    @Test func workerTakesHighestPriorityAcrossQueues() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"q == 1","targets":[{"queue":"\(q1)"}]}],
             "default_filter":{"queue":"\(q2)"}}}
            """)
        let worker = try fixture.createWorker("W1", activity: "Offline")
        let old = try fixture.createTask(#"{"q":1}"#, priority: 1)
        fixture.advance(seconds: 5)
        let urgent = try fixture.createTask(#"{"q":2}"#, priority: 9)
        let oldSameQueue = try fixture.createTask(#"{"q":2}"#, priority: 1)
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 3) == [urgent, old, oldSameQueue])
    }

    @Test func workflowUpdateKeepsRoutingOfWaitingTasks() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let workflow = try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\(q1)","timeout":10},{"queue":"\(q2)"}]}]}}
            """)
        let task = try fixture.createTask()
        try fixture.updateWorkflow(workflow, UpdateWorkflowRequest(
            configuration: #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(q1)"}]}]}}"#))
        fixture.advance(seconds: 10)
        #expect(try fixture.task(task).taskQueueSid == q2)
        let later = try fixture.createTask()
        fixture.advance(seconds: 10)
        #expect(try fixture.task(later).taskQueueSid == q1)
    }

    @Test func attributeUpdateOfReservedTaskKeepsReservation() throws {
        let fixture = try EngineFixture()
        let routing = try fixture.createSampleRouting()
        let worker = try fixture.createWorker("W1", attributes: #"{"skills":["sales"]}"#)
        let task = try fixture.createTask(#"{"type":"Sales"}"#)
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(reservation.workerSid == worker)
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"type":"Billing"}"#))
        #expect(try fixture.pendingReservation(ofTask: task)?.sid == reservation.sid)
        #expect(try fixture.task(task).taskQueueSid == routing.sales)
    }

    @Test func defaultFilterPriorityApplies() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[],"default_filter":{"queue":"\(queue)","priority":3}}}
            """)
        let task = try fixture.createTask(priority: 40)
        #expect(try fixture.task(task).priority == 3)
    }
}

/// Routing probes that combine several rules: targets, re-offers and
/// re-routing.
@Suite struct RoutingCombinationTests {
    @Test func skipIfOnStepReachedByTimeout() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let q3 = try fixture.createQueue("Q3")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","timeout":10},{"queue":"\(q2)","skip_if":"workers.available == 0"},{"queue":"\(q3)"}]}]}}
            """)
        let task = try fixture.createTask()
        fixture.advance(seconds: 10)
        #expect(try fixture.task(task).taskQueueSid == q3)
    }

    @Test func rejectedTaskGoesToLongestIdleOtherWorker() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let w3 = try fixture.createWorker("W3")
        // W1 and W2 are each reserved once, W1 first, and both tasks are then
        // canceled. W3 has been idle longest, then W1.
        let warmup = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: warmup)?.workerSid == w1)
        let second = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: second)?.workerSid == w2)
        try fixture.updateTask(warmup, UpdateTaskRequest(assignmentStatus: "canceled"))
        try fixture.updateTask(second, UpdateTaskRequest(assignmentStatus: "canceled"))
        let task = try fixture.createTask()
        let first = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(first.workerSid == w3)
        try fixture.reject(first.sid)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    @Test func multiReservationTimeoutsEndTogether() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 2, reservationTimeout: 30)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        fixture.clearEvents()
        fixture.advance(seconds: 30)
        #expect(fixture.eventTypes.filter { $0 == "reservation.timeout" }.count == 2)
        #expect(try fixture.reservations(ofTask: task).map(\.reservationStatus) == [.timeout, .timeout])
        #expect(try fixture.worker(w1).activityName == "Offline")
        #expect(try fixture.worker(w2).activityName == "Offline")
        #expect(try fixture.task(task).assignmentStatus == .pending)
    }

    @Test func reEvaluationCancelsReservationOfReservedTask() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "")
        let workflow = try fixture.createCatchAllWorkflow(q1)
        try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        var request = UpdateWorkflowRequest(configuration: #"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(q2)"}}}"#)
        request.reEvaluateTasks = true
        try fixture.updateWorkflow(workflow, request)
        #expect(try fixture.reservationStatus(reservation.sid) == .canceled)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q2)
        #expect(info.assignmentStatus == .pending)
    }

    @Test func workerTargetRespectingCapacityWaits() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        let busy = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: busy)).sid)
        let direct = try fixture.createTask(routingTarget: worker, ignoreCapacity: "false")
        #expect(try fixture.reservations(ofTask: direct).isEmpty)
        try fixture.complete(busy)
        #expect(try fixture.pendingReservation(ofTask: direct)?.workerSid == worker)
    }

    @Test func queueTargetWaitsUntilTimeToLive() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        fixture.clearEvents()
        let task = try fixture.createTask(timeout: 50, routingTarget: queue)
        #expect(fixture.eventTypes == ["task.created", "task-queue.entered"])
        fixture.advance(seconds: 50)
        #expect(try fixture.task(task).assignmentStatus == .canceled)
    }

    @Test func skipEmitsEventsForBothQueues() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","skip_if":"workers.available == 0"},{"queue":"\(q2)"}]}]}}
            """)
        fixture.clearEvents()
        try fixture.createTask()
        #expect(fixture.eventTypes == ["task.created", "workflow.entered", "workflow.target-matched", "task-queue.entered",
                                       "workflow.target-matched", "task-queue.moved", "task-queue.entered"])
    }

    @Test func workflowTargetTaskIsRerouted() throws {
        let fixture = try EngineFixture()
        let routing = try fixture.createSampleRouting()
        let task = try fixture.createTask(#"{"type":"Billing"}"#, routingTarget: routing.workflow)
        #expect(try fixture.task(task).taskQueueSid == routing.everyone)
        fixture.advance(seconds: 10)
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"type":"Sales"}"#))
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == routing.sales)
        #expect(info.ageSeconds == 10)
    }

    @Test func workersJoiningQueueTakeTasksInIdleOrder() throws {
        let fixture = try EngineFixture()
        let everyone = try fixture.createQueue("Everyone")
        let experts = try fixture.createQueue("Experts", targetWorkers: "level > 5")
        let general = try fixture.createCatchAllWorkflow(everyone)
        let expert = try fixture.createWorkflow(#"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(experts)"}}}"#,
                                                name: "Experts")
        let w1 = try fixture.createWorker("W1", attributes: #"{"level":1}"#)
        let w2 = try fixture.createWorker("W2", attributes: #"{"level":1}"#)
        // W1 works one task, so W2 has been idle longer.
        let warmup = try fixture.createTask(workflow: general)
        #expect(try fixture.drainOffers(to: w1, limit: 1) == [warmup])
        let task = try fixture.createTask(workflow: expert)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        try fixture.updateTaskQueue(experts, UpdateTaskQueueRequest(targetWorkers: "level > 0"))
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w2)
    }

    @Test func apiPriorityLosesToStepPriority() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[
              {"expression":"fixed == true","targets":[{"queue":"\(q1)","priority":5}]},
              {"expression":"1==1","targets":[{"queue":"\(q2)"}]}]}}
            """)
        let fixed = try fixture.createTask(#"{"fixed":true}"#)
        try fixture.updateTask(fixed, UpdateTaskRequest(priority: 99))
        #expect(try fixture.task(fixed).priority == 5)
        let free = try fixture.createTask(#"{"fixed":false}"#, priority: 1)
        try fixture.updateTask(free, UpdateTaskRequest(priority: 99))
        #expect(try fixture.task(free).priority == 99)
    }

    @Test func priorityUpdateReordersWaitingTasks() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1", activity: "Offline")
        let first = try fixture.createTask(priority: 1)
        let second = try fixture.createTask(priority: 1)
        try fixture.updateTask(second, UpdateTaskRequest(priority: 2))
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 2) == [second, first])
    }

    @Test func queueTargetTaskIsNotRerouted() throws {
        let fixture = try EngineFixture()
        let routing = try fixture.createSampleRouting()
        let task = try fixture.createTask(#"{"type":"Billing"}"#, routingTarget: routing.support)
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"type":"Sales"}"#))
        #expect(try fixture.task(task).taskQueueSid == routing.support)
    }
}

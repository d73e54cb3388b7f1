import Testing
@testable import AllotCore

/// The routing cases of the conformance suite, one test each, named after
/// the case id.
@Suite struct ConformanceRoutingTests {
    @Test func r02NoFilterMatchGoesToDefaultFilter() throws {
        let fixture = try EngineFixture()
        let routing = try fixture.createSampleRouting()
        let task = try fixture.createTask(#"{"type":"Billing"}"#)
        #expect(try fixture.task(task).taskQueueSid == routing.everyone)
    }

    @Test func r03SecondTargetInheritsQueueAndDropsExpression() throws {
        let fixture = try EngineFixture()
        let routing = try fixture.createSampleRouting()
        let worker = try fixture.createWorker("w1", attributes: #"{"id":"agent09","skills":["support"]}"#)
        let task = try fixture.createTask(#"{"type":"Support","preferred_agents":["agent01","agent04"]}"#, channel: "voice")
        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        fixture.advance(seconds: 15)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == routing.support)
        #expect(info.assignmentStatus == .reserved)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
    }

    @Test func r05EscalationKeepsPriority() throws {
        let fixture = try EngineFixture()
        let bbb = try fixture.createQueue("bbb", targetWorkers: "1==1")
        let ccc = try fixture.createQueue("ccc", targetWorkers: "1==1")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"filter_friendly_name":"Gold Tickets",
              "expression":"type == 'ticket' AND customer_value == 'Gold'",
              "targets":[{"queue":"\(bbb)","priority":"10","timeout":300},{"queue":"\(ccc)"}]}],
              "default_filter":{"queue":"\(ccc)"}}}
            """)
        let task = try fixture.createTask(#"{"type":"ticket","customer_value":"Gold"}"#)
        #expect(try fixture.task(task).taskQueueSid == bbb)
        #expect(try fixture.task(task).priority == 10)
        fixture.clearEvents()
        fixture.advance(seconds: 301)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == ccc)
        #expect(info.priority == 10)
        #expect(fixture.eventTypes == ["task-queue.timeout", "workflow.target-matched", "task-queue.moved", "task-queue.entered"])
    }

    @Test func r06LastStepTimeoutCancelsWithoutDefaultFilter() throws {
        let fixture = try EngineFixture()
        let aaa = try fixture.createQueue("aaa")
        let ccc = try fixture.createQueue("ccc")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"filter_friendly_name":"Only","expression":"type=='lead'",
              "targets":[{"queue":"\(aaa)","timeout":30}]}],"default_filter":{"queue":"\(ccc)"}}}
            """)
        let task = try fixture.createTask(#"{"type":"lead"}"#)
        fixture.advance(seconds: 31)
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .canceled)
        #expect(fixture.eventTypes.contains("workflow.timeout"))
        #expect(fixture.eventTypes.contains("task.canceled"))
        let entered = fixture.events.filter { $0.type == .taskQueueEntered }.compactMap(\.data.taskQueueSid)
        #expect(!entered.contains(ccc))
        #expect(try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: ccc,
                                                                 account: EngineFixture.account).tasksEntered == 0)
    }

    @Test func r08SkipIfMovesOnImmediately() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==1")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==1")
        try fixture.createWorker("w1", activity: "Offline")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"filter_friendly_name":"Sales filter","expression":"type == 'Sales'",
              "targets":[{"queue":"\(q1)","skip_if":"workers.available == 0"},{"queue":"\(q2)"}]}]}}
            """)
        let task = try fixture.createTask(#"{"type":"Sales"}"#)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q2)
        #expect(info.ageSeconds == 0)
    }

    @Test func r09SkippingLastTargetUsesDefaultFilter() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let qd = try fixture.createQueue("QD")
        try fixture.createWorker("w1", activity: "Offline")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"filter_friendly_name":"F","expression":"1==1",
              "targets":[{"queue":"\(q1)","skip_if":"1==1"}]}],"default_filter":{"queue":"\(qd)"}}}
            """)
        let task = try fixture.createTask("{}")
        #expect(try fixture.task(task).taskQueueSid == qd)
    }

    @Test func r11VirtualStartTimeOrdersFifo() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(taskOrder: "FIFO")
        let worker = try fixture.createWorker("w", activity: "Offline")
        let start = fixture.now
        let a = try fixture.createTask(priority: 50)
        fixture.now = start.adding(seconds: 60)
        let b = try fixture.createTask(priority: 75, virtualStartTime: start.adding(seconds: -30 * 60))
        fixture.now = start.adding(seconds: 180)
        let c = try fixture.createTask(priority: 20)
        let d = try fixture.createTask(priority: 50, virtualStartTime: start.adding(seconds: -60 * 60))
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 4) == [b, d, a, c])
    }

    @Test func r12LifoTakesNewestAndIgnoresPriority() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(taskOrder: "LIFO")
        let worker = try fixture.createWorker("w", activity: "Offline")
        var tasks: [String] = []
        for priority in [0, 0, 99, 0, 0] {
            fixture.now = fixture.now.adding(seconds: 1)
            tasks.append(try fixture.createTask(priority: priority))
        }
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 5) == tasks.reversed())
    }

    func mixedQueueOrder(prioritize: String) throws -> (order: [String], fifo: [String], lifo: [String]) {
        let fixture = try EngineFixture(prioritizeQueueOrder: prioritize)
        let fifoQueue = try fixture.createQueue("QF", taskOrder: "FIFO")
        let lifoQueue = try fixture.createQueue("QL", taskOrder: "LIFO")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[
              {"expression":"kind == 'F'","targets":[{"queue":"\(fifoQueue)"}]},
              {"expression":"kind == 'L'","targets":[{"queue":"\(lifoQueue)"}]}]}}
            """)
        let worker = try fixture.createWorker("w", activity: "Offline")
        var fifo: [String] = []
        var lifo: [String] = []
        for _ in 0..<5 {
            fixture.now = fixture.now.adding(seconds: 1)
            fifo.append(try fixture.createTask(#"{"kind":"F"}"#))
            lifo.append(try fixture.createTask(#"{"kind":"L"}"#))
        }
        try fixture.setActivity(worker, "Available")
        return (try fixture.drainOffers(to: worker, limit: 10), fifo, lifo)
    }

    @Test func r13FifoQueuesFirstByDefault() throws {
        let result = try mixedQueueOrder(prioritize: "FIFO")
        #expect(result.order == result.fifo + result.lifo.reversed())
    }

    @Test func r14LifoQueuesFirstWhenPrioritized() throws {
        let result = try mixedQueueOrder(prioritize: "LIFO")
        #expect(result.order == result.lifo.reversed() + result.fifo)
    }

    @Test func r15OrderBySecondClauseBreaksTie() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[],"default_filter":{"queue":"\(queue)","order_by":"worker.finance ASC, worker.support ASC"}}}
            """)
        try fixture.createWorker("Alice", attributes: #"{"finance":10,"support":8}"#)
        let bob = try fixture.createWorker("Bob", attributes: #"{"finance":10,"support":5}"#)
        let task = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == bob)
    }

    @Test func r17LongestSinceLastAssignmentFirst() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1", activity: "Offline")
        let w2 = try fixture.createWorker("W2", activity: "Offline")
        try fixture.setActivity(w2, "Available")
        #expect(try fixture.drainOffers(to: w2, limit: 1).isEmpty)
        let first = try fixture.createTask()
        #expect(try fixture.drainOffers(to: w2, limit: 1) == [first])
        try fixture.setActivity(w2, "Offline")
        fixture.advance(seconds: 300)
        try fixture.setActivity(w1, "Available")
        let second = try fixture.createTask()
        #expect(try fixture.drainOffers(to: w1, limit: 1) == [second])
        try fixture.setActivity(w2, "Available")
        let third = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: third)?.workerSid == w2)
    }

    @Test func r18MultiReservationRescindsOthersOnAccept() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 5)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let offered = try fixture.reservations(ofTask: task)
        #expect(offered.count == 2)
        #expect(try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace,
                                                                 account: EngineFixture.account).reservationsCreated == 2)
        let first = try #require(offered.first { $0.workerSid == w1 })
        let second = try #require(offered.first { $0.workerSid == w2 })
        try fixture.accept(first.sid)
        #expect(try fixture.task(task).assignmentStatus == .assigned)
        #expect(try fixture.reservationStatus(second.sid) == .rescinded)
        #expect(fixture.eventTypes.contains("reservation.rescinded"))
        do {
            try fixture.accept(second.sid)
            Issue.record("a rescinded reservation was accepted")
        } catch let error as EngineError {
            #expect(error.code == .gone)
            #expect(error.code.httpStatusCode == 410)
        }
        // Only a late accept is gone: any other change is a plain precondition failure.
        do {
            try fixture.reject(second.sid)
            Issue.record("a rescinded reservation was rejected")
        } catch let error as EngineError {
            #expect(error.code == .failedPrecondition)
        }
    }

    @Test func r20RejectWithActivityOffersTheOtherWorker() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createActivity("Break", available: false)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let first = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.reject(first.sid, activity: "Break")
        let rejecting = first.workerSid
        #expect(try fixture.worker(rejecting).activityName == "Break")
        #expect(try fixture.task(task).assignmentStatus == .reserved)
        let other = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(other.workerSid == (rejecting == w1 ? w2 : w1))
    }

    @Test func r21ReservationTimeoutMovesWorkerToTimeoutActivity() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(reservationTimeout: 120)
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.clearEvents()
        fixture.advance(seconds: 121)
        #expect(try fixture.reservationStatus(reservation.sid) == .timeout)
        #expect(try fixture.worker(w1).activityName == "Offline")
        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(fixture.eventTypes.contains("reservation.timeout"))
        #expect(fixture.eventTypes.contains("worker.activity.update"))
    }

    @Test func r23BusyVoiceChannelLeavesChatOpen() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "voice", capacity: 1)
        try fixture.setCapacity(w1, channel: "chat", capacity: 3)
        let existing = try fixture.createTask(channel: "voice")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: existing)).sid)
        let voice = try fixture.createTask(channel: "voice")
        let chat = try fixture.createTask(channel: "chat")
        #expect(try fixture.task(voice).assignmentStatus == .pending)
        #expect(try fixture.reservations(ofTask: voice).isEmpty)
        #expect(try fixture.task(chat).assignmentStatus == .reserved)
        #expect(try fixture.pendingReservation(ofTask: chat)?.workerSid == w1)
        #expect(try fixture.worker(w1).activityName == "Available")
    }

    @Test func r24CompletingFreesOneUnitOfCapacity() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let t1 = try fixture.createTask(channel: "voice")
        let r1 = try #require(try fixture.pendingReservation(ofTask: t1))
        try fixture.accept(r1.sid)
        let t2 = try fixture.createTask(channel: "voice")
        #expect(try fixture.task(t2).assignmentStatus == .pending)
        try fixture.updateTask(t1, UpdateTaskRequest(assignmentStatus: "completed", reason: "done"))
        #expect(try fixture.pendingReservation(ofTask: t2)?.workerSid == w1)
        #expect(try fixture.reservationStatus(r1.sid) == .completed)
    }

    @Test func r26TaskTimeToLiveCancelsWithReason() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let task = try fixture.createTask(timeout: 60)
        fixture.advance(seconds: 61)
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .canceled)
        #expect(info.reason == "Task TTL Exceeded")
        #expect(fixture.eventTypes.contains("task.canceled"))
    }

    @Test func r27TaskTimeoutAboveTwoWeeksIsRejected() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        do {
            try fixture.createTask(timeout: 1_209_601)
            Issue.record("timeout above the maximum accepted")
        } catch let error as EngineError {
            #expect(error.code == .invalidArgument)
            #expect(error.field == "Timeout")
        }
        try fixture.createTask(timeout: 1_209_600)
    }

    @Test func r29MaxAssignmentCountCancelsTask() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createWorker("W1")
        try fixture.createWorker("W2")
        let task = try fixture.createTask()
        for _ in 0..<1_000 {
            // The newest reservation.created event names the pending reservation.
            guard let pending = fixture.events.last(where: { $0.type == .reservationCreated })?.data.reservationSid,
                  try fixture.task(task).assignmentStatus == .reserved else { break }
            fixture.clearEvents()
            try fixture.reject(pending, activity: "Available")
        }
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .canceled)
        #expect(try fixture.reservations(ofTask: task).count == 1_000)
    }

    @Test func r30AttributeUpdateReroutesAndKeepsAge() throws {
        let fixture = try EngineFixture()
        let routing = try fixture.createSampleRouting()
        let task = try fixture.createTask(#"{"type":"Billing"}"#)
        #expect(try fixture.task(task).taskQueueSid == routing.everyone)
        fixture.advance(seconds: 10)
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"type":"Sales"}"#))
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == routing.sales)
        #expect(info.ageSeconds == 10)
    }

    @Test func r32SingleTaskingAppliesQueueActivities() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createActivity("Reserved", available: false)
        try fixture.createActivity("Busy", available: false)
        try fixture.createCatchAllQueue(reservationActivity: "Reserved", assignmentActivity: "Busy")
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        #expect(try fixture.worker(w1).activityName == "Reserved")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        #expect(try fixture.worker(w1).activityName == "Busy")
        try fixture.complete(task)
        #expect(try fixture.worker(w1).activityName == "Busy")
    }

    @Test func r33KnownWorkerRoutingPicksNamedWorker() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"filter_friendly_name":"Attempt 1","expression":"1==1",
              "targets":[{"queue":"\(queue)","timeout":10,"known_worker_sid":"task.agent_sid"},{"queue":"\(queue)"}]}]}}
            """)
        try fixture.createWorker("Other")
        let ricky = try fixture.createWorker("Ricky")
        let task = try fixture.createTask(#"{"agent_sid":"\#(ricky)"}"#)
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(reservation.workerSid == ricky)
        #expect(fixture.events.last { $0.type == .reservationCreated }?.data.knownWorkerSid == ricky)
    }

    @Test func r35StepDeadlinesAreCumulativeOverAge() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let q3 = try fixture.createQueue("Q3")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","timeout":10},{"queue":"\(q2)","timeout":10},{"queue":"\(q3)","timeout":10}]}]}}
            """)
        let task = try fixture.createTask()
        fixture.advance(seconds: 15)
        #expect(try fixture.task(task).taskQueueSid == q2)
        fixture.advance(seconds: 6)
        #expect(try fixture.task(task).taskQueueSid == q3)
        fixture.advance(seconds: 10)
        #expect(try fixture.task(task).assignmentStatus == .canceled)
        #expect(fixture.eventTypes.contains("workflow.timeout"))
    }

    @Test func r36TargetPriorityOverridesCreatePriority() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(queue)","priority":5}]}]}}"#)
        let task = try fixture.createTask(priority: 99)
        #expect(try fixture.task(task).priority == 5)
    }

    @Test func r38RejectPendingReservationsOnUnavailableActivity() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.setActivity(w1, "Offline", rejectPending: true)
        #expect(try fixture.reservationStatus(reservation.sid) == .rejected)
        #expect(try fixture.worker(w1).activityName == "Offline")
        #expect(try fixture.task(task).assignmentStatus == .pending)
    }

    @Test func r39AvailableToAvailableKeepsPendingReservations() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createActivity("HighValue", available: true)
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.setActivity(w1, "HighValue")
        #expect(try fixture.reservationStatus(reservation.sid) == .pending)
    }

    @Test func r44EmptyTargetWorkersMatchesNobody() throws {
        let fixture = try EngineFixture()
        try fixture.createWorker("W1")
        let qa = try fixture.createQueue("QA", targetWorkers: nil)
        let qb = try fixture.createQueue("QB", targetWorkers: "")
        #expect(try fixture.engine.fetchTaskQueue(workspace: fixture.workspace, sid: qa, account: EngineFixture.account)
            .targetWorkers == "1==1")
        let stats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: qb,
                                                           account: EngineFixture.account, now: fixture.now)
        #expect(stats.totalEligibleWorkers == 0)
    }
}

import Foundation
import Testing
@testable import AllotCore

/// The third set of routing audit cases, `RA3-01` to `RA3-54`, one test each.
/// Each case combines routing rules at their edges, such as two timers due
/// together, a skip on a later filter or a known worker that goes away.
@Suite struct AuditRoutingTests3 {
    /// The id prefix of this set in the audit file.
    static let casePrefix = "RA3-"

    /// The numbers of the cases that have a test here: `RA3-01` is 1.
    static let testedCaseNumbers = Set(1...54)

    @Test func everyThirdSetCaseHasTest() throws {
        let text = try String(contentsOf: ConformanceSuite.auditFileURL(), encoding: .utf8)
        var numbers: [Int] = []
        for line in text.split(separator: "\n") where !line.allSatisfy(\.isWhitespace) {
            let document = try TestJSON.parse(String(line))
            guard case .string(let id)? = document["id"], id.hasPrefix(Self.casePrefix) else { continue }
            #expect(document["kind"] == .string("routing"), "case \(id) is not a routing case")
            numbers.append(try #require(Int(id.dropFirst(Self.casePrefix.count)), "unexpected id \(id)"))
        }
        #expect(numbers.count == Set(numbers).count, "repeated ids in \(numbers.sorted())")
        #expect(Set(numbers) == Self.testedCaseNumbers)
    }

    /// Creates a workflow with one filter that matches every task and has `targets`.
    @discardableResult
    func createOneFilterWorkflow(_ fixture: EngineFixture, targets: String, reservationTimeout: Int? = nil) throws -> String {
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[\#(targets)]}]}}"#,
                                   reservationTimeout: reservationTimeout)
    }

    /// Creates one queue and a catch-all target on it with `extra` target keys,
    /// then the workers in order, one task, and returns the name of the worker
    /// the task is reserved to.
    func reservedWorker(target extra: String, workers: [(name: String, attributes: String)]) throws -> String? {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)",\#(extra)}}}"#)
        var names: [String: String] = [:]
        for worker in workers {
            names[try fixture.createWorker(worker.name, attributes: worker.attributes)] = worker.name
        }
        let task = try fixture.createTask()
        return try fixture.pendingReservation(ofTask: task).flatMap { names[$0.workerSid] }
    }

    // MARK: - Timers against each other

    @Test func ra01ReservationTimerRestartsPerReservation() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue, reservationTimeout: 5)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let first = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(first.workerSid == w1)
        fixture.advance(seconds: 5)
        #expect(try fixture.reservationStatus(first.sid) == .timeout)
        let second = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(second.workerSid == w2)
        fixture.advance(seconds: 4)
        #expect(try fixture.reservationStatus(second.sid) == .pending)
        fixture.advance(seconds: 1)
        #expect(try fixture.reservationStatus(second.sid) == .timeout)
    }

    @Test func ra02TimeToLiveCancelsPendingReservation() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(reservationTimeout: 60)
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask(timeout: 20)
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 20)
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .canceled)
        #expect(info.reason == "Task TTL Exceeded")
        #expect(try fixture.reservationStatus(reservation.sid) == .canceled)
        #expect(try fixture.worker(w1).activityName == "Available")
        #expect(!fixture.eventTypes.contains("reservation.timeout"))
    }

    @Test func ra03TimeToLiveBeatsStepDeadline() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","timeout":30},{"queue":"\#(q2)"}"#)
        let task = try fixture.createTask(timeout: 20)
        fixture.advance(seconds: 20)
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .canceled)
        #expect(info.reason == "Task TTL Exceeded")
        #expect(info.taskQueueSid == q1)
        #expect(!fixture.eventTypes.contains("task-queue.timeout"))
        #expect(!fixture.eventTypes.contains("workflow.timeout"))
    }

    @Test func ra04TimeoutThenSkipReachesDefault() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let qd = try fixture.createQueue("QD")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\(q1)","timeout":10}]},
              {"expression":"1==1","targets":[{"queue":"\(q2)","skip_if":"1==1"}]}],
              "default_filter":{"queue":"\(qd)"}}}
            """)
        let task = try fixture.createTask()
        fixture.advance(seconds: 9)
        #expect(try fixture.task(task).taskQueueSid == q1)
        fixture.advance(seconds: 1)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == qd)
        #expect(info.assignmentStatus == .pending)
    }

    @Test func ra05SameQueueTimeoutIsNoMove() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", targetWorkers: "1==0")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","timeout":10},{"priority":4}"#)
        let task = try fixture.createTask()
        fixture.clearEvents()
        fixture.advance(seconds: 10)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == queue)
        #expect(info.priority == 4)
        #expect(fixture.eventTypes.contains("task-queue.timeout"))
        #expect(!fixture.eventTypes.contains("task-queue.moved"))
    }

    @Test func ra06StepTimeoutReoffersSameWorker() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","expression":"worker.level >= 1","timeout":10},{"queue":"\#(queue)"}"#,
                                    reservationTimeout: 120)
        let w1 = try fixture.createWorker("W1", attributes: #"{"level":1}"#)
        let task = try fixture.createTask()
        let first = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 10)
        #expect(try fixture.reservationStatus(first.sid) == .canceled)
        #expect(try fixture.worker(w1).activityName == "Available")
        let second = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(second.sid != first.sid)
        #expect(second.workerSid == w1)
    }

    // MARK: - Priority and task order

    @Test func ra07EscalationPriorityReordersQueue() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"esc == true","targets":[{"queue":"\(queue)","timeout":10},{"priority":10}]},
              {"expression":"1==1","targets":[{"queue":"\(queue)"}]}]}}
            """)
        let worker = try fixture.createWorker("W", activity: "Offline")
        let escalated = try fixture.createTask(#"{"esc":true}"#)
        fixture.advance(seconds: 1)
        let plain = try fixture.createTask("{}", priority: 5)
        fixture.advance(seconds: 9)
        #expect(try fixture.task(escalated).priority == 10)
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 2) == [escalated, plain])
    }

    @Test func ra13LifoIgnoresPriorityUpdate() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(taskOrder: "LIFO")
        let worker = try fixture.createWorker("W", activity: "Offline")
        let older = try fixture.createTask()
        fixture.advance(seconds: 1)
        let newer = try fixture.createTask()
        try fixture.updateTask(older, UpdateTaskRequest(priority: 100))
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 2) == [newer, older])
    }

    @Test func ra14FifoTieKeepsCreationOrder() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(taskOrder: "FIFO")
        let worker = try fixture.createWorker("W", activity: "Offline")
        let tasks = try (0..<4).map { _ in try fixture.createTask(priority: 3) }
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 4) == tasks)
    }

    // MARK: - skip_if

    @Test func ra08SkipIfCountsOnlyMembers() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","skip_if":"workers.available == 0"},{"queue":"\#(q2)"}"#)
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == q2)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    @Test func ra09SkipIfCountIgnoresCapacity() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","skip_if":"workers.available == 0"},{"queue":"\#(q2)"}"#)
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "voice", capacity: 1)
        let existing = try fixture.createTask(channel: "voice")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: existing)).sid)
        let task = try fixture.createTask(channel: "voice")
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q1)
        #expect(info.assignmentStatus == .pending)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
    }

    @Test func ra10SkipIfCountIgnoresChannelAvailability() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","skip_if":"workers.available >= 1"},{"queue":"\#(q2)"}"#)
        let w1 = try fixture.createWorker("W1")
        try fixture.updateWorkerChannel(w1, channel: "voice", UpdateWorkerChannelRequest(available: false))
        let task = try fixture.createTask(channel: "voice")
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q2)
        #expect(info.assignmentStatus == .pending)
    }

    @Test func ra11SkipOnDefaultFilterCancels() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let qd = try fixture.createQueue("QD", targetWorkers: "1==0")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"type == 'x'","targets":[{"queue":"\(q1)"}]}],
              "default_filter":{"queue":"\(qd)","skip_if":"1==1"}}}
            """)
        let task = try fixture.createTask(#"{"type":"y"}"#)
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .canceled)
        #expect(fixture.eventTypes.contains("workflow.skipped"))
        #expect(fixture.eventTypes.contains("task.canceled"))
    }

    @Test func ra12RedriveEvaluatesNewSkipIf() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        let q3 = try fixture.createQueue("Q3")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"stage == 'b'","targets":[{"queue":"\(q2)","skip_if":"1==1"},{"queue":"\(q3)"}]},
              {"expression":"1==1","targets":[{"queue":"\(q1)"}]}]}}
            """)
        let task = try fixture.createTask(#"{"stage":"a"}"#)
        #expect(try fixture.task(task).taskQueueSid == q1)
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"stage":"b"}"#))
        #expect(try fixture.task(task).taskQueueSid == q3)
    }

    // MARK: - order_by

    @Test func ra15OrderByThirdClauseBreaksTie() throws {
        let workers = [("W1", #"{"a":1,"b":1,"c":5}"#), ("W2", #"{"a":1,"b":1,"c":2}"#), ("W3", #"{"a":1,"b":0,"c":0}"#)]
        #expect(try reservedWorker(target: #""order_by":"worker.a DESC, worker.b DESC, worker.c ASC""#, workers: workers) == "W2")
    }

    @Test func ra16OrderBySecondClauseWhenFirstMissing() throws {
        let workers = [("W1", #"{"b":1}"#), ("W2", #"{"b":2}"#)]
        #expect(try reservedWorker(target: #""order_by":"worker.a DESC, worker.b DESC""#, workers: workers) == "W2")
    }

    @Test func ra17OrderByNestedNegativeAscending() throws {
        let workers = [("W1", #"{"stats":{"level":0}}"#), ("W2", #"{"stats":{"level":-3}}"#)]
        #expect(try reservedWorker(target: #""order_by":"worker.stats.level ASC""#, workers: workers) == "W2")
    }

    @Test func ra18OrderByBooleanSortsLast() throws {
        let workers = [("Flag", #"{"level":true}"#), ("Zero", #"{"level":0}"#)]
        #expect(try reservedWorker(target: #""order_by":"worker.level DESC""#, workers: workers) == "Zero")
    }

    @Test func ra19OrderByRanksExpressionMatchesOnly() throws {
        let workers = [("Top", #"{"level":9,"team":"b"}"#), ("Middle", #"{"level":5,"team":"a"}"#), ("Low", #"{"level":1,"team":"a"}"#)]
        let target = #""expression":"worker.team == 'a'","order_by":"worker.level DESC""#
        #expect(try reservedWorker(target: target, workers: workers) == "Middle")
    }

    @Test func ra20OrderByPassesFullTopWorker() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)","order_by":"worker.level DESC"}}}"#)
        let top = try fixture.createWorker("Top", attributes: #"{"level":9}"#)
        try fixture.setCapacity(top, channel: "chat", capacity: 1)
        let busy = try fixture.createTask(channel: "chat")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: busy)).sid)
        let middle = try fixture.createWorker("Middle", attributes: #"{"level":5}"#)
        try fixture.createWorker("Low", attributes: #"{"level":1}"#)
        let task = try fixture.createTask(channel: "chat")
        let offered = try fixture.reservations(ofTask: task)
        #expect(offered.map(\.workerSid) == [middle])
    }

    // MARK: - Known workers

    @Test func ra21KnownWorkerArrayNameMatchesNobody() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","timeout":10,"known_worker_friendly_name":"task.agent"},{"queue":"\#(queue)"}"#)
        let ricky = try fixture.createWorker("Ricky")
        let task = try fixture.createTask(#"{"agent":["Ricky"]}"#)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        #expect(try fixture.task(task).assignmentStatus == .pending)
        fixture.advance(seconds: 10)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == ricky)
    }

    @Test func ra22DeletedKnownWorkerKeepsStep() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","timeout":30,"known_worker_sid":"task.agent_sid"},{"queue":"\#(q2)"}"#)
        let named = try fixture.createWorker("Named", activity: "Offline")
        let other = try fixture.createWorker("Other")
        let task = try fixture.createTask(#"{"agent_sid":"\#(named)"}"#)
        fixture.record(try fixture.engine.deleteWorker(workspace: fixture.workspace, sid: named, account: EngineFixture.account, now: fixture.now))
        fixture.advance(seconds: 29)
        let waiting = try fixture.task(task)
        #expect(waiting.taskQueueSid == q1)
        #expect(waiting.assignmentStatus == .pending)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        fixture.advance(seconds: 1)
        #expect(try fixture.task(task).taskQueueSid == q2)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == other)
    }

    @Test func ra23RedriveNamesOtherKnownWorker() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","known_worker_sid":"task.agent_sid"}"#)
        let absent = try fixture.createWorker("Away", activity: "Offline")
        let present = try fixture.createWorker("Here")
        let task = try fixture.createTask(#"{"agent_sid":"\#(absent)"}"#)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"agent_sid":"\#(present)"}"#))
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == present)
    }

    @Test func ra24KnownWorkerNestedName() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","known_worker_friendly_name":"task.routing.agent"}"#)
        try fixture.createWorker("Other")
        let ricky = try fixture.createWorker("Ricky")
        let task = try fixture.createTask(#"{"routing":{"agent":"Ricky"}}"#)
        #expect(try fixture.reservations(ofTask: task).map(\.workerSid) == [ricky])
    }

    // MARK: - Changes while tasks wait

    @Test func ra25RedriveSetsPriorityKeepsAge() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"tier == 'gold'","targets":[{"queue":"\(q2)","priority":8}]},
              {"expression":"1==1","targets":[{"queue":"\(q1)"}]}]}}
            """)
        let task = try fixture.createTask(#"{"tier":"silver"}"#)
        fixture.advance(seconds: 40)
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"tier":"gold"}"#))
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q2)
        #expect(info.priority == 8)
        #expect(info.ageSeconds == 40)
    }

    @Test func ra26AttributeChangeLeavesQueue() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue(targetWorkers: "skills HAS 'sales'")
        let w1 = try fixture.createWorker("W1", attributes: #"{"skills":["sales"]}"#)
        try fixture.updateWorker(w1, UpdateWorkerRequest(attributes: #"{"skills":["support"]}"#))
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        let stats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue,
                                                           account: EngineFixture.account, now: fixture.now)
        #expect(stats.totalEligibleWorkers == 0)
    }

    @Test func ra27EmptyTargetWorkersStrandsTask() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue(targetWorkers: "1==1")
        let w1 = try fixture.createWorker("W1", activity: "Offline")
        let task = try fixture.createTask()
        var request = UpdateTaskQueueRequest()
        request.targetWorkers = ""
        try fixture.updateTaskQueue(queue, request)
        try fixture.setActivity(w1, "Available")
        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        let stats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue,
                                                           account: EngineFixture.account, now: fixture.now)
        #expect(stats.totalEligibleWorkers == 0)
    }

    @Test func ra28LeavingQueueTakesOtherTask() throws {
        let fixture = try EngineFixture()
        let high = try fixture.createQueue("High", targetWorkers: "skills HAS 'x'")
        let low = try fixture.createQueue("Low")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"kind == 'high'","targets":[{"queue":"\(high)"}]},
              {"expression":"1==1","targets":[{"queue":"\(low)"}]}]}}
            """)
        let worker = try fixture.createWorker("W", attributes: #"{"skills":["x"]}"#, activity: "Offline")
        let urgent = try fixture.createTask(#"{"kind":"high"}"#, priority: 9)
        let routine = try fixture.createTask("{}", priority: 1)
        try fixture.updateWorker(worker, UpdateWorkerRequest(attributes: #"{"skills":[]}"#))
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.pendingReservation(ofTask: routine)?.workerSid == worker)
        #expect(try fixture.reservations(ofTask: urgent).isEmpty)
    }

    // MARK: - Multi-reservation

    @Test func ra29FreedWorkerWaitsForBatchEnd() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 3)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let w3 = try fixture.createWorker("W3", activity: "Offline")
        let task = try fixture.createTask()
        let batch = try fixture.reservations(ofTask: task)
        #expect(Set(batch.map(\.workerSid)) == [w1, w2])
        // The batch is made when the task enters the queue. A worker freed
        // while the batch is outstanding is not added to it.
        try fixture.setActivity(w3, "Available")
        #expect(try fixture.reservations(ofTask: task).count == 2)
        for reservation in batch {
            try fixture.reject(reservation.sid, activity: "Offline")
        }
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w3)
    }

    @Test func ra30RejectedReservationNotRescinded() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 2)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let offered = try fixture.reservations(ofTask: task)
        let first = try #require(offered.first { $0.workerSid == w1 })
        let second = try #require(offered.first { $0.workerSid == w2 })
        try fixture.reject(first.sid, activity: "Offline")
        try fixture.accept(second.sid)
        #expect(try fixture.reservationStatus(first.sid) == .rejected)
        #expect(try fixture.reservationStatus(second.sid) == .accepted)
        #expect(try fixture.task(task).assignmentStatus == .assigned)
        #expect(try fixture.worker(w1).activityName == "Offline")
        #expect(!fixture.eventTypes.contains("reservation.rescinded"))
    }

    @Test func ra31MultiReservationSkipsFullWorker() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 2)
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "chat", capacity: 1)
        let busy = try fixture.createTask(channel: "chat")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: busy)).sid)
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask(channel: "chat")
        #expect(try fixture.reservations(ofTask: task).map(\.workerSid) == [w2])
    }

    @Test func ra32MultiReservationHonoursExpression() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", maxReservedWorkers: 3)
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","expression":"worker.level > 1"}"#)
        try fixture.createWorker("W1", attributes: #"{"level":1}"#)
        let w2 = try fixture.createWorker("W2", attributes: #"{"level":2}"#)
        let w3 = try fixture.createWorker("W3", attributes: #"{"level":3}"#)
        let task = try fixture.createTask()
        let offered = try fixture.reservations(ofTask: task)
        #expect(offered.count == 2)
        #expect(Set(offered.map(\.workerSid)) == [w2, w3])
    }

    // MARK: - Worker order

    @Test func ra33AcceptanceRefreshesIdleOrder() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let t1 = try fixture.createTask()
        let r1 = try #require(try fixture.pendingReservation(ofTask: t1))
        #expect(r1.workerSid == w1)
        fixture.advance(seconds: 1)
        let t2 = try fixture.createTask()
        let r2 = try #require(try fixture.pendingReservation(ofTask: t2))
        #expect(r2.workerSid == w2)
        fixture.advance(seconds: 1)
        try fixture.accept(r2.sid)
        fixture.advance(seconds: 3)
        try fixture.accept(r1.sid)
        fixture.advance(seconds: 1)
        try fixture.complete(t1)
        try fixture.complete(t2)
        fixture.advance(seconds: 1)
        let t3 = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: t3)?.workerSid == w2)
    }

    @Test func ra34RejectionKeepsIdleOrder() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let t1 = try fixture.createTask()
        let r1 = try #require(try fixture.pendingReservation(ofTask: t1))
        #expect(r1.workerSid == w1)
        fixture.advance(seconds: 5)
        try fixture.reject(r1.sid)
        #expect(try fixture.worker(w1).activityName == "Available")
        #expect(try fixture.pendingReservation(ofTask: t1)?.workerSid == w2)
        fixture.advance(seconds: 1)
        let t2 = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: t2)?.workerSid == w1)
    }

    // MARK: - Multitasking

    @Test func ra35FullPercentagePassesBusyWorker() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","expression":"worker.channel.chat.available_capacity_percentage == 100"}"#)
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "chat", capacity: 2)
        let w2 = try fixture.createWorker("W2")
        try fixture.setCapacity(w2, channel: "chat", capacity: 2)
        let first = try fixture.createTask(channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: first)?.workerSid == w1)
        let second = try fixture.createTask(channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: second)?.workerSid == w2)
    }

    @Test func ra36PercentageFlooredWithPendingReservation() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"probe == true","targets":[{"queue":"\(queue)","expression":"worker.channel.chat.available_capacity_percentage == 66"}]},
              {"expression":"1==1","targets":[{"queue":"\(queue)"}]}]}}
            """)
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "chat", capacity: 3)
        let first = try fixture.createTask(channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: first)?.workerSid == w1)
        #expect(try fixture.workerChannel(w1, "chat").availableCapacityPercentage == 66)
        let probe = try fixture.createTask(#"{"probe":true}"#, channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: probe)?.workerSid == w1)
    }

    @Test func ra37ZeroCapacityReadsZeroPercent() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","expression":"worker.channel.voice.available_capacity_percentage == 0"}"#)
        try fixture.createWorker("Open")
        let closed = try fixture.createWorker("Closed")
        try fixture.setCapacity(closed, channel: "voice", capacity: 0)
        let task = try fixture.createTask(channel: "chat")
        #expect(try fixture.reservations(ofTask: task).map(\.workerSid) == [closed])
    }

    @Test func ra38ReenabledChannelTakesWaitingTask() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.updateWorkerChannel(w1, channel: "voice", UpdateWorkerChannelRequest(available: false))
        let task = try fixture.createTask(channel: "voice")
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        try fixture.updateWorkerChannel(w1, channel: "voice", UpdateWorkerChannelRequest(available: true))
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    @Test func ra39ConfiguredCapacityInTargetExpression() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","expression":"worker.channel.chat.configured_capacity >= 2"}"#)
        try fixture.createWorker("Single")
        let wide = try fixture.createWorker("Wide")
        try fixture.setCapacity(wide, channel: "chat", capacity: 2)
        let task = try fixture.createTask(channel: "chat")
        #expect(try fixture.reservations(ofTask: task).map(\.workerSid) == [wide])
    }

    @Test func ra40SingleTaskingIgnoresChannelCapacity() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "voice", capacity: 0)
        let task = try fixture.createTask(channel: "voice")
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    // MARK: - Mixed edges

    @Test func ra41RedriveDeadlinesCountFromCreation() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let qb1 = try fixture.createQueue("QB1", targetWorkers: "1==0")
        let qb2 = try fixture.createQueue("QB2", targetWorkers: "1==0")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"lane == 'b'","targets":[{"queue":"\(qb1)","timeout":10},{"queue":"\(qb2)"}]},
              {"expression":"1==1","targets":[{"queue":"\(q1)"}]}]}}
            """)
        let task = try fixture.createTask(#"{"lane":"a"}"#)
        fixture.advance(seconds: 40)
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"lane":"b"}"#))
        #expect(try fixture.task(task).taskQueueSid == qb2)
    }

    @Test func ra42SkipIfSeesKnownWorker() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[
              {"expression":"form == 'any'","targets":[{"queue":"\(q1)","known_worker_sid":"task.agent_sid","skip_if":"1==1"},{"queue":"\(q2)"}]},
              {"expression":"1==1","targets":[{"queue":"\(q1)","known_worker_sid":"task.agent_sid","skip_if":"workers.available == 0"},{"queue":"\(q2)"}]}]}}
            """)
        let absent = try fixture.createWorker("Away", activity: "Offline")
        try fixture.createWorker("Here")
        let any = try fixture.createTask(#"{"form":"any","agent_sid":"\#(absent)"}"#)
        #expect(try fixture.task(any).taskQueueSid == q2)
        let counted = try fixture.createTask(#"{"form":"count","agent_sid":"\#(absent)"}"#)
        let info = try fixture.task(counted)
        #expect(info.taskQueueSid == q1)
        #expect(try fixture.reservations(ofTask: counted).isEmpty)
    }

    @Test func ra43SingleTaskingBusyMemberCountsAvailable() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","skip_if":"workers.available == 0"},{"queue":"\#(q2)"}"#)
        let w1 = try fixture.createWorker("W1")
        let first = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: first)?.workerSid == w1)
        #expect(try fixture.worker(w1).available)
        let second = try fixture.createTask()
        let info = try fixture.task(second)
        #expect(info.taskQueueSid == q1)
        #expect(info.assignmentStatus == .pending)
    }

    @Test func ra44UpdatedReservationTimeoutApplies() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue, reservationTimeout: 60)
        let w1 = try fixture.createWorker("W1", activity: "Offline")
        let task = try fixture.createTask()
        var request = UpdateWorkflowRequest()
        request.taskReservationTimeout = 10
        try fixture.updateWorkflow(workflow, request)
        try fixture.setActivity(w1, "Available")
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 9)
        #expect(try fixture.reservationStatus(reservation.sid) == .pending)
        fixture.advance(seconds: 1)
        #expect(try fixture.reservationStatus(reservation.sid) == .timeout)
    }

    @Test func ra45SkipStartsNextFilterDeadlines() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        let q3 = try fixture.createQueue("Q3", targetWorkers: "1==0")
        let q4 = try fixture.createQueue("Q4", targetWorkers: "1==0")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\(q1)","timeout":10},{"queue":"\(q2)","skip_if":"1==1"}]},
              {"expression":"1==1","targets":[{"queue":"\(q3)","timeout":10},{"queue":"\(q4)"}]}]}}
            """)
        let task = try fixture.createTask()
        fixture.advance(seconds: 10)
        #expect(try fixture.task(task).taskQueueSid == q3)
        fixture.advance(seconds: 9)
        #expect(try fixture.task(task).taskQueueSid == q3)
        fixture.advance(seconds: 1)
        #expect(try fixture.task(task).taskQueueSid == q4)
    }

    @Test func ra46SkippedStepAddsNoDeadline() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        let q3 = try fixture.createQueue("Q3", targetWorkers: "1==0")
        let q4 = try fixture.createQueue("Q4", targetWorkers: "1==0")
        try createOneFilterWorkflow(fixture, targets: """
            {"queue":"\(q1)","timeout":10},{"queue":"\(q2)","skip_if":"1==1"},{"queue":"\(q3)","timeout":10},{"queue":"\(q4)"}
            """)
        let task = try fixture.createTask()
        fixture.advance(seconds: 10)
        #expect(try fixture.task(task).taskQueueSid == q3)
        fixture.advance(seconds: 9)
        #expect(try fixture.task(task).taskQueueSid == q3)
        fixture.advance(seconds: 1)
        #expect(try fixture.task(task).taskQueueSid == q4)
    }

    @Test func ra47SkippedStepSetsPriority() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","priority":9,"skip_if":"1==1"},{"queue":"\#(q2)"}"#)
        let task = try fixture.createTask(priority: 1)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q2)
        #expect(info.priority == 9)
    }

    @Test func ra48LifoTieTakesNewestCreated() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(taskOrder: "LIFO")
        let worker = try fixture.createWorker("W", activity: "Offline")
        let tasks = try (0..<3).map { _ in try fixture.createTask() }
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 3) == tasks.reversed())
    }

    @Test func ra49StepDeadlineBeatsReservationTimeout() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","timeout":10},{"queue":"\#(q2)"}"#, reservationTimeout: 10)
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let first = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 10)
        #expect(try fixture.reservationStatus(first.sid) == .canceled)
        #expect(try fixture.worker(w1).activityName == "Available")
        #expect(try fixture.task(task).taskQueueSid == q2)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    @Test func ra50OtherChannelCompletionSatisfiesTarget() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"kind == 'chat'","targets":[{"queue":"\(queue)","expression":"worker.channel.voice.assigned_tasks == 0"}]}],
              "default_filter":{"queue":"\(queue)"}}}
            """)
        let w1 = try fixture.createWorker("W1")
        let voice = try fixture.createTask(channel: "voice")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: voice)).sid)
        let chat = try fixture.createTask(#"{"kind":"chat"}"#, channel: "chat")
        #expect(try fixture.reservations(ofTask: chat).isEmpty)
        try fixture.complete(voice)
        #expect(try fixture.pendingReservation(ofTask: chat)?.workerSid == w1)
    }

    @Test func ra51WorkerPassesIneligibleHeadTask() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"hard == true","targets":[{"queue":"\(queue)","expression":"worker.level > 5"}]}],
              "default_filter":{"queue":"\(queue)"}}}
            """)
        let worker = try fixture.createWorker("W", attributes: #"{"level":1}"#, activity: "Offline")
        let hard = try fixture.createTask(#"{"hard":true}"#, priority: 9)
        let easy = try fixture.createTask("{}", priority: 1)
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.pendingReservation(ofTask: easy)?.workerSid == worker)
        #expect(try fixture.reservations(ofTask: hard).isEmpty)
    }

    @Test func ra52DefaultFilterTimeoutIgnored() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("QD", targetWorkers: "1==0")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)","timeout":10}}}"#)
        let task = try fixture.createTask()
        fixture.clearEvents()
        fixture.advance(seconds: 60)
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .pending)
        #expect(info.taskQueueSid == queue)
        #expect(fixture.eventTypes.isEmpty)
    }

    @Test func ra53QueueTargetKeepsCapacity() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "chat", capacity: 1)
        let first = try fixture.createTask(channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: first)?.workerSid == w1)
        let second = try fixture.createTask(channel: "chat", routingTarget: queue, ignoreCapacity: "true")
        #expect(try fixture.task(second).taskQueueSid == queue)
        #expect(try fixture.reservations(ofTask: second).isEmpty)
    }

    @Test func ra54RejectRestoresReservedActivity() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.setActivity(w1, "Unavailable")
        #expect(try fixture.reservationStatus(reservation.sid) == .pending)
        try fixture.reject(reservation.sid)
        #expect(try fixture.worker(w1).activityName == "Available")
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }
}

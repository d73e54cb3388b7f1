import Foundation
import Testing
@testable import AllotCore

/// The routing cases of the audit file, one test each, named after the case id.
@Suite struct AuditRoutingTests {
    /// The routing and statistics audit cases that have a test here or in
    /// `AuditStatisticsTests`, by number: `A-R01` is 1.
    static let testedCaseNumbers = Set(1...45).union(50...59)

    @Test func everyRoutingAuditCaseHasTest() throws {
        let text = try String(contentsOf: ConformanceSuite.auditFileURL(), encoding: .utf8)
        var numbers: Set<Int> = []
        for line in text.split(separator: "\n") where !line.allSatisfy(\.isWhitespace) {
            let document = try TestJSON.parse(String(line))
            // Later audit sets (`RA3-` and on) check their own ids.
            guard case .string(let kind)? = document["kind"], kind == "routing" || kind == "statistics",
                  case .string(let id)? = document["id"], id.hasPrefix(ConformanceSuite.auditIDPrefix) else { continue }
            let number = try #require(id.hasPrefix("A-R") ? Int(id.dropFirst(3)) : nil, "unexpected id \(id)")
            numbers.insert(number)
        }
        #expect(numbers == Self.testedCaseNumbers)
    }

    /// Creates a workflow with one filter that matches every task and has `targets`.
    @discardableResult
    func createOneFilterWorkflow(_ fixture: EngineFixture, targets: String, reservationTimeout: Int? = nil) throws -> String {
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[\#(targets)]}]}}"#,
                                   reservationTimeout: reservationTimeout)
    }

    @Test func aR01FirstMatchingFilterWins() throws {
        let fixture = try EngineFixture()
        let qa = try fixture.createQueue("QA")
        let qb = try fixture.createQueue("QB")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"type == 'x'","targets":[{"queue":"\(qa)"}]},
              {"expression":"1==1","targets":[{"queue":"\(qb)"}]}]}}
            """)
        let task = try fixture.createTask(#"{"type":"x"}"#)
        #expect(try fixture.task(task).taskQueueSid == qa)
    }

    @Test func aR02NoMatchWithoutDefaultRejectsCreate() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"type == 'x'","targets":[{"queue":"\#(queue)"}]}]}}"#)
        #expect(throws: EngineError.self) { try fixture.createTask(#"{"type":"y"}"#) }
        let stats = try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account, now: fixture.now)
        #expect(stats.tasks.totalTasks == 0)
    }

    @Test func aR03MissingKeyFilterFallsToDefault() throws {
        let fixture = try EngineFixture()
        let vip = try fixture.createQueue("QV")
        let fallback = try fixture.createQueue("QD")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"vip == true","targets":[{"queue":"\(vip)"}]}],
              "default_filter":{"queue":"\(fallback)"}}}
            """)
        let task = try fixture.createTask("{}")
        #expect(try fixture.task(task).taskQueueSid == fallback)
    }

    @Test func aR04SkippedLastTargetWithoutDefaultCancels() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q1")
        try fixture.createWorker("w1", activity: "Offline")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","skip_if":"workers.available == 0"}"#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .canceled)
        #expect(fixture.eventTypes.contains("workflow.skipped"))
        #expect(fixture.eventTypes.contains("task.canceled"))
    }

    @Test func aR05SkipPrefersNextFilterOverDefault() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let qd = try fixture.createQueue("QD")
        try fixture.createWorker("w1", activity: "Offline")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\(q1)","skip_if":"1==1"}]},
              {"expression":"1==1","targets":[{"queue":"\(q2)"}]}],"default_filter":{"queue":"\(qd)"}}}
            """)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == q2)
    }

    @Test func aR06NextFilterDeadlinesCountFromEntry() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let qx = try fixture.createQueue("QX")
        let q2 = try fixture.createQueue("Q2")
        let q3 = try fixture.createQueue("Q3")
        let qd = try fixture.createQueue("QD")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\(q1)","timeout":10}]},
              {"expression":"type == 'nope'","targets":[{"queue":"\(qx)"}]},
              {"expression":"1==1","targets":[{"queue":"\(q2)","timeout":10},{"queue":"\(q3)"}]}],
              "default_filter":{"queue":"\(qd)"}}}
            """)
        let task = try fixture.createTask("{}")
        fixture.advance(seconds: 11)
        #expect(try fixture.task(task).taskQueueSid == q2)
        fixture.advance(seconds: 8)
        #expect(try fixture.task(task).taskQueueSid == q2)
        fixture.advance(seconds: 3)
        #expect(try fixture.task(task).taskQueueSid == q3)
    }

    @Test func aR07SkipIfIgnoredWhenReserved() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorker("w1")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","skip_if":"1==1"},{"queue":"\#(q2)"}"#)
        let task = try fixture.createTask()
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q1)
        #expect(info.assignmentStatus == .reserved)
    }

    @Test func aR08SkipIfSeesFullCapacity() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let w1 = try fixture.createWorker("w1")
        try fixture.setCapacity(w1, channel: "voice", capacity: 1)
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","skip_if":"1==1"},{"queue":"\#(q2)"}"#)
        let existing = try fixture.createTask(channel: "voice")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: existing)).sid)
        let task = try fixture.createTask(channel: "voice")
        #expect(try fixture.task(task).taskQueueSid == q2)
    }

    @Test func aR09SkipIfNotReevaluatedWhileWaiting() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorker("w1", activity: "Offline")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","skip_if":"workers.unavailable == 2"},{"queue":"\#(q2)"}"#)
        let task = try fixture.createTask()
        try fixture.createWorker("w2", activity: "Offline")
        fixture.advance(seconds: 60)
        #expect(try fixture.task(task).taskQueueSid == q1)
    }

    @Test func aR10TargetExpressionIsNotInherited() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let w1 = try fixture.createWorker("w1", attributes: #"{"level":1}"#)
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","expression":"worker.level > 5","timeout":20},{"queue":"\#(queue)"}"#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .pending)
        fixture.advance(seconds: 20)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    @Test func aR11TargetWithoutTimeoutIsFinal() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","timeout":10},{"queue":"\#(q2)"}"#)
        let task = try fixture.createTask(timeout: 3_600)
        fixture.advance(seconds: 3_000)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q2)
        #expect(info.assignmentStatus == .pending)
    }

    @Test func aR12StringTimeoutAndPriorityAccepted() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","timeout":"30","priority":"7"},{"queue":"\#(q2)"}"#)
        let task = try fixture.createTask()
        fixture.advance(seconds: 31)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q2)
        #expect(info.priority == 7)
    }

    func reservedWorker(orderBy: String, workers: [(name: String, attributes: String)]) throws -> String? {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)","order_by":"\#(orderBy)"}}}"#)
        var names: [String: String] = [:]
        for worker in workers {
            names[try fixture.createWorker(worker.name, attributes: worker.attributes)] = worker.name
        }
        let task = try fixture.createTask()
        return try fixture.pendingReservation(ofTask: task).flatMap { names[$0.workerSid] }
    }

    @Test func aR13OrderByMissingAttributeSortsLast() throws {
        #expect(try reservedWorker(orderBy: "worker.level DESC", workers: [("NoLevel", "{}"), ("Low", #"{"level":1}"#)]) == "Low")
        #expect(try reservedWorker(orderBy: "worker.level ASC", workers: [("NoLevel", "{}"), ("Low", #"{"level":1}"#)]) == "Low")
    }

    @Test func aR14OrderByDescendingPicksHighest() throws {
        #expect(try reservedWorker(orderBy: "worker.level DESC", workers: [("Low", #"{"level":1}"#), ("High", #"{"level":9}"#)]) == "High")
    }

    @Test func aR45NonIntegerOrderValueSortsLast() throws {
        let workers = [("Text", #"{"level":"9"}"#), ("Fraction", #"{"level":8.5}"#), ("Whole", #"{"level":1}"#)]
        #expect(try reservedWorker(orderBy: "worker.level DESC", workers: workers) == "Whole")
    }

    @Test func aR15RejectRestoresPreviousActivity() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createActivity("Reserved", available: false)
        try fixture.createCatchAllQueue(reservationActivity: "Reserved")
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(try fixture.worker(reservation.workerSid).activityName == "Reserved")
        // A second worker takes the re-offered task, so the rejecting worker stays where the reject put it.
        try fixture.reject(reservation.sid)
        #expect(try fixture.reservationStatus(reservation.sid) == .rejected)
        #expect(try fixture.worker(reservation.workerSid).activityName == "Available")
        let other = reservation.workerSid == w1 ? w2 : w1
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == other)
    }

    @Test func aR16MultitaskingTimeoutMovesToTimeoutActivity() throws {
        let fixture = try EngineFixture(multiTaskEnabled: true)
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 121)
        #expect(try fixture.reservationStatus(reservation.sid) == .timeout)
        #expect(try fixture.worker(w1).activityName == "Offline")
    }

    @Test func aR17RescindRestoresActivityInSingleTasking() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createActivity("Reserved", available: false)
        try fixture.createCatchAllQueue(maxReservedWorkers: 2, reservationActivity: "Reserved")
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let offered = try fixture.reservations(ofTask: task)
        #expect(offered.count == 2)
        let first = try #require(offered.first { $0.workerSid == w1 })
        let second = try #require(offered.first { $0.workerSid == w2 })
        try fixture.accept(first.sid)
        #expect(try fixture.reservationStatus(second.sid) == .rescinded)
        #expect(try fixture.worker(w2).activityName == "Available")
    }

    @Test func aR18CancelWithdrawsPendingReservation() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled", reason: "gone"))
        #expect(try fixture.reservationStatus(reservation.sid) == .canceled)
        #expect(try fixture.worker(w1).activityName == "Available")
        #expect(try fixture.task(task).assignmentStatus == .canceled)
    }

    @Test func aR19KnownWorkerNameIgnoresCase() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","known_worker_friendly_name":"task.agent"}"#)
        try fixture.createWorker("Other")
        let ricky = try fixture.createWorker("Ricky")
        let task = try fixture.createTask(#"{"agent":"rICKY"}"#)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == ricky)
    }

    @Test func aR20MissingKnownWorkerWaitsForTimeout() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","timeout":10,"known_worker_sid":"task.agent_sid"},{"queue":"\#(queue)"}"#)
        let w1 = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        #expect(try fixture.task(task).assignmentStatus == .pending)
        fixture.advance(seconds: 10)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    @Test func aR21UnavailableChannelBlocksOnlyItsTasks() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.updateWorkerChannel(w1, channel: "voice", UpdateWorkerChannelRequest(available: false))
        let voice = try fixture.createTask(channel: "voice")
        let chat = try fixture.createTask(channel: "chat")
        #expect(try fixture.task(voice).assignmentStatus == .pending)
        #expect(try fixture.pendingReservation(ofTask: chat)?.workerSid == w1)
    }

    @Test func aR22PendingReservationUsesCapacity() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "chat", capacity: 1)
        let first = try fixture.createTask(channel: "chat")
        let second = try fixture.createTask(channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: first)?.workerSid == w1)
        #expect(try fixture.reservations(ofTask: second).isEmpty)
        #expect(try fixture.task(second).assignmentStatus == .pending)
    }

    @Test func aR23TaskPendingOnlyAfterAllRejects() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 2)
        try fixture.createWorker("W1")
        try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let offered = try fixture.reservations(ofTask: task)
        #expect(offered.count == 2)
        try fixture.reject(offered[0].sid, activity: "Offline")
        #expect(try fixture.task(task).assignmentStatus == .reserved)
        try fixture.reject(offered[1].sid, activity: "Offline")
        #expect(try fixture.task(task).assignmentStatus == .pending)
    }

    @Test func aR24FifoPriorityBeatsAge() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(taskOrder: "FIFO")
        let worker = try fixture.createWorker("w", activity: "Offline")
        let old = try fixture.createTask(priority: 1)
        fixture.advance(seconds: 60)
        let new = try fixture.createTask(priority: 5)
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 2) == [new, old])
    }

    @Test func aR25AssignedTaskCannotBeCanceled() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createWorker("W1")
        let task = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        #expect(throws: EngineError.self) {
            try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled", reason: "late"))
        }
        #expect(try fixture.task(task).assignmentStatus == .assigned)
    }

    @Test func aR26PriorityAboveMaximumRejected() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        #expect(throws: EngineError.self) { try fixture.createTask(priority: 2_147_483_648) }
        try fixture.createTask(priority: 2_147_483_647)
    }

    @Test func aR27MaxReservedWorkersAboveFiftyRejected() throws {
        let fixture = try EngineFixture()
        #expect(throws: EngineError.self) { try fixture.createQueue("Q", maxReservedWorkers: 51) }
        try fixture.createQueue("Q", maxReservedWorkers: 50)
    }

    @Test func aR28BothKnownWorkerKeysRejected() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        #expect(throws: EngineError.self) {
            try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","known_worker_sid":"task.a","known_worker_friendly_name":"task.b"}"#)
        }
    }

    @Test func aR29FirstTargetWithoutQueueRejected() throws {
        let fixture = try EngineFixture()
        #expect(throws: EngineError.self) { try createOneFilterWorkflow(fixture, targets: #"{"priority":1}"#) }
    }

    @Test func aR30UnparsableFilterExpressionRejected() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        #expect(throws: EngineError.self) {
            try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"customer-value == 'gold'","targets":[{"queue":"\#(queue)"}]}]}}"#)
        }
    }

    @Test func aR31ReservationTimeoutKeepsStep() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","timeout":300},{"queue":"\#(q2)"}"#, reservationTimeout: 5)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let first = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 6)
        #expect(try fixture.task(task).taskQueueSid == q1)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == (first.workerSid == w1 ? w2 : w1))
    }

    @Test func aR32QueueRoutingTargetSkipsWorkflow() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let task = try fixture.createTask(routingTarget: q2)
        #expect(try fixture.task(task).taskQueueSid == q2)
    }

    @Test func aR33NeverAssignedOldestAvailableFirst() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        fixture.advance(seconds: 1)
        try fixture.createWorker("W2")
        let task = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    @Test func aR34NeverReservedGoInCreationOrder() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1", activity: "Offline")
        fixture.advance(seconds: 1)
        try fixture.createWorker("W2")
        fixture.advance(seconds: 1)
        try fixture.setActivity(w1, "Available")
        let task = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    @Test func aR35LifoUsesVirtualStartTime() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(taskOrder: "LIFO")
        let worker = try fixture.createWorker("w", activity: "Offline")
        let start = fixture.now
        fixture.now = start.adding(seconds: 600)
        let a = try fixture.createTask(virtualStartTime: start.adding(seconds: 500))
        fixture.now = start.adding(seconds: 660)
        let b = try fixture.createTask(virtualStartTime: start.adding(seconds: 100))
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 2) == [a, b])
    }

    @Test func aR36TwoFifoQueuesOrderGlobally() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", taskOrder: "FIFO")
        let q2 = try fixture.createQueue("Q2", taskOrder: "FIFO")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"q == 1","targets":[{"queue":"\(q1)"}]},
              {"expression":"q == 2","targets":[{"queue":"\(q2)"}]}]}}
            """)
        let worker = try fixture.createWorker("w", activity: "Offline")
        let x = try fixture.createTask(#"{"q":2}"#, priority: 0)
        fixture.advance(seconds: 1)
        let y = try fixture.createTask(#"{"q":1}"#, priority: 0)
        fixture.advance(seconds: 1)
        let z = try fixture.createTask(#"{"q":2}"#, priority: 5)
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 3) == [z, x, y])
    }

    @Test func aR37MovedTaskKeepsAgePlace() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"kind == 'early'","targets":[{"queue":"\(q1)","timeout":30},{"queue":"\(q2)"}]},
              {"expression":"1==1","targets":[{"queue":"\(q2)"}]}]}}
            """)
        let worker = try fixture.createWorker("w", activity: "Offline")
        let early = try fixture.createTask(#"{"kind":"early"}"#)
        fixture.advance(seconds: 10)
        let late = try fixture.createTask("{}")
        fixture.advance(seconds: 21)
        #expect(try fixture.task(early).taskQueueSid == q2)
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 2) == [early, late])
    }

    @Test func aR38AttributeChangeRecomputesMembership() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(targetWorkers: "skills HAS 'sales'")
        let w1 = try fixture.createWorker("W1", attributes: #"{"skills":[]}"#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .pending)
        try fixture.updateWorker(w1, UpdateWorkerRequest(attributes: #"{"skills":["sales"]}"#))
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    @Test func aR39TargetWorkersChangeRecomputesMembership() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue(targetWorkers: "skills HAS 'sales'")
        let w1 = try fixture.createWorker("W1", attributes: #"{"skills":["support"]}"#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .pending)
        var request = UpdateTaskQueueRequest()
        request.targetWorkers = "skills HAS 'support'"
        try fixture.updateTaskQueue(queue, request)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
        let stats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue,
                                                           account: EngineFixture.account, now: fixture.now)
        #expect(stats.totalEligibleWorkers == 1)
    }

    @Test func aR40WorkerTargetIgnoresActivityByDefault() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1", activity: "Offline")
        let task = try fixture.createTask(routingTarget: w1)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    @Test func aR41WorkerTargetRespectsAvailabilityWhenAsked() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1", activity: "Offline")
        let task = try fixture.createTask(routingTarget: w1, ignoreCapacity: "no")
        #expect(try fixture.task(task).assignmentStatus == .pending)
        try fixture.setActivity(w1, "Available")
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == w1)
    }

    @Test func aR42SingleTaskingOneTaskAtATime() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let t1 = try fixture.createTask()
        let t2 = try fixture.createTask()
        #expect(try fixture.task(t2).assignmentStatus == .pending)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: t1)).sid)
        #expect(try fixture.task(t2).assignmentStatus == .pending)
        try fixture.complete(t1)
        #expect(try fixture.pendingReservation(ofTask: t2)?.workerSid == w1)
    }

    @Test func aR43ZeroCapacityChannelGetsNothing() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "voice", capacity: 0)
        let voice = try fixture.createTask(channel: "voice")
        let chat = try fixture.createTask(channel: "chat")
        #expect(try fixture.reservations(ofTask: voice).isEmpty)
        #expect(try fixture.pendingReservation(ofTask: chat)?.workerSid == w1)
    }

    @Test func aR44KnownWorkerOutsideQueueLeavesTaskWaiting() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", targetWorkers: "team == 'a'")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","known_worker_sid":"task.agent_sid"}"#)
        let outsider = try fixture.createWorker("Outsider", attributes: #"{"team":"b"}"#)
        try fixture.createWorker("Member", attributes: #"{"team":"a"}"#)
        let task = try fixture.createTask(#"{"agent_sid":"\#(outsider)"}"#)
        let info = try fixture.task(task)
        #expect(info.assignmentStatus == .pending)
        #expect(info.taskQueueSid == queue)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
    }
}

import Testing
@testable import AllotCore

/// Routing rules taken two at a time: escalation with priorities, skips with
/// cumulative deadlines, known workers with capacity, multi-reservation with
/// rescinds, and timers at their deadline.
@Suite struct CombinedRuleTests {
    /// Creates a workflow with one catch-all filter over `targets`.
    @discardableResult
    func createOneFilterWorkflow(_ fixture: EngineFixture, targets: String) throws -> String {
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[\#(targets)]}]}}"#)
    }

    @Test func skippedStepCountsTowardDeadline() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        let q3 = try fixture.createQueue("Q3", targetWorkers: "1==0")
        try createOneFilterWorkflow(fixture, targets: """
            {"queue":"\(q1)","timeout":10,"skip_if":"1==1"},{"queue":"\(q2)","timeout":10},{"queue":"\(q3)"}
            """)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == q2)
        fixture.advance(seconds: 15)
        #expect(try fixture.task(task).taskQueueSid == q2)
        fixture.advance(seconds: 5)
        #expect(try fixture.task(task).taskQueueSid == q3)
    }

    @Test func escalationLowersPriorityAndReordersQueue() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[
              {"expression":"kind == 'escalated'","targets":[{"queue":"\(q1)","priority":10,"timeout":10},{"queue":"\(q2)","priority":1}]},
              {"expression":"kind == 'plain'","targets":[{"queue":"\(q2)","priority":5}]}]}}
            """)
        let worker = try fixture.createWorker("W", activity: "Offline")
        let escalated = try fixture.createTask(#"{"kind":"escalated"}"#)
        #expect(try fixture.task(escalated).priority == 10)
        fixture.advance(seconds: 5)
        let plain = try fixture.createTask(#"{"kind":"plain"}"#)
        fixture.advance(seconds: 6)
        #expect(try fixture.task(escalated).taskQueueSid == q2)
        #expect(try fixture.task(escalated).priority == 1)
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 2) == [plain, escalated])
    }

    @Test func apiPriorityOutlivesPlainSteps() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","timeout":10},{"queue":"\#(q2)"}"#)
        let task = try fixture.createTask(priority: 7)
        try fixture.updateTask(task, UpdateTaskRequest(priority: 9))
        fixture.advance(seconds: 11)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == q2)
        #expect(info.priority == 9)
    }

    @Test func stepTimeoutFiresAtDeadline() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","timeout":10},{"queue":"\#(q2)"}"#)
        let task = try fixture.createTask(timeout: 30)
        fixture.advance(seconds: 9)
        #expect(try fixture.task(task).taskQueueSid == q1)
        fixture.advance(seconds: 1)
        #expect(try fixture.task(task).taskQueueSid == q2)
        fixture.advance(seconds: 19)
        #expect(try fixture.task(task).assignmentStatus == .pending)
        fixture.advance(seconds: 1)
        #expect(try fixture.task(task).assignmentStatus == .canceled)
    }

    @Test func reservationTimeoutFiresAtDeadline() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(reservationTimeout: 30)
        try fixture.createWorker("W")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 29)
        #expect(try fixture.reservationStatus(reservation.sid) == .pending)
        fixture.advance(seconds: 1)
        #expect(try fixture.reservationStatus(reservation.sid) == .timeout)
    }

    @Test func rescindedWorkerTakesNextWaitingTask() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue(maxReservedWorkers: 2)
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let first = try fixture.createTask()
        #expect(try fixture.reservations(ofTask: first).count == 2)
        let second = try fixture.createTask()
        #expect(try fixture.task(second).assignmentStatus == .pending)
        let accepted = try #require(try fixture.reservations(ofTask: first).first { $0.workerSid == w1 })
        try fixture.accept(accepted.sid)
        #expect(try fixture.pendingReservation(ofTask: second)?.workerSid == w2)
    }

    @Test func multiReservationFollowsOrderBy() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", maxReservedWorkers: 2)
        try fixture.createWorkflow(#"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)","order_by":"worker.level DESC"}}}"#)
        try fixture.createWorker("Low", attributes: #"{"level":1}"#)
        let high = try fixture.createWorker("High", attributes: #"{"level":5}"#)
        let middle = try fixture.createWorker("Middle", attributes: #"{"level":3}"#)
        let task = try fixture.createTask()
        #expect(Set(try fixture.reservations(ofTask: task).map(\.workerSid)) == [high, middle])
    }

    @Test func knownWorkerFreedWithinStepTakesTask() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","timeout":60,"known_worker_sid":"task.agent"},{"queue":"\#(queue)"}"#)
        let known = try fixture.createWorker("Known")
        let busy = try fixture.createTask(#"{"agent":"\#(known)"}"#)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: busy)).sid)
        try fixture.createWorker("Other")
        let waiting = try fixture.createTask(#"{"agent":"\#(known)"}"#)
        #expect(try fixture.reservations(ofTask: waiting).isEmpty)
        fixture.advance(seconds: 30)
        try fixture.complete(busy)
        #expect(try fixture.pendingReservation(ofTask: waiting)?.workerSid == known)
    }

    @Test func busyKnownWorkerYieldsAfterTimeout() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","timeout":60,"known_worker_sid":"task.agent"},{"queue":"\#(queue)"}"#)
        let known = try fixture.createWorker("Known")
        let busy = try fixture.createTask(#"{"agent":"\#(known)"}"#)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: busy)).sid)
        let other = try fixture.createWorker("Other")
        let waiting = try fixture.createTask(#"{"agent":"\#(known)"}"#)
        fixture.advance(seconds: 60)
        #expect(try fixture.pendingReservation(ofTask: waiting)?.workerSid == other)
    }

    @Test func knownWorkerFailingTargetExpressionWaits() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: """
            {"queue":"\(queue)","timeout":20,"known_worker_sid":"task.agent","expression":"worker.level > 3"},{"queue":"\(queue)"}
            """)
        let known = try fixture.createWorker("Known", attributes: #"{"level":1}"#)
        let task = try fixture.createTask(#"{"agent":"\#(known)"}"#)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        fixture.advance(seconds: 20)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == known)
    }

    @Test func workerAttributeUpdateSatisfiesWaitingTarget() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","expression":"worker.level >= task.minimum"}"#)
        let worker = try fixture.createWorker("W", attributes: #"{"level":1}"#)
        let task = try fixture.createTask(#"{"minimum":3}"#)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        try fixture.updateWorker(worker, UpdateWorkerRequest(attributes: #"{"level":5}"#))
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
    }

    @Test func channelChangeOffersTaskOnNewChannel() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W")
        let busy = try fixture.createTask(channel: "voice")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: busy)).sid)
        let task = try fixture.createTask(channel: "voice")
        #expect(try fixture.task(task).assignmentStatus == .pending)
        var request = UpdateTaskRequest()
        request.taskChannel = "chat"
        try fixture.updateTask(task, request)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
    }

    @Test func raisedCapacityTakesWaitingTask() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W")
        let busy = try fixture.createTask(channel: "chat")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: busy)).sid)
        let task = try fixture.createTask(channel: "chat")
        #expect(try fixture.task(task).assignmentStatus == .pending)
        try fixture.setCapacity(worker, channel: "chat", capacity: 2)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
        #expect(try fixture.workerChannel(worker, "chat").availableCapacityPercentage == 0)
    }

    @Test func timeToLiveRestoresSingleTaskingActivity() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createActivity("Reserved", available: false)
        try fixture.createCatchAllQueue(reservationActivity: "Reserved", reservationTimeout: 600)
        let worker = try fixture.createWorker("W")
        let task = try fixture.createTask(timeout: 60)
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(try fixture.worker(worker).activityName == "Reserved")
        fixture.advance(seconds: 60)
        #expect(try fixture.task(task).assignmentStatus == .canceled)
        #expect(try fixture.reservationStatus(reservation.sid) == .canceled)
        #expect(try fixture.worker(worker).activityName == "Available")
    }

    @Test func reservationTimeoutUsesUpdatedTimeoutActivity() throws {
        let fixture = try EngineFixture()
        let lunch = try fixture.createActivity("Lunch", available: false)
        var request = UpdateWorkspaceRequest()
        request.timeoutActivitySid = lunch
        fixture.record(try fixture.engine.updateWorkspace(sid: fixture.workspace, request, account: EngineFixture.account,
                                                          now: fixture.now))
        try fixture.createCatchAllQueue(reservationTimeout: 30)
        let worker = try fixture.createWorker("W")
        try fixture.createTask()
        fixture.advance(seconds: 30)
        #expect(try fixture.worker(worker).activityName == "Lunch")
    }

    @Test func singleTaskingWrappingBlocksReservations() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W")
        let first = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: first)).sid)
        try fixture.updateTask(first, UpdateTaskRequest(assignmentStatus: "wrapping"))
        let second = try fixture.createTask()
        #expect(try fixture.reservations(ofTask: second).isEmpty)
        try fixture.complete(first)
        #expect(try fixture.pendingReservation(ofTask: second)?.workerSid == worker)
    }

    @Test func skipIfCountsExcludedMembers() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        try createOneFilterWorkflow(fixture, targets: """
            {"queue":"\(q1)","expression":"worker.level > 3","skip_if":"workers.available == 0"},{"queue":"\(q2)"}
            """)
        try fixture.createWorker("W", attributes: #"{"level":1}"#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == q1)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
    }

    @Test func consecutiveSkipsReachDefaultFilter() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        let qd = try fixture.createQueue("QD")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(q1)","skip_if":"1==1"},{"queue":"\(q2)","skip_if":"workers.available == 0"}]}],
             "default_filter":{"queue":"\(qd)"}}}
            """)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == qd)
        #expect(fixture.eventTypes.filter { $0 == "workflow.target-matched" }.count == 3)
        #expect(!fixture.eventTypes.contains("workflow.skipped"))
    }

    @Test func rerouteKeepsLaterStep() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1", targetWorkers: "1==0")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(q1)","timeout":10},{"queue":"\#(q2)"}"#)
        let task = try fixture.createTask(#"{"n":1}"#)
        fixture.advance(seconds: 15)
        fixture.clearEvents()
        try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"n":2}"#))
        #expect(try fixture.task(task).taskQueueSid == q2)
        #expect(fixture.eventTypes.contains("task.updated"))
        #expect(!fixture.eventTypes.contains("task-queue.moved"))
    }

    @Test func virtualStartTimeUpdateReordersWaitingTasks() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W", activity: "Offline")
        let first = try fixture.createTask()
        fixture.advance(seconds: 10)
        let second = try fixture.createTask()
        var request = UpdateTaskRequest()
        request.virtualStartTime = fixture.now.adding(seconds: -60)
        try fixture.updateTask(second, request)
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 2) == [second, first])
    }

    @Test func stepTimeoutRestoresSingleTaskingActivity() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createActivity("Reserved", available: false)
        let q1 = try fixture.createQueue("Q1", reservationActivity: "Reserved")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(q1)","timeout":20},{"queue":"\#(q2)"}]}]}}"#,
                                   reservationTimeout: 60)
        let worker = try fixture.createWorker("W")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(try fixture.worker(worker).activityName == "Reserved")
        fixture.advance(seconds: 20)
        #expect(try fixture.reservationStatus(reservation.sid) == .canceled)
        #expect(try fixture.task(task).taskQueueSid == q2)
        #expect(try fixture.worker(worker).activityName == "Available")
    }

    @Test func assignedTasksCountsAcceptedOnly() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"kind == 'chat'","targets":[{"queue":"\(queue)","expression":"worker.channel.voice.assigned_tasks == 0"}]}],
             "default_filter":{"queue":"\(queue)"}}}
            """)
        let worker = try fixture.createWorker("W")
        try fixture.setCapacity(worker, channel: "chat", capacity: 3)
        let voice = try fixture.createTask(#"{"kind":"voice"}"#, channel: "voice")
        let voiceReservation = try #require(try fixture.pendingReservation(ofTask: voice))
        let firstChat = try fixture.createTask(#"{"kind":"chat"}"#, channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: firstChat)?.workerSid == worker)
        try fixture.accept(voiceReservation.sid)
        let secondChat = try fixture.createTask(#"{"kind":"chat"}"#, channel: "chat")
        #expect(try fixture.reservations(ofTask: secondChat).isEmpty)
        try fixture.complete(voice)
        #expect(try fixture.pendingReservation(ofTask: secondChat)?.workerSid == worker)
    }

    @Test func knownWorkerGetsOneReservation() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", maxReservedWorkers: 3)
        try createOneFilterWorkflow(fixture, targets: #"{"queue":"\#(queue)","known_worker_friendly_name":"task.agent"}"#)
        try fixture.createWorker("Other1")
        let known = try fixture.createWorker("Known")
        try fixture.createWorker("Other2")
        let task = try fixture.createTask(#"{"agent":"known"}"#)
        #expect(try fixture.reservations(ofTask: task).map(\.workerSid) == [known])
    }

    @Test func multitaskingIgnoresQueueActivities() throws {
        let fixture = try EngineFixture()
        try fixture.createActivity("Reserved", available: false)
        try fixture.createActivity("Busy", available: false)
        try fixture.createCatchAllQueue(reservationActivity: "Reserved", assignmentActivity: "Busy")
        let worker = try fixture.createWorker("W")
        let task = try fixture.createTask()
        #expect(try fixture.worker(worker).activityName == "Available")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        #expect(try fixture.worker(worker).activityName == "Available")
    }

    @Test func singleTaskingReservationBlocksOtherChannels() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W")
        let voice = try fixture.createTask(channel: "voice")
        let reservation = try #require(try fixture.pendingReservation(ofTask: voice))
        let chat = try fixture.createTask(channel: "chat")
        #expect(try fixture.reservations(ofTask: chat).isEmpty)
        try fixture.reject(reservation.sid, activity: "Offline")
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.reservations(ofWorker: worker).filter { $0.reservationStatus == .pending }.count == 1)
    }

    @Test func stepTimeoutBeatsReservationTimeout() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2", targetWorkers: "1==0")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(q1)","timeout":30},{"queue":"\#(q2)"}]}]}}"#,
                                   reservationTimeout: 30)
        let worker = try fixture.createWorker("W")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 30)
        #expect(try fixture.reservationStatus(reservation.sid) == .canceled)
        #expect(try fixture.worker(worker).activityName == "Available")
        #expect(try fixture.task(task).taskQueueSid == q2)
    }

    @Test func taskOrderChangeReordersWaitingTasks() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W", activity: "Offline")
        let first = try fixture.createTask(priority: 5)
        fixture.advance(seconds: 1)
        let second = try fixture.createTask(priority: 0)
        try fixture.updateTaskQueue(queue, UpdateTaskQueueRequest(taskOrder: "LIFO"))
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.drainOffers(to: worker, limit: 2) == [second, first])
    }
}

import Testing
@testable import AllotCore

/// Tests of the offer made as a task is placed. A task that the offer
/// reserves skips the pending heap and direct list, and one that finds no
/// worker waits in them. The fixture checks the invariants after every call,
/// including that a task is matchable exactly while it is pending at a place
/// that workers can take it from.
@Suite struct OfferOnPlacementTests {
    /// Returns the number of tasks in `queue`'s pending heaps.
    private func heapSize(_ fixture: EngineFixture, queue: String) throws -> Int {
        try fixture.engine.read(fixture.workspace, account: EngineFixture.account) { state throws(EngineError) in
            state.queues[try state.queueHandle(queue, field: "Sid")].pendingTasks.values.reduce(0) { $0 + $1.count }
        }
    }

    /// Returns the number of tasks in `worker`'s direct list.
    private func directCount(_ fixture: EngineFixture, worker: String) throws -> Int {
        try fixture.engine.read(fixture.workspace, account: EngineFixture.account) { state throws(EngineError) in
            state.workers[try state.workerHandle(worker, field: "Sid")].directTasks.count
        }
    }

    private func isMatchable(_ fixture: EngineFixture, task: String) throws -> Bool {
        try fixture.engine.read(fixture.workspace, account: EngineFixture.account) { state throws(EngineError) in
            state.tasks[try state.taskHandle(task, field: "Sid")].isMatchable
        }
    }

    @Test func reservedTaskLeavesNoHeapEntry() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("w")
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .reserved)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
        #expect(try !isMatchable(fixture, task: task))
        #expect(try heapSize(fixture, queue: queue) == 0)
    }

    @Test func unreservedTaskWaitsInHeap() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("w", activity: "Offline")
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(try isMatchable(fixture, task: task))
        #expect(try heapSize(fixture, queue: queue) == 1)
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
        #expect(try heapSize(fixture, queue: queue) == 0)
    }

    @Test func ineligibleWorkersLeaveTaskInHeap() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"\(queue)","expression":"worker.level > task.level"}]}]}}
            """)
        let worker = try fixture.createWorker("w", attributes: #"{"level":1}"#)
        let task = try fixture.createTask(#"{"level":2}"#)
        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(try heapSize(fixture, queue: queue) == 1)
        try fixture.updateWorker(worker, UpdateWorkerRequest(attributes: #"{"level":3}"#))
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
        #expect(try heapSize(fixture, queue: queue) == 0)
    }

    @Test func targetWorkerTaskWaitsInDirectList() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("w")
        try fixture.setCapacity(worker, channel: "default", capacity: 1)
        let first = try fixture.createTask()
        let firstReservation = try #require(try fixture.pendingReservation(ofTask: first))
        let second = try fixture.createTask(routingTarget: worker, ignoreCapacity: "false")
        #expect(try fixture.task(second).assignmentStatus == .pending)
        #expect(try directCount(fixture, worker: worker) == 1)
        #expect(try heapSize(fixture, queue: queue) == 0)
        try fixture.accept(firstReservation.sid)
        try fixture.complete(first)
        #expect(try fixture.pendingReservation(ofTask: second)?.workerSid == worker)
        #expect(try directCount(fixture, worker: worker) == 0)
    }

    @Test func targetWorkerTaskReservedAtOnce() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("w")
        let task = try fixture.createTask(routingTarget: worker)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
        #expect(try directCount(fixture, worker: worker) == 0)
        #expect(try !isMatchable(fixture, task: task))
    }

    @Test func targetQueueTaskWaitsThenReserved() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let other = try fixture.createQueue("Other")
        let worker = try fixture.createWorker("w", activity: "Offline")
        let task = try fixture.createTask(routingTarget: other)
        #expect(try heapSize(fixture, queue: other) == 1)
        try fixture.setActivity(worker, "Available")
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
        #expect(try heapSize(fixture, queue: other) == 0)
    }
}

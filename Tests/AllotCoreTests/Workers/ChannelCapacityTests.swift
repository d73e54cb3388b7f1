import Testing
@testable import AllotCore

/// Multitasking: per-channel capacity, channel availability and the
/// channel fields of target expressions.
@Suite struct ChannelCapacityTests {
    @Test func reservationsFillCapacityInParallel() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        try fixture.setCapacity(worker, channel: "chat", capacity: 2)
        let first = try fixture.createTask(channel: "chat")
        let second = try fixture.createTask(channel: "chat")
        let third = try fixture.createTask(channel: "chat")
        #expect(try fixture.task(first).assignmentStatus == .reserved)
        #expect(try fixture.task(second).assignmentStatus == .reserved)
        #expect(try fixture.task(third).assignmentStatus == .pending)
        let info = try fixture.workerChannel(worker, "chat")
        #expect(info.availableCapacityPercentage == 0)
        #expect(info.assignedTasks == 0)
    }

    @Test func rejectReleasesCapacity() throws {
        let fixture = try EngineFixture(configuration: EngineConfiguration(shardCount: 1, reofferRejectedTasks: false))
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        let first = try fixture.createTask()
        let second = try fixture.createTask()
        #expect(try fixture.reservations(ofTask: second).isEmpty)
        try fixture.reject(try #require(try fixture.pendingReservation(ofTask: first)).sid)
        #expect(try fixture.pendingReservation(ofTask: second)?.workerSid == worker)
    }

    @Test func unavailableChannelKeepsCapacity() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        try fixture.setCapacity(worker, channel: "chat", capacity: 3)
        try fixture.updateWorkerChannel(worker, channel: "chat", UpdateWorkerChannelRequest(available: false))
        let chat = try fixture.createTask(channel: "chat")
        let voice = try fixture.createTask(channel: "voice")
        #expect(try fixture.reservations(ofTask: chat).isEmpty)
        #expect(try fixture.pendingReservation(ofTask: voice)?.workerSid == worker)
        #expect(try fixture.workerChannel(worker, "chat").configuredCapacity == 3)
        try fixture.updateWorkerChannel(worker, channel: "chat", UpdateWorkerChannelRequest(available: true))
        #expect(try fixture.pendingReservation(ofTask: chat)?.workerSid == worker)
    }

    @Test func zeroCapacityGetsNoReservation() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        try fixture.setCapacity(worker, channel: "sms", capacity: 0)
        let task = try fixture.createTask(channel: "sms")
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        #expect(try fixture.workerChannel(worker, "sms").availableCapacityPercentage == 0)
        try fixture.setCapacity(worker, channel: "sms", capacity: 1)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == worker)
    }

    @Test func loweredCapacityStopsNewReservations() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        try fixture.setCapacity(worker, channel: "chat", capacity: 3)
        let first = try fixture.createTask(channel: "chat")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: first)).sid)
        try fixture.setCapacity(worker, channel: "chat", capacity: 1)
        let second = try fixture.createTask(channel: "chat")
        #expect(try fixture.reservations(ofTask: second).isEmpty)
        #expect(try fixture.task(first).assignmentStatus == .assigned)
    }

    @Test func capacityPercentageInTargetExpression() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[],"default_filter":{"queue":"\(queue)",
              "expression":"worker.channel.chat.available_capacity_percentage >= 50"}}}
            """)
        let busy = try fixture.createWorker("Busy")
        let idle = try fixture.createWorker("Idle")
        try fixture.setCapacity(busy, channel: "chat", capacity: 4)
        try fixture.setCapacity(idle, channel: "chat", capacity: 4)
        // With Idle offline, Busy takes two chats (50 % available) and then a
        // third (25 % available), which the expression then excludes.
        try fixture.setActivity(idle, "Offline")
        for _ in 0..<2 { try fixture.createTask(channel: "chat") }
        #expect(try fixture.workerChannel(busy, "chat").availableCapacityPercentage == 50)
        let third = try fixture.createTask(channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: third)?.workerSid == busy)
        #expect(try fixture.workerChannel(busy, "chat").availableCapacityPercentage == 25)
        try fixture.setActivity(idle, "Available")
        let fourth = try fixture.createTask(channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: fourth)?.workerSid == idle)
    }

    @Test func unavailableActivityStopsEveryChannel() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        let voice = try fixture.createTask(channel: "voice")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: voice)).sid)
        try fixture.setActivity(worker, "Unavailable")
        let chat = try fixture.createTask(channel: "chat")
        #expect(try fixture.reservations(ofTask: chat).isEmpty)
        try fixture.complete(voice)
        #expect(try fixture.worker(worker).activityName == "Unavailable")
        #expect(try fixture.reservations(ofTask: chat).isEmpty)
    }

    /// A pending reservation uses one unit of capacity, and accepting it keeps
    /// that unit in use until the task is completed.
    @Test func capacityFreedOnlyAtCompletion() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        try fixture.setCapacity(worker, channel: "default", capacity: 2)
        let first = try fixture.createTask()
        let second = try fixture.createTask()
        let accepted = try #require(try fixture.pendingReservation(ofTask: first))
        let waiting = try #require(try fixture.pendingReservation(ofTask: second))

        try fixture.accept(accepted.sid)
        #expect(try fixture.reservationStatus(waiting.sid) == .pending)
        let busy = try fixture.workerChannel(worker, "default")
        #expect(busy.activeReservations == 2)
        #expect(busy.assignedTasks == 1)
        #expect(busy.availableCapacityPercentage == 0)

        try fixture.complete(first)
        let freed = try fixture.workerChannel(worker, "default")
        #expect(freed.activeReservations == 1)
        #expect(freed.assignedTasks == 0)
        #expect(freed.availableCapacityPercentage == 50)
    }
}

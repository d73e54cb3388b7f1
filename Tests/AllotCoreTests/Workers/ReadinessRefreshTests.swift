import Testing
@testable import AllotCore

/// `refreshReadiness` skips a worker whose entries in its first queue already
/// match its keys. These cases change one ready order while the others keep
/// their keys, so a skip that compared too little would leave a stale entry.
@Suite struct ReadinessRefreshTests {
    private func optimizeChannel(_ fixture: EngineFixture, _ name: String) throws {
        let channel = try fixture.engine.fetchTaskChannel(workspace: fixture.workspace, sidOrUniqueName: name,
                                                          account: EngineFixture.account)
        fixture.record(try fixture.engine.updateTaskChannel(workspace: fixture.workspace, sid: channel.sid,
                                                            UpdateTaskChannelRequest(channelOptimizedRouting: true),
                                                            account: EngineFixture.account, now: fixture.now))
    }

    /// Completing a chat task frees the worker's chat capacity, but its
    /// shared key, the ticket of the acceptance, stays the same. So only the
    /// chat order changes.
    @Test func completionReturnsWorkerToChannelOrder() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue("A")
        try fixture.createQueue("B")
        try optimizeChannel(fixture, "chat")
        let first = try fixture.createWorker("first")
        let second = try fixture.createWorker("second")

        let firstTask = try fixture.createTask(channel: "chat")
        let firstReservation = try #require(try fixture.pendingReservation(ofTask: firstTask))
        #expect(firstReservation.workerSid == first)
        try fixture.accept(firstReservation.sid)
        let secondTask = try fixture.createTask(channel: "chat")
        let secondReservation = try #require(try fixture.pendingReservation(ofTask: secondTask))
        #expect(secondReservation.workerSid == second)
        try fixture.accept(secondReservation.sid)

        try fixture.complete(firstTask)
        try fixture.complete(secondTask)
        // `first` accepted its chat task earlier, so it has been idle on chat longer.
        let thirdTask = try fixture.createTask(channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: thirdTask)?.workerSid == first)
    }

    /// A completion that changes no key leaves the worker where its
    /// acceptance put it, behind a worker that was never reserved.
    @Test func completionKeepsSharedPosition() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue("A")
        try fixture.createQueue("B")
        let first = try fixture.createWorker("first")
        let second = try fixture.createWorker("second")

        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(reservation.workerSid == first)
        try fixture.accept(reservation.sid)
        try fixture.complete(task)
        let next = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: next)?.workerSid == second)
    }

    /// Without channel-optimized routing, a worker whose first channel is
    /// full stays in the shared order through a later channel with room.
    @Test func laterChannelKeepsWorkerReady() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue("A")
        let worker = try fixture.createWorker("only")

        let defaultTask = try fixture.createTask()
        let defaultReservation = try #require(try fixture.pendingReservation(ofTask: defaultTask))
        try fixture.accept(defaultReservation.sid)
        let chatTask = try fixture.createTask(channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: chatTask)?.workerSid == worker)
    }

    /// A worker with no room on any channel leaves the shared order, and
    /// turning channel-optimized routing on and off again keeps it out.
    @Test func fullWorkerLeavesSharedOrder() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue("A")
        let worker = try fixture.createWorker("only")
        for channel in ["voice", "chat", "sms", "video"] {
            try fixture.setCapacity(worker, channel: channel, capacity: 0)
        }
        let defaultTask = try fixture.createTask()
        let defaultReservation = try #require(try fixture.pendingReservation(ofTask: defaultTask))
        try fixture.accept(defaultReservation.sid)

        try optimizeChannel(fixture, "chat")
        let chat = try fixture.engine.fetchTaskChannel(workspace: fixture.workspace, sidOrUniqueName: "chat",
                                                       account: EngineFixture.account)
        fixture.record(try fixture.engine.updateTaskChannel(workspace: fixture.workspace, sid: chat.sid,
                                                            UpdateTaskChannelRequest(channelOptimizedRouting: false),
                                                            account: EngineFixture.account, now: fixture.now))
        let waiting = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: waiting) == nil)
        try fixture.setCapacity(worker, channel: "default", capacity: 2)
        #expect(try fixture.pendingReservation(ofTask: waiting)?.workerSid == worker)
    }
}

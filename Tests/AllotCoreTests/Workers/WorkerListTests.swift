import Testing
@testable import AllotCore

@Suite struct WorkerListTests {
    @Test func listFiltersWorkersAndQueues() throws {
        let fixture = try EngineFixture()
        let sales = try fixture.createQueue("Sales", targetWorkers: "skills HAS 'sales'")
        let alice = try fixture.createWorker("alice", attributes: #"{"skills":["sales"],"level":7}"#)
        let bob = try fixture.createWorker("bob", attributes: #"{"skills":["support"],"level":2}"#, activity: "Offline")
        var request = ListWorkersRequest()
        request.taskQueueSid = sales
        #expect(try fixture.engine.listWorkers(workspace: fixture.workspace, request, account: EngineFixture.account,
                                               now: fixture.now).items.map(\.sid) == [alice])
        request = ListWorkersRequest()
        request.targetWorkersExpression = "level < 5 AND activity_name == 'Offline'"
        #expect(try fixture.engine.listWorkers(workspace: fixture.workspace, request, account: EngineFixture.account,
                                               now: fixture.now).items.map(\.sid) == [bob])
        request = ListWorkersRequest()
        request.available = "yes"
        #expect(try fixture.engine.listWorkers(workspace: fixture.workspace, request, account: EngineFixture.account,
                                               now: fixture.now).items.map(\.sid) == [alice])
        var queues = ListTaskQueuesRequest()
        queues.evaluateWorkerAttributes = #"{"skills":["sales"]}"#
        #expect(try fixture.engine.listTaskQueues(workspace: fixture.workspace, queues, account: EngineFixture.account,
                                                  now: fixture.now).items.map(\.sid) == [sales])
        queues = ListTaskQueuesRequest()
        queues.workerSid = bob
        #expect(try fixture.engine.listTaskQueues(workspace: fixture.workspace, queues, account: EngineFixture.account,
                                                  now: fixture.now).items.isEmpty)
    }

    @Test func multitaskingPercentageFollowsTheFormula() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        let worker = try fixture.createWorker("w")
        try fixture.setCapacity(worker, channel: "chat", capacity: 3)
        try fixture.createTask(channel: "chat")
        try fixture.createTask(channel: "chat")
        let chat = try fixture.engine.fetchWorkerChannel(workspace: fixture.workspace, workerSid: worker, channel: "chat",
                                                         account: EngineFixture.account)
        #expect(chat.activeReservations == 2)
        #expect(chat.availableCapacityPercentage == 33)
    }
}

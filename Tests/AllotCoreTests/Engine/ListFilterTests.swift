import Testing
@testable import AllotCore

/// Tests of the list filters of activities, workers, queues and tasks.
@Suite struct ListFilterTests {
    func workers(_ fixture: EngineFixture, _ request: ListWorkersRequest) throws -> [String] {
        try fixture.engine.listWorkers(workspace: fixture.workspace, request, account: EngineFixture.account, now: fixture.now)
            .items.map(\.friendlyName)
    }

    @Test func evaluateWorkerAttributesCoercesNumericStrings() throws {
        let fixture = try EngineFixture()
        let expert = try fixture.createQueue("Expert", targetWorkers: "tech_support_skill > 5")
        try fixture.createQueue("Novice", targetWorkers: "tech_support_skill <= 5")
        var request = ListTaskQueuesRequest()
        request.evaluateWorkerAttributes = #"{"tech_support_skill":"6"}"#
        let listed = try fixture.engine.listTaskQueues(workspace: fixture.workspace, request, account: EngineFixture.account,
                                                       now: fixture.now).items
        #expect(listed.map(\.sid) == [expert])
    }

    @Test func workerFiltersByActivityAndName() throws {
        let fixture = try EngineFixture()
        try fixture.createWorker("Alice", attributes: #"{"level":7}"#, activity: "Available")
        let bob = try fixture.createWorker("Bob", attributes: #"{"level":2}"#, activity: "Offline")
        try fixture.createWorker("Carol", attributes: #"{"level":4}"#, activity: "Unavailable")

        var request = ListWorkersRequest()
        request.activityName = "Offline"
        #expect(try workers(fixture, request) == ["Bob"])
        request = ListWorkersRequest()
        request.activitySid = try fixture.activitySid("Unavailable")
        #expect(try workers(fixture, request) == ["Carol"])
        request = ListWorkersRequest()
        request.available = "1"
        #expect(try workers(fixture, request) == ["Alice"])
        request.available = "no"
        #expect(try workers(fixture, request) == ["Bob", "Carol"])
        request = ListWorkersRequest()
        request.friendlyName = "alice"
        #expect(try workers(fixture, request) == ["Alice"])
        request = ListWorkersRequest()
        request.targetWorkersExpression = "sid == '\(bob)' OR friendly_name == 'Carol'"
        #expect(try workers(fixture, request) == ["Bob", "Carol"])
        request.targetWorkersExpression = "level >= 4 AND activity_name != 'Offline'"
        #expect(try workers(fixture, request) == ["Alice", "Carol"])
        request.targetWorkersExpression = "level-2 == 1"
        #expect(throws: EngineError.self) { try workers(fixture, request) }
    }

    @Test func workerFiltersByQueueName() throws {
        let fixture = try EngineFixture()
        try fixture.createQueue("Experts", targetWorkers: "level > 5")
        try fixture.createWorker("Alice", attributes: #"{"level":7}"#, activity: "Offline")
        try fixture.createWorker("Bob", attributes: #"{"level":2}"#)
        var request = ListWorkersRequest()
        request.taskQueueName = "Experts"
        #expect(try workers(fixture, request) == ["Alice"])
        request.taskQueueName = "Nobody"
        #expect(throws: EngineError.self) { try workers(fixture, request) }
    }

    @Test func activityFiltersByNameAndAvailability() throws {
        let fixture = try EngineFixture()
        var request = ListActivitiesRequest(available: "true")
        #expect(try fixture.engine.listActivities(workspace: fixture.workspace, request, account: EngineFixture.account)
            .items.map(\.friendlyName) == ["Available"])
        request = ListActivitiesRequest(available: "False")
        #expect(try fixture.engine.listActivities(workspace: fixture.workspace, request, account: EngineFixture.account)
            .items.map(\.friendlyName) == ["Offline", "Unavailable"])
        request = ListActivitiesRequest(friendlyName: "Offline")
        #expect(try fixture.engine.listActivities(workspace: fixture.workspace, request, account: EngineFixture.account)
            .items.count == 1)
    }

    @Test func taskFiltersByQueueAndWorkflowName() throws {
        let fixture = try EngineFixture()
        let sales = try fixture.createQueue("Sales")
        let support = try fixture.createQueue("Support")
        let workflow = try fixture.createWorkflow(#"""
        {"task_routing":{"filters":[{"filter_friendly_name":"Sales","expression":"type == 'sales'","targets":[{"queue":"\#(sales)"}]}],
         "default_filter":{"queue":"\#(support)"}}}
        """#, name: "Router")
        let sale = try fixture.createTask(#"{"type":"sales"}"#, priority: 2)
        let help = try fixture.createTask(#"{"type":"help"}"#, priority: 9)

        var request = ListTasksRequest()
        request.taskQueueName = "Sales"
        #expect(try fixture.engine.listTasks(workspace: fixture.workspace, request, account: EngineFixture.account,
                                             now: fixture.now).items.map(\.sid) == [sale])
        request = ListTasksRequest()
        request.workflowName = "Router"
        request.ordering = "Priority:desc,DateCreated:asc"
        #expect(try fixture.engine.listTasks(workspace: fixture.workspace, request, account: EngineFixture.account,
                                             now: fixture.now).items.map(\.sid) == [help, sale])
        request = ListTasksRequest()
        request.workflowSid = workflow
        request.priority = 2
        #expect(try fixture.engine.listTasks(workspace: fixture.workspace, request, account: EngineFixture.account,
                                             now: fixture.now).items.map(\.sid) == [sale])
        request = ListTasksRequest()
        request.assignmentStatuses = ["pending", "assigned"]
        #expect(try fixture.engine.listTasks(workspace: fixture.workspace, request, account: EngineFixture.account,
                                             now: fixture.now).items.map(\.sid) == [sale, help])
        request.assignmentStatuses = ["finished"]
        #expect(throws: EngineError.self) {
            try fixture.engine.listTasks(workspace: fixture.workspace, request, account: EngineFixture.account, now: fixture.now)
        }
    }

    /// The status filter is read under the shard lock, so a request repeating
    /// a status millions of times would hold the workspace for seconds.
    @Test func taskStatusFilterIsBounded() throws {
        let fixture = try EngineFixture()
        let limit = fixture.engine.configuration.limits.maximumAssignmentStatusFilters
        var request = ListTasksRequest()
        request.assignmentStatuses = Array(repeating: "pending", count: limit)
        #expect(try fixture.engine.listTasks(workspace: fixture.workspace, request, account: EngineFixture.account,
                                             now: fixture.now).items.isEmpty)
        for statuses in [Array(repeating: "pending", count: limit + 1),
                         [Array(repeating: "pending", count: limit + 1).joined(separator: ",")]] {
            request.assignmentStatuses = statuses
            let error = #expect(throws: EngineError.self) {
                try fixture.engine.listTasks(workspace: fixture.workspace, request, account: EngineFixture.account, now: fixture.now)
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.field == "AssignmentStatus")
            #expect(error?.message.contains("\(limit + 1) statuses") == true, "\(String(describing: error))")
        }
    }

    /// Descending list orders negate each sort value. A clock at the start of
    /// `Int64` gives a DateCreated that has no negation, so it sorts as if
    /// it were one millisecond later.
    @Test func descendingOrderAtStartOfTime() throws {
        let fixture = try EngineFixture()
        fixture.now = Timestamp(unixMilliseconds: Int64.min)
        try fixture.createWorker("Early")
        fixture.now = Timestamp(unixMilliseconds: Int64.min + 2)
        try fixture.createWorker("Later")
        var request = ListWorkersRequest()
        request.ordering = "DateCreated:desc"
        #expect(try workers(fixture, request) == ["Later", "Early"])
    }

    /// A LIFO queue orders by virtual start time descending, which a task
    /// created at the start of `Int64` gets by default.
    @Test func lifoQueueTakesTaskAtStartOfTime() throws {
        let fixture = try EngineFixture()
        fixture.now = Timestamp(unixMilliseconds: Int64.min)
        let queue = try fixture.createQueue("Newest first", taskOrder: "LIFO")
        try fixture.createCatchAllWorkflow(queue)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskQueueSid == queue)
        var request = ListTasksRequest()
        request.ordering = "DateCreated:desc"
        let listed = try fixture.engine.listTasks(workspace: fixture.workspace, request, account: EngineFixture.account, now: fixture.now)
        #expect(listed.items.map(\.sid) == [task])
    }
}

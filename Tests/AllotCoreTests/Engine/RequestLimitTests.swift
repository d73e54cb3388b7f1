import Testing
@testable import AllotCore

/// The value ranges and required parameters of each resource, at their edges.
@Suite struct RequestLimitTests {
    static let longName = String(repeating: "n", count: 65)
    static let longestName = String(repeating: "n", count: 64)

    /// Returns the error `body` throws, or nil when it succeeds.
    func error(_ body: () throws -> Void) -> EngineError? {
        do {
            try body()
            return nil
        } catch {
            guard let engineError = error as? EngineError else {
                Issue.record("unexpected error \(error)")
                return nil
            }
            return engineError
        }
    }

    func expectInvalid(_ field: String, sourceLocation: SourceLocation = #_sourceLocation,
                       _ body: () throws -> Void) {
        let found = error(body)
        #expect(found?.code == .invalidArgument, "\(String(describing: found))", sourceLocation: sourceLocation)
        #expect(found?.field == field, "\(String(describing: found))", sourceLocation: sourceLocation)
    }

    @Test func friendlyNamesAreRequiredAndAtMost64Characters() throws {
        let fixture = try EngineFixture()
        let engine = fixture.engine
        let workspace = fixture.workspace
        let account = EngineFixture.account
        let now = fixture.now
        for name in ["", Self.longName] {
            expectInvalid("FriendlyName") { _ = try engine.createWorkspace(CreateWorkspaceRequest(friendlyName: name), account: account, now: now) }
            expectInvalid("FriendlyName") {
                _ = try engine.createActivity(workspace: workspace, CreateActivityRequest(friendlyName: name), account: account, now: now)
            }
            expectInvalid("FriendlyName") {
                _ = try engine.createWorker(workspace: workspace, CreateWorkerRequest(friendlyName: name), account: account, now: now)
            }
            expectInvalid("FriendlyName") {
                _ = try engine.createTaskQueue(workspace: workspace, CreateTaskQueueRequest(friendlyName: name), account: account, now: now)
            }
            expectInvalid("FriendlyName") {
                _ = try engine.createWorkflow(workspace: workspace, CreateWorkflowRequest(friendlyName: name, configuration: "{}"),
                                              account: account, now: now)
            }
        }
        #expect(error { _ = try engine.createWorker(workspace: workspace, CreateWorkerRequest(friendlyName: Self.longestName),
                                                    account: account, now: now) } == nil)
        #expect(error { _ = try engine.createTaskQueue(workspace: workspace, CreateTaskQueueRequest(friendlyName: Self.longestName),
                                                       account: account, now: now) } == nil)
    }

    @Test func workflowConfigurationIsRequired() throws {
        let fixture = try EngineFixture()
        for configuration in ["", "   "] {
            let found = error {
                _ = try fixture.engine.createWorkflow(workspace: fixture.workspace,
                                                      CreateWorkflowRequest(friendlyName: "W", configuration: configuration),
                                                      account: EngineFixture.account, now: fixture.now)
            }
            #expect(found?.code == .invalidArgument)
            #expect(found?.field == "Configuration")
        }
    }

    @Test func workflowConfigurationIsAtMostAboutOneMegabyte() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let body = #"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)"}}}"#
        let limit = fixture.engine.configuration.limits.maximumWorkflowConfigurationBytes
        #expect(limit == 1_038_576)
        let padded = body + String(repeating: " ", count: limit - body.utf8.count)
        #expect(error { _ = try fixture.createWorkflow(padded) } == nil)
        let found = error { _ = try fixture.createWorkflow(padded + " ", name: "Too big") }
        #expect(found?.code == .invalidArgument)
        #expect(found?.field == "Configuration")
    }

    @Test func reservationTimeoutIsOneSecondToOneDay() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let configuration = #"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)"}}}"#
        for timeout in [0, 86_401] {
            let found = error { _ = try fixture.createWorkflow(configuration, reservationTimeout: timeout) }
            #expect(found?.field == "TaskReservationTimeout", "\(timeout)")
        }
        let longest = try fixture.createWorkflow(configuration, name: "Longest", reservationTimeout: 86_400)
        let standard = try fixture.createWorkflow(configuration, name: "Standard")
        let workflows = try fixture.engine.listWorkflows(workspace: fixture.workspace, account: EngineFixture.account).items
        #expect(workflows.first { $0.sid == longest }?.taskReservationTimeoutSeconds == 86_400)
        #expect(workflows.first { $0.sid == standard }?.taskReservationTimeoutSeconds == 120)
    }

    @Test func maxReservedWorkersIsOneToFifty() throws {
        let fixture = try EngineFixture()
        for count in [0, 51] {
            let found = error { _ = try fixture.createQueue("Q\(count)", maxReservedWorkers: count) }
            #expect(found?.code == .invalidArgument, "\(count)")
            #expect(found?.field == "MaxReservedWorkers", "\(count)")
        }
        let queue = try fixture.createQueue("Fifty", maxReservedWorkers: 50)
        let standard = try fixture.createQueue("Standard")
        let fifty = try fixture.engine.fetchTaskQueue(workspace: fixture.workspace, sid: queue, account: EngineFixture.account)
        let one = try fixture.engine.fetchTaskQueue(workspace: fixture.workspace, sid: standard, account: EngineFixture.account)
        #expect(fifty.maxReservedWorkers == 50)
        #expect(one.maxReservedWorkers == 1)
        #expect(one.taskOrder == .fifo)
        #expect(one.targetWorkers == "1==1")
    }

    @Test func taskRangesAtTheirEdges() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        expectInvalid("Priority") { _ = try fixture.createTaskTyped(priority: -1) }
        expectInvalid("Priority") { _ = try fixture.createTaskTyped(priority: 2_147_483_648) }
        expectInvalid("Timeout") { _ = try fixture.createTaskTyped(timeout: 0) }
        expectInvalid("Timeout") { _ = try fixture.createTaskTyped(timeout: 1_209_601) }
        expectInvalid("VirtualStartTime") { _ = try fixture.createTaskTyped(virtualStartTime: fixture.now.adding(seconds: 1)) }
        expectInvalid("VirtualStartTime") {
            _ = try fixture.createTaskTyped(virtualStartTime: Timestamp.year1900.adding(milliseconds: -1))
        }
        let task = try fixture.createTask(priority: 2_147_483_647, timeout: 1_209_600, virtualStartTime: Timestamp.year1900)
        let info = try fixture.task(task)
        #expect(info.priority == 2_147_483_647)
        #expect(info.timeoutSeconds == 1_209_600)
        let standard = try fixture.task(try fixture.createTask())
        #expect(standard.priority == 0)
        #expect(standard.timeoutSeconds == 86_400)
    }

    @Test func attributesAreAtMost4096Bytes() throws {
        let fixture = try EngineFixture()
        let prefix = #"{"a":""#
        let suffix = #""}"#
        let fits = prefix + String(repeating: "x", count: 4_096 - prefix.count - suffix.count) + suffix
        #expect(fits.utf8.count == 4_096)
        #expect(error { _ = try fixture.engine.createWorker(
            workspace: fixture.workspace, CreateWorkerRequest(friendlyName: "fits", attributes: fits),
            account: EngineFixture.account, now: fixture.now) } == nil)
        let over = prefix + String(repeating: "x", count: 4_097 - prefix.count - suffix.count) + suffix
        expectInvalid("Attributes") {
            _ = try fixture.engine.createWorker(workspace: fixture.workspace, CreateWorkerRequest(friendlyName: "over", attributes: over),
                                                account: EngineFixture.account, now: fixture.now)
        }
    }

    @Test func channelCapacityIsZeroToFifty() throws {
        let fixture = try EngineFixture()
        let worker = try fixture.createWorker("w")
        for capacity in [-1, 51] {
            let found = error {
                _ = try fixture.engine.updateWorkerChannel(workspace: fixture.workspace, workerSid: worker, channel: "chat",
                                                           UpdateWorkerChannelRequest(capacity: capacity),
                                                           account: EngineFixture.account, now: fixture.now)
            }
            #expect(found?.field == "Capacity", "\(capacity)")
        }
        try fixture.setCapacity(worker, channel: "chat", capacity: 50)
        try fixture.setCapacity(worker, channel: "chat", capacity: 0)
    }

    @Test func pageSizeIsOneToOneThousand() throws {
        let fixture = try EngineFixture()
        for size in [0, 1_001] {
            expectInvalid("PageSize") {
                _ = try fixture.engine.listActivities(workspace: fixture.workspace,
                                                      ListActivitiesRequest(page: PageRequest(pageSize: size)),
                                                      account: EngineFixture.account)
            }
        }
        let one = try fixture.engine.listActivities(workspace: fixture.workspace, ListActivitiesRequest(page: PageRequest(pageSize: 1)),
                                                    account: EngineFixture.account)
        #expect(one.items.count == 1)
        #expect(one.nextPageToken != nil)
    }

    @Test func unknownSidIsNotFound() throws {
        let fixture = try EngineFixture()
        let missing = "WK" + String(repeating: "0", count: 32)
        let found = error { _ = try fixture.engine.fetchWorker(workspace: fixture.workspace, sid: missing, account: EngineFixture.account) }
        #expect(found?.code == .notFound)
        #expect(found?.code.httpStatusCode == 404)
    }
}

extension EngineFixture {
    /// Creates a task with typed errors, for checks on the error's field.
    func createTaskTyped(priority: Int? = nil, timeout: Int? = nil,
                         virtualStartTime: Timestamp? = nil) throws(EngineError) -> TaskInfo {
        var request = CreateTaskRequest(priority: priority, timeout: timeout)
        request.virtualStartTime = virtualStartTime
        return record(try engine.createTask(workspace: workspace, request, account: Self.account, now: now))
    }
}

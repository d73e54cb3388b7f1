import Testing
@testable import AllotCore

/// Strings that had no limit of their own: each is rejected by its length
/// with an error naming the field, the length and the limit.
@Suite struct InputLengthLimitTests {
    static let account = EngineFixture.account

    /// Returns the error `body` throws, or nil when it succeeds.
    func error(_ body: () throws -> Void) -> EngineError? {
        do {
            try body()
            return nil
        } catch {
            return error as? EngineError
        }
    }

    func expectInvalid(_ field: String, containing text: String, sourceLocation: SourceLocation = #_sourceLocation,
                       _ body: () throws -> Void) {
        let found = error(body)
        #expect(found?.code == .invalidArgument, "\(String(describing: found))", sourceLocation: sourceLocation)
        #expect(found?.field == field, "\(String(describing: found))", sourceLocation: sourceLocation)
        #expect(found?.message.contains(text) == true, "\(String(describing: found))", sourceLocation: sourceLocation)
    }

    @Test func callbackURLsAreAtMost2048Bytes() throws {
        let fixture = try EngineFixture()
        let engine = fixture.engine
        let longest = "https://example.com/" + String(repeating: "a", count: 2_048 - 20)
        let tooLong = longest + "a"
        var create = CreateWorkspaceRequest(friendlyName: "Callbacks")
        create.eventCallbackUrl = tooLong
        expectInvalid("EventCallbackUrl", containing: "has 2049 bytes; the maximum is 2048") {
            _ = try engine.createWorkspace(create, account: Self.account, now: fixture.now)
        }
        var update = UpdateWorkspaceRequest()
        update.eventCallbackUrl = tooLong
        expectInvalid("EventCallbackUrl", containing: "has 2049 bytes") {
            _ = try engine.updateWorkspace(sid: fixture.workspace, update, account: Self.account, now: fixture.now)
        }
        update.eventCallbackUrl = longest
        #expect(error { _ = try engine.updateWorkspace(sid: fixture.workspace, update, account: Self.account, now: fixture.now) } == nil)

        let queue = try fixture.createQueue("Q")
        let configuration = "{\"task_routing\":{\"default_filter\":{\"queue\":\"\(queue)\"}}}"
        expectInvalid("AssignmentCallbackUrl", containing: "has 2049 bytes") {
            _ = try engine.createWorkflow(workspace: fixture.workspace, CreateWorkflowRequest(
                friendlyName: "W", configuration: configuration, assignmentCallbackUrl: tooLong), account: Self.account, now: fixture.now)
        }
        let workflow = try fixture.createWorkflow(configuration)
        expectInvalid("FallbackAssignmentCallbackUrl", containing: "has 2049 bytes") {
            _ = try engine.updateWorkflow(workspace: fixture.workspace, sid: workflow,
                                          UpdateWorkflowRequest(fallbackAssignmentCallbackUrl: tooLong), account: Self.account, now: fixture.now)
        }
        let stored = try engine.fetchWorkflow(workspace: fixture.workspace, sid: workflow, account: Self.account)
        #expect(stored.fallbackAssignmentCallbackUrl == nil)
    }

    @Test func filterNamesAreAtMost256Characters() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        func configuration(_ name: String) -> String {
            "{\"task_routing\":{\"filters\":[{\"filter_friendly_name\":\"\(name)\",\"expression\":\"1==1\","
                + "\"targets\":[{\"queue\":\"\(queue)\"}]}]}}"
        }
        expectInvalid("Configuration", containing: "of filter 1 has 257 characters; the maximum is 256") {
            _ = try fixture.createWorkflow(configuration(String(repeating: "f", count: 257)))
        }
        #expect(error { _ = try fixture.createWorkflow(configuration(String(repeating: "f", count: 256))) } == nil)
    }

    @Test func eventsFilterIsLimitedInBytesBeforeSplitting() throws {
        let fixture = try EngineFixture()
        var update = UpdateWorkspaceRequest()
        // Commas alone split into no types, so only the byte limit can refuse them.
        update.eventsFilter = String(repeating: ",", count: 4_097)
        expectInvalid("EventsFilter", containing: "EventsFilter has 4097 bytes; the maximum is 4096") {
            _ = try fixture.engine.updateWorkspace(sid: fixture.workspace, update, account: Self.account, now: fixture.now)
        }
    }

    @Test func orderingIsLimitedInBytesBeforeParsing() throws {
        let fixture = try EngineFixture()
        let ordering = "DateCreated:asc" + String(repeating: " ", count: 300)
        var tasks = ListTasksRequest()
        tasks.ordering = ordering
        expectInvalid("Ordering", containing: "Ordering has \(ordering.utf8.count) bytes; the maximum is 256") {
            _ = try fixture.engine.listTasks(workspace: fixture.workspace, tasks, account: Self.account, now: fixture.now)
        }
        var workers = ListWorkersRequest()
        workers.ordering = ordering
        expectInvalid("Ordering", containing: "the maximum is 256") {
            _ = try fixture.engine.listWorkers(workspace: fixture.workspace, workers, account: Self.account, now: fixture.now)
        }
        var queues = ListTaskQueuesRequest()
        queues.ordering = ordering
        expectInvalid("Ordering", containing: "the maximum is 256") {
            _ = try fixture.engine.listTaskQueues(workspace: fixture.workspace, queues, account: Self.account, now: fixture.now)
        }
    }

    /// A worker list's token names a position among workers, so a task list,
    /// another workspace or another ordering rejects it.
    @Test func pageTokenWorksOnlyOnItsOwnList() throws {
        let fixture = try EngineFixture()
        for name in ["a", "b", "c"] { _ = try fixture.createWorker(name) }
        var workers = ListWorkersRequest()
        workers.page = PageRequest(pageSize: 1)
        let page = try fixture.engine.listWorkers(workspace: fixture.workspace, workers, account: Self.account, now: fixture.now)
        let token = try #require(page.nextPageToken)
        workers.page.pageToken = token
        #expect(try fixture.engine.listWorkers(workspace: fixture.workspace, workers, account: Self.account, now: fixture.now).items.count == 1)

        var tasks = ListTasksRequest()
        tasks.page = PageRequest(pageToken: token)
        expectInvalid("PageToken", containing: "is not a token from this list") {
            _ = try fixture.engine.listTasks(workspace: fixture.workspace, tasks, account: Self.account, now: fixture.now)
        }
        var ordered = workers
        ordered.ordering = "DateCreated:desc"
        expectInvalid("PageToken", containing: "is not a token from this list") {
            _ = try fixture.engine.listWorkers(workspace: fixture.workspace, ordered, account: Self.account, now: fixture.now)
        }
        let other = fixture.record(try fixture.engine.createWorkspace(CreateWorkspaceRequest(friendlyName: "Other"),
                                                                      account: Self.account, now: fixture.now))
        expectInvalid("PageToken", containing: "is not a token from this list") {
            _ = try fixture.engine.listWorkers(workspace: other.sid, workers, account: Self.account, now: fixture.now)
        }
    }
}

/// Error messages that once lacked the value or the fix.
@Suite struct ErrorMessageTests {
    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "accepted"
        } catch let error as EngineError {
            return error.message
        } catch let error as ExpressionError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func eventListErrorsNameTheValuesAndTheFix() throws {
        let fixture = try EngineFixture()
        var request = ListEventsRequest()
        request.startDate = fixture.now.adding(seconds: -60)
        request.endDate = fixture.now.adding(seconds: -120)
        let backwards = message { _ = try fixture.engine.listEvents(workspace: fixture.workspace, request, account: EngineFixture.account, now: fixture.now) }
        #expect(backwards.contains("EndDate \(request.endDate!.iso8601) is before the start of the window, \(request.startDate!.iso8601)"), "\(backwards)")
        #expect(backwards.contains("pass an EndDate at or after the start"), "\(backwards)")
        var typed = ListEventsRequest()
        typed.eventType = "task.made"
        let unknown = message { _ = try fixture.engine.listEvents(workspace: fixture.workspace, typed, account: EngineFixture.account, now: fixture.now) }
        #expect(unknown.contains("is not a known event type; use a type such as task.created"), "\(unknown)")
    }

    @Test func expressionErrorsNameTheFix() {
        let large = message { _ = try AllotCore.Expression("a == 1e400", kind: .target) }
        #expect(large.contains("number 1e400 is too large; numbers must be below about 1.8e308"), "\(large)")
        let character = message { _ = try AllotCore.Expression("a == 1 ^ 2", kind: .target) }
        #expect(character.contains("unexpected character '^'; remove it, or quote the text"), "\(character)")
    }

    @Test func missingReservationStatusNamesTheValues() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        _ = try fixture.createWorker("w")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        let text = message {
            _ = try fixture.engine.updateReservation(workspace: fixture.workspace, sid: reservation.sid, UpdateReservationRequest(),
                                                     account: EngineFixture.account, now: fixture.now)
        }
        #expect(text == "ReservationStatus is missing; pass accepted, rejected, wrapping or completed")
    }

    @Test func wrappingAWrappingTaskSaysToComplete() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        _ = try fixture.createWorker("w")
        let task = try fixture.createTask()
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "wrapping"))
        let text = message { try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "wrapping")) }
        #expect(text.hasSuffix("is wrapping and cannot become wrapping through the API: it is already wrapping; set completed when the work is done"),
                "\(text)")
    }
}

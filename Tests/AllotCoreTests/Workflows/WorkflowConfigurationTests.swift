import Testing
@testable import AllotCore

@Suite struct WorkflowConfigurationTests {
    func rejection(_ fixture: EngineFixture, _ configuration: String) -> EngineError? {
        do {
            try fixture.createWorkflow(configuration)
            return nil
        } catch let error as EngineError {
            return error
        } catch {
            return nil
        }
    }

    @Test func targetFieldsAreCompiled() throws {
        let queue = QueueHandle(3)
        let parser = WorkflowConfigurationParser(limits: EngineLimits()) { $0 == "Q1" ? queue : nil }
        let workflow = try parser.parse("""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[
              {"queue":"Q1","priority":7,"timeout":30,"expression":"worker.level > 1",
               "skip_if":"workers.available == 0","order_by":"worker.level DESC","known_worker_sid":"task.agent"},
              {"priority":2}]}],
             "default_filter":{"queue":"Q1","priority":4,"timeout":90,"expression":"worker.level > 2",
                               "known_worker_friendly_name":"task.name"}}}
            """)
        let first = workflow.filters[0].steps[0]
        #expect(first.queue == queue)
        #expect(first.queueSid == "Q1")
        #expect(first.priority == 7)
        #expect(first.timeoutSeconds == 30)
        #expect(first.expression != nil)
        #expect(first.skipIf != nil)
        #expect(first.ordering != nil)
        #expect(first.knownWorker == .sid(path: ["agent"]))

        let second = workflow.filters[0].steps[1]
        #expect(second.queue == queue)
        #expect(second.priority == 2)
        #expect(second.timeoutSeconds == nil)
        #expect(second.expression == nil)
        #expect(second.skipIf == nil)
        #expect(second.ordering == nil)
        #expect(second.knownWorker == nil)

        // The default filter is final, so its timeout is dropped.
        let fallback = try #require(workflow.defaultStep)
        #expect(fallback.queue == queue)
        #expect(fallback.priority == 4)
        #expect(fallback.timeoutSeconds == nil)
        #expect(fallback.expression != nil)
        #expect(fallback.skipIf == nil)
        #expect(fallback.ordering == nil)
        #expect(fallback.knownWorker == .friendlyName(path: ["name"]))
    }

    @Test func unknownTargetKeyIsRejectedWithItsName() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let error = rejection(fixture, #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(queue)","skipif":"1==1"}]}]}}"#)
        #expect(error?.field == "Configuration")
        #expect(error?.message.contains("skipif") == true)
    }

    @Test func filterLabelsInEveryRealSpellingAreAccepted() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        for key in ["filter_friendly_name", "friendlyName", "friendly_name", "filterFriendlyName"] {
            try fixture.createWorkflow(#"{"task_routing":{"filters":[{"\#(key)":"x","expression":"1==1","targets":[{"queue":"\#(queue)"}]}]}}"#,
                                       name: key)
        }
    }

    @Test func firstTargetNeedsAQueue() throws {
        let fixture = try EngineFixture()
        let error = rejection(fixture, #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"priority":1}]}]}}"#)
        #expect(error?.message.contains("no 'queue'") == true)
    }

    @Test func unknownQueueIsRejected() throws {
        let fixture = try EngineFixture()
        let missing = "WQ" + String(repeating: "0", count: 32)
        let error = rejection(fixture, #"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(missing)"}}}"#)
        #expect(error?.message.contains(missing) == true)
    }

    @Test func bothKnownWorkerKeysAreRejected() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let error = rejection(fixture, """
            {"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\(queue)",
              "known_worker_sid":"task.a","known_worker_friendly_name":"task.b"}]}]}}
            """)
        #expect(error?.message.contains("both") == true)
    }

    @Test func badNumbersAndExpressionsAreRejected() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        for target in [#""timeout":0"#, #""timeout":"ten""#, #""timeout":"0x10""#, #""priority":"inf""#, #""priority":-1"#,
                       #""priority":2.5"#, #""expression":"worker.a =="#, #""order_by":"worker.x SIDEWAYS""#] {
            let error = rejection(fixture, #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(queue)",\#(target)}]}]}}"#)
            #expect(error?.code == .invalidArgument, "\(target)")
        }
        #expect(rejection(fixture, #"{"task_routing":{"filters":[{"expression":"a = = b","targets":[{"queue":"\#(queue)"}]}]}}"#) != nil)
        #expect(rejection(fixture, #"{"routing":{}}"#) != nil)
        #expect(rejection(fixture, "not json") != nil)
    }

    @Test func expressionErrorPutsColumnBeforeReason() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let target = try #require(rejection(fixture, #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(queue)","expression":"task.a == 'x"}]}]}}"#))
        #expect(target.message.contains("is not a valid expression: column 11: unterminated string"), "\(target.message)")
        #expect(!target.message.contains("at column 11"), "\(target.message)")

        let ordering = try #require(rejection(fixture, #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(queue)","order_by":"worker.x SIDEWAYS"}]}]}}"#))
        #expect(ordering.message.contains("is not valid: column "), "\(ordering.message)")
    }

    @Test func queueErrorPutsColumnFirst() throws {
        let fixture = try EngineFixture()
        do {
            try fixture.createQueue("English", targetWorkers: #"languages HAS "en"#)
            Issue.record("a queue with an unterminated string was created")
        } catch let error as EngineError {
            #expect(error.field == "TargetWorkers")
            #expect(error.message.contains(#"is not a valid expression: column 15: unterminated string"#), "\(error.message)")
            #expect(!error.message.hasSuffix("at column 15"), "\(error.message)")
        }
    }

    @Test func outOfRangeNumbersAreNamedInTheError() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        for (target, shown) in [(#""timeout":1209601"#, "1209601"), (#""timeout":-1"#, "-1"),
                                (#""priority":"ten""#, #""ten""#), (#""priority":2.5"#, "2.5")] {
            let error = rejection(fixture, #"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(queue)",\#(target)}]}]}}"#)
            #expect(error?.message.contains("is '\(shown)';") == true, "\(String(describing: error))")
        }
    }

    @Test func numbersGivenAsStringsAreAccepted() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(queue)","priority":"7","timeout":"30"}]}]}}"#)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).priority == 7)
    }

    @Test func oversizedConfigurationAndTimeoutAreRejected() throws {
        var configuration = EngineConfiguration(shardCount: 1)
        configuration.limits.maximumWorkflowConfigurationBytes = 100
        let fixture = try EngineFixture(configuration: configuration)
        let queue = try fixture.createQueue("Q")
        let long = #"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)"}}}"# + String(repeating: " ", count: 100)
        #expect(rejection(fixture, long)?.message.contains("bytes") == true)
        do {
            try fixture.createWorkflow(#"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)"}}}"#,
                                       reservationTimeout: 86_401)
            Issue.record("reservation timeout above the maximum accepted")
        } catch let error as EngineError {
            #expect(error.field == "TaskReservationTimeout")
        }
    }

    @Test func workflowIsOptionalOnlyWithExactlyOne() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        #expect(throws: EngineError.self) { try fixture.createTask() }
        try fixture.createCatchAllWorkflow(queue)
        try fixture.createTask()
        try fixture.createCatchAllWorkflow(queue)
        #expect(throws: EngineError.self) { try fixture.createTask() }
    }

    @Test func reEvaluateTasksMovesWaitingTasks() throws {
        let fixture = try EngineFixture()
        let first = try fixture.createQueue("First")
        let second = try fixture.createQueue("Second")
        let workflow = try fixture.createCatchAllWorkflow(first)
        let task = try fixture.createTask()
        let configuration = #"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(second)"}}}"#
        fixture.record(try fixture.engine.updateWorkflow(workspace: fixture.workspace, sid: workflow,
                                                         UpdateWorkflowRequest(configuration: configuration),
                                                         account: EngineFixture.account, now: fixture.now))
        #expect(try fixture.task(task).taskQueueSid == first)
        fixture.record(try fixture.engine.updateWorkflow(workspace: fixture.workspace, sid: workflow,
                                                         UpdateWorkflowRequest(reEvaluateTasks: true),
                                                         account: EngineFixture.account, now: fixture.now))
        #expect(try fixture.task(task).taskQueueSid == second)
    }

    /// A task that its RoutingTarget offered straight to a worker never went through the
    /// filters, so re-evaluating the workflow leaves its reservation alone.
    @Test func reEvaluateTasksLeavesWorkerTargets() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue)
        let worker = try fixture.createWorker("w1")
        let task = try fixture.createTask(workflow: workflow, routingTarget: worker)
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.clearEvents()
        fixture.record(try fixture.engine.updateWorkflow(workspace: fixture.workspace, sid: workflow,
                                                         UpdateWorkflowRequest(reEvaluateTasks: true),
                                                         account: EngineFixture.account, now: fixture.now))
        #expect(fixture.eventTypes == ["workflow.updated"])
        #expect(try fixture.reservationStatus(reservation.sid) == .pending)
    }

    @Test func workflowWithWaitingTasksCannotBeDeleted() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue)
        let task = try fixture.createTask()
        #expect(throws: EngineError.self) {
            try fixture.engine.deleteWorkflow(workspace: fixture.workspace, sid: workflow, account: EngineFixture.account, now: fixture.now)
        }
        #expect(throws: EngineError.self) {
            try fixture.engine.deleteTaskQueue(workspace: fixture.workspace, sid: queue, account: EngineFixture.account, now: fixture.now)
        }
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled", reason: "test"))
        fixture.record(try fixture.engine.deleteWorkflow(workspace: fixture.workspace, sid: workflow,
                                                         account: EngineFixture.account, now: fixture.now))
        fixture.record(try fixture.engine.deleteTaskQueue(workspace: fixture.workspace, sid: queue,
                                                          account: EngineFixture.account, now: fixture.now))
    }

    @Test func fifoTemplateCreatesQueueAndWorkflow() throws {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 2))
        var request = CreateWorkspaceRequest(friendlyName: "Templated")
        request.template = "FIFO"
        let workspace = try engine.createWorkspace(request, account: EngineFixture.account, now: Timestamp(unixSeconds: 5)).value.sid
        engine.checkInvariants()
        #expect(try engine.listWorkflows(workspace: workspace, account: EngineFixture.account).items.count == 1)
        #expect(try engine.listTaskQueues(workspace: workspace, account: EngineFixture.account,
                                          now: Timestamp(unixSeconds: 5)).items.map(\.friendlyName) == ["Sample Queue"])
    }
}

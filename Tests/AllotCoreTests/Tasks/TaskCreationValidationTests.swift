import Testing
@testable import AllotCore

/// Tests of how a creation request finds its workflow and channel, and of
/// the errors when it cannot.
@Suite struct TaskCreationValidationTests {
    /// Returns a workflow document with one filter, for sales tasks, and no default filter.
    private static func salesOnly(queue: String) -> String {
        #"{"task_routing":{"filters":[{"expression":"type == 'sales'","targets":[{"queue":"\#(queue)"}]}]}}"#
    }

    /// Returns the error that `body` throws, or nil when it returns.
    private func engineError(_ body: () throws -> Void) -> EngineError? {
        do {
            try body()
            return nil
        } catch let error as EngineError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func workspaceWithoutWorkflowRejects() throws {
        let fixture = try EngineFixture()
        try fixture.createQueue("Q")
        let error = engineError { try fixture.createTask() }
        #expect(error?.message.contains("the workspace has no workflow") == true)
    }

    @Test func twoWorkflowsNeedWorkflowSid() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue()
        try fixture.createCatchAllWorkflow(queue)
        let error = engineError { try fixture.createTask() }
        #expect(error?.message.contains("the workspace has 2 workflows; pass WorkflowSid") == true)
    }

    @Test func remainingWorkflowIsUsed() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let first = try fixture.createCatchAllWorkflow(queue)
        let second = try fixture.createCatchAllWorkflow(queue)
        fixture.record(try fixture.engine.deleteWorkflow(workspace: fixture.workspace, sid: first,
                                                         account: EngineFixture.account, now: fixture.now))
        let task = try fixture.createTask()
        #expect(try fixture.task(task).workflowSid == second)
    }

    @Test func unmatchedAttributesRejectedOnCreate() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createWorkflow(Self.salesOnly(queue: queue))
        let error = engineError { try fixture.createTask(#"{"type":"support"}"#) }
        #expect(error?.message.contains("no filter of workflow \(workflow) matches the task attributes") == true)
        let task = try fixture.createTask(#"{"type":"sales"}"#)
        #expect(try fixture.task(task).workflowSid == workflow)
    }

    @Test func unmatchedAttributesRejectedOnUpdate() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createWorkflow(Self.salesOnly(queue: queue))
        let task = try fixture.createTask(#"{"type":"sales"}"#)
        let error = engineError { try fixture.updateTask(task, UpdateTaskRequest(attributes: #"{"type":"support"}"#)) }
        #expect(error?.message.contains("no filter of workflow \(workflow) matches the task attributes") == true)
    }

    @Test func unknownReferencesAreNotFound() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let worker = Sid.make(.worker, high: 0, low: 99)
        let queue = Sid.make(.taskQueue, high: 0, low: 99)
        let workflow = Sid.make(.workflow, high: 0, low: 99)
        let cases: [(request: () throws -> Void, field: String, message: String)] = [
            ({ try fixture.createTask(channel: "fax") }, "TaskChannel",
             "task channel 'fax' was not found; pass a TC SID or a unique name such as 'voice'"),
            ({ try fixture.createTask(routingTarget: worker) }, "RoutingTarget",
             "worker '\(worker)' was not found in this workspace; check the SID"),
            ({ try fixture.createTask(routingTarget: queue) }, "RoutingTarget",
             "task queue '\(queue)' was not found in this workspace; check the SID"),
            ({ try fixture.createTask(workflow: workflow) }, "WorkflowSid",
             "workflow '\(workflow)' was not found in this workspace; check the SID"),
        ]
        for (request, field, message) in cases {
            let error = engineError(request)
            #expect(error?.field == field)
            #expect(error?.message == message)
        }
    }

    @Test func taskWithoutChannelGetsDefault() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskChannelUniqueName == "default")
        let voice = try fixture.createTask(channel: "voice")
        #expect(try fixture.task(voice).taskChannelUniqueName == "voice")
    }

    /// A workspace whose `default` channel is not in the first slot still
    /// finds it. The slots are rearranged by hand, because every workspace
    /// creates `default` first.
    @Test func defaultChannelFoundInOtherSlot() throws {
        var state = WorkspaceState(sid: Sid.make(.workspace, high: 0, low: 1), accountSid: EngineFixture.account,
                                   friendlyName: "Channels", configuration: EngineConfiguration(),
                                   now: Timestamp(unixSeconds: 1_700_000_000))
        #expect(try state.defaultChannelHandle() == ChannelHandle(0))

        let defaultRecord = state.channels[ChannelHandle(0)]
        let voiceRecord = state.channels[ChannelHandle(1)]
        #expect(voiceRecord.uniqueName == "voice")
        state.channels.remove(ChannelHandle(1))
        state.channels.remove(ChannelHandle(0))
        let voice = state.channels.insert(voiceRecord)
        let defaultChannel = state.channels.insert(defaultRecord)
        state.channelsByUniqueName["voice"] = voice
        state.channelsByUniqueName["default"] = defaultChannel
        #expect(voice == ChannelHandle(0))
        #expect(defaultChannel == ChannelHandle(1))
        #expect(try state.defaultChannelHandle() == ChannelHandle(1))
    }
}

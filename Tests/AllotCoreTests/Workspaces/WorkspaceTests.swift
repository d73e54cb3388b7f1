import Testing
@testable import AllotCore

@Suite struct WorkspaceTests {
    @Test func newWorkspaceHasDefaultActivitiesAndChannels() throws {
        let fixture = try EngineFixture()
        let info = try fixture.engine.fetchWorkspace(sid: fixture.workspace, account: EngineFixture.account)
        #expect(info.defaultActivityName == "Offline")
        #expect(info.timeoutActivityName == "Offline")
        #expect(info.multiTaskEnabled)
        #expect(info.prioritizeQueueOrder == .fifo)
        let activities = try fixture.engine.listActivities(workspace: fixture.workspace, account: EngineFixture.account).items
        #expect(activities.map(\.friendlyName) == ["Offline", "Available", "Unavailable"])
        #expect(activities.map(\.available) == [false, true, false])
        let channels = try fixture.engine.listTaskChannels(workspace: fixture.workspace, account: EngineFixture.account).items
        #expect(channels.map(\.uniqueName) == ["default", "voice", "sms", "chat", "video"])
        #expect(Sid.isValid(info.sid, prefix: .workspace))
    }

    @Test func otherAccountsSeeNotFound() throws {
        let fixture = try EngineFixture()
        do {
            _ = try fixture.engine.fetchWorkspace(sid: fixture.workspace, account: EngineFixture.otherAccount)
            Issue.record("another account read the workspace")
        } catch {
            #expect(error.code == .notFound)
        }
        #expect(throws: EngineError.self) {
            try fixture.engine.createWorker(workspace: fixture.workspace, CreateWorkerRequest(friendlyName: "x"),
                                            account: EngineFixture.otherAccount, now: fixture.now)
        }
        let listed = try fixture.engine.listWorkspaces(account: EngineFixture.otherAccount)
        #expect(listed.items.isEmpty)
        #expect(try fixture.engine.listWorkspaces(account: EngineFixture.account).items.count == 1)
    }

    @Test func workspacesPerAccountAreLimited() throws {
        var limits = EngineLimits()
        #expect(limits.maximumWorkspacesPerAccount == 5_000)
        limits.maximumWorkspacesPerAccount = 2
        let fixture = try EngineFixture(configuration: EngineConfiguration(shardCount: 4, limits: limits))
        let second = try fixture.engine.createWorkspace(CreateWorkspaceRequest(friendlyName: "Second"),
                                                        account: EngineFixture.account, now: fixture.now).value.sid
        do {
            _ = try fixture.engine.createWorkspace(CreateWorkspaceRequest(friendlyName: "Third"), account: EngineFixture.account,
                                                   now: fixture.now)
            Issue.record("a third workspace was created")
        } catch {
            #expect(error.code == .resourceExhausted)
        }
        // Another account has its own quota, and deleting frees a place.
        _ = try fixture.engine.createWorkspace(CreateWorkspaceRequest(friendlyName: "Other"), account: EngineFixture.otherAccount,
                                               now: fixture.now)
        _ = try fixture.engine.deleteWorkspace(sid: second, account: EngineFixture.account, now: fixture.now)
        _ = try fixture.engine.createWorkspace(CreateWorkspaceRequest(friendlyName: "Third"), account: EngineFixture.account,
                                               now: fixture.now)
        #expect(try fixture.engine.listWorkspaces(account: EngineFixture.account).items.count == 2)
    }

    @Test func sameCommandsGiveSameSids() throws {
        func run() throws -> [String] {
            let fixture = try EngineFixture()
            let worker = try fixture.createWorker("alice")
            let activity = try fixture.createActivity("Break", available: false)
            return [fixture.workspace, worker, activity] + fixture.events.map(\.sid)
        }
        #expect(try run() == run())
    }

    @Test func suppliedSidIsUsedAndDuplicatesRejected() throws {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 3))
        let sid = "WS" + String(repeating: "ab", count: 16)
        let created = try engine.createWorkspace(CreateWorkspaceRequest(friendlyName: "A", sid: sid),
                                                 account: EngineFixture.account, now: Timestamp(unixSeconds: 1))
        #expect(created.value.sid == sid)
        #expect(created.events.map(\.type) == [.workspaceCreated])
        do {
            _ = try engine.createWorkspace(CreateWorkspaceRequest(friendlyName: "B", sid: sid),
                                           account: EngineFixture.account, now: Timestamp(unixSeconds: 1))
            Issue.record("duplicate workspace SID accepted")
        } catch {
            #expect(error.code == .alreadyExists)
        }
        engine.checkInvariants()
    }

    @Test func multitaskingCannotBeTurnedOff() throws {
        var disable = UpdateWorkspaceRequest()
        disable.multiTaskEnabled = false
        var enable = UpdateWorkspaceRequest()
        enable.multiTaskEnabled = true
        // A multitasking workspace stays one, even with no tasks.
        let multitasking = try EngineFixture()
        do {
            _ = try multitasking.engine.updateWorkspace(sid: multitasking.workspace, disable, account: EngineFixture.account,
                                                        now: multitasking.now)
            Issue.record("a multitasking workspace became single-tasking")
        } catch {
            #expect(error.code == .failedPrecondition)
            #expect(error.field == "MultiTaskEnabled")
        }
        #expect(try multitasking.engine.fetchWorkspace(sid: multitasking.workspace, account: EngineFixture.account).multiTaskEnabled)
        // Repeating the current value is no change, and a single-tasking workspace may switch on.
        multitasking.record(try multitasking.engine.updateWorkspace(sid: multitasking.workspace, enable, account: EngineFixture.account,
                                                                    now: multitasking.now))
        let single = try EngineFixture(multiTaskEnabled: false)
        single.record(try single.engine.updateWorkspace(sid: single.workspace, disable, account: EngineFixture.account, now: single.now))
        single.record(try single.engine.updateWorkspace(sid: single.workspace, enable, account: EngineFixture.account, now: single.now))
        #expect(try single.engine.fetchWorkspace(sid: single.workspace, account: EngineFixture.account).multiTaskEnabled)
        // Switching on waits until the workspace has no tasks.
        let busy = try EngineFixture(multiTaskEnabled: false)
        try busy.createCatchAllQueue()
        try busy.createTask()
        do {
            _ = try busy.engine.updateWorkspace(sid: busy.workspace, enable, account: EngineFixture.account, now: busy.now)
            Issue.record("a single-tasking workspace with a task became multitasking")
        } catch {
            #expect(error.code == .failedPrecondition)
        }
    }

    @Test func eventsFilterControlsDelivery() throws {
        let fixture = try EngineFixture()
        var update = UpdateWorkspaceRequest()
        update.eventsFilter = "worker.created, task.created"
        fixture.record(try fixture.engine.updateWorkspace(sid: fixture.workspace, update, account: EngineFixture.account,
                                                          now: fixture.now))
        try fixture.createActivity("Break", available: false)
        try fixture.createWorker("w1")
        let delivered = try fixture.engine.events(workspace: fixture.workspace, after: 0, account: EngineFixture.account)
        // The workspace was created before the filter was set, so its event is delivered.
        #expect(delivered.map(\.type) == [.workspaceCreated, .workerCreated])
        let all = try fixture.engine.events(workspace: fixture.workspace, after: 0, deliveredOnly: false,
                                            account: EngineFixture.account)
        #expect(all.map(\.type) == [.workspaceCreated, .workspaceUpdated, .activityCreated, .workerCreated])
        #expect(all.map(\.sequence) == [1, 2, 3, 4])
        update.eventsFilter = "task.exploded"
        #expect(throws: EngineError.self) {
            try fixture.engine.updateWorkspace(sid: fixture.workspace, update, account: EngineFixture.account, now: fixture.now)
        }
    }

    @Test func eventRingSizeIsConfigurable() throws {
        var configuration = EngineConfiguration(shardCount: 1)
        configuration.limits.eventRingCapacity = 3
        let fixture = try EngineFixture(configuration: configuration)
        for index in 0..<5 { try fixture.createActivity("A\(index)", available: true) }
        do {
            _ = try fixture.engine.events(workspace: fixture.workspace, after: 0, limit: 3, account: EngineFixture.account)
            Issue.record("overwritten events were served")
        } catch {
            #expect(error.code == .outOfRange)
        }
        #expect(try fixture.engine.events(workspace: fixture.workspace, after: 3, limit: 3,
                                          account: EngineFixture.account).map(\.sequence) == [4, 5, 6])
    }

    @Test func eventListFiltersByResourceAndTime() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        let worker = try fixture.createWorker("w")
        fixture.now = fixture.now.adding(seconds: 60)
        let task = try fixture.createTask()
        var request = ListEventsRequest()
        request.taskSid = task
        let taskEvents = try fixture.engine.listEvents(workspace: fixture.workspace, request, account: EngineFixture.account,
                                                       now: fixture.now).items
        #expect(taskEvents.map(\.type) == [.taskCreated, .workflowEntered, .workflowTargetMatched, .taskQueueEntered,
                                           .reservationCreated])
        request = ListEventsRequest()
        request.workerSid = worker
        request.eventType = "reservation.created"
        #expect(try fixture.engine.listEvents(workspace: fixture.workspace, request, account: EngineFixture.account,
                                              now: fixture.now).items.count == 1)
        request = ListEventsRequest()
        request.startDate = fixture.now.adding(seconds: -30)
        request.endDate = fixture.now.adding(seconds: -1)
        #expect(try fixture.engine.listEvents(workspace: fixture.workspace, request, account: EngineFixture.account,
                                              now: fixture.now).items.isEmpty)
        request.eventType = "no.such.event"
        #expect(throws: EngineError.self) {
            try fixture.engine.listEvents(workspace: fixture.workspace, request, account: EngineFixture.account, now: fixture.now)
        }
    }

    @Test func workspacesAreCountedPerAccount() throws {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 3))
        let now = Timestamp(unixMilliseconds: 1_000)
        #expect(engine.workspaceCountByAccount().isEmpty)
        let first = "AC" + String(repeating: "a", count: 32)
        let second = "AC" + String(repeating: "b", count: 32)
        for index in 0..<5 {
            let account = index < 3 ? first : second
            _ = try engine.createWorkspace(CreateWorkspaceRequest(friendlyName: "Workspace \(index)"), account: account, now: now)
        }
        #expect(engine.workspaceCountByAccount() == [first: 3, second: 2])
    }
}

import Testing
@testable import AllotCore

@Suite struct TaskChannelTests {
    func create(_ fixture: EngineFixture, _ friendlyName: String, _ uniqueName: String) throws(EngineError) -> TaskChannelInfo {
        fixture.record(try fixture.engine.createTaskChannel(
            workspace: fixture.workspace, CreateTaskChannelRequest(friendlyName: friendlyName, uniqueName: uniqueName),
            account: EngineFixture.account, now: fixture.now))
    }

    func createError(_ fixture: EngineFixture, _ friendlyName: String, _ uniqueName: String) -> EngineError? {
        do {
            _ = try create(fixture, friendlyName, uniqueName)
            return nil
        } catch {
            return error
        }
    }

    @Test func newWorkspaceHasDefaultChannels() throws {
        let fixture = try EngineFixture()
        let page = try fixture.engine.listTaskChannels(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(page.items.map(\.uniqueName) == ["default", "voice", "sms", "chat", "video"])
    }

    @Test func fetchBySidOrUniqueName() throws {
        let fixture = try EngineFixture()
        let created = try create(fixture, "Email", "email")
        let bySid = try fixture.engine.fetchTaskChannel(workspace: fixture.workspace, sidOrUniqueName: created.sid,
                                                        account: EngineFixture.account)
        let byName = try fixture.engine.fetchTaskChannel(workspace: fixture.workspace, sidOrUniqueName: "email",
                                                         account: EngineFixture.account)
        #expect(bySid == created)
        #expect(byName == created)
        #expect(throws: EngineError.self) {
            try fixture.engine.fetchTaskChannel(workspace: fixture.workspace, sidOrUniqueName: "fax", account: EngineFixture.account)
        }
    }

    @Test func changesByUniqueNameReportChannelSid() throws {
        let fixture = try EngineFixture()
        let created = try create(fixture, "Email", "email")
        fixture.clearEvents()
        let updated = fixture.record(try fixture.engine.updateTaskChannel(
            workspace: fixture.workspace, sid: "email", UpdateTaskChannelRequest(friendlyName: "Mail"),
            account: EngineFixture.account, now: fixture.now))
        #expect(updated.sid == created.sid)
        let deleted = fixture.record(try fixture.engine.deleteTaskChannel(workspace: fixture.workspace, sid: "email",
                                                                          account: EngineFixture.account, now: fixture.now))
        #expect(deleted == created.sid)
        #expect(fixture.eventTypes == ["task-channel.updated", "task-channel.deleted"])
        for event in fixture.events {
            #expect(event.resourceSid == created.sid, "\(event.type)")
            #expect(event.data.taskChannelSid == created.sid, "\(event.type)")
        }
    }

    /// A channel in use by a task cannot be deleted, and the error names the time at which a
    /// finished task stops using it.
    @Test func deleteInUseNamesTheWay() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try create(fixture, "Email", "email")
        let task = try fixture.createTask(channel: "email")
        func deletion() -> String {
            do {
                _ = try fixture.engine.deleteTaskChannel(workspace: fixture.workspace, sid: "email", account: EngineFixture.account,
                                                         now: fixture.now)
                return "deleted"
            } catch let error as EngineError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        #expect(deletion().contains("is pending; finish and delete its tasks first"))
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled"))
        let removal = fixture.now.adding(seconds: fixture.engine.configuration.limits.finishedTaskRetentionSeconds)
        #expect(deletion().contains("is canceled, kept until \(removal.iso8601); delete the task"))
        fixture.advance(seconds: fixture.engine.configuration.limits.finishedTaskRetentionSeconds)
        #expect(deletion() == "deleted")
    }

    @Test func deleteCommandByNameOutputsSid() throws {
        let fixture = try EngineFixture()
        let created = try create(fixture, "Email", "email")
        let result = try fixture.engine.execute(.deleteTaskChannel(workspace: fixture.workspace, sid: "email"),
                                                account: EngineFixture.account, now: fixture.now)
        guard case .deleted(let sid) = result.value else {
            Issue.record("unexpected output \(result.value)")
            return
        }
        #expect(sid == created.sid)
        #expect(result.events.map(\.resourceSid) == [created.sid])
        fixture.engine.checkInvariants()
    }

    @Test func uniqueNameFollowsIdentifierRules() throws {
        let fixture = try EngineFixture()
        for name in ["email", "Email_2", "$web", "_x", "a$b"] {
            #expect(createError(fixture, "Channel \(name)", name) == nil, "\(name)")
        }
        for name in ["", "2fa", "e-mail", "e mail", "mail.box", "courriél"] {
            let error = try #require(createError(fixture, "Rejected", name), "\(name)")
            #expect(error.code == .invalidArgument)
            #expect(error.field == "UniqueName")
        }
    }

    @Test func uniqueNameIsUniqueInWorkspace() throws {
        let fixture = try EngineFixture()
        let error = try #require(createError(fixture, "Voice again", "voice"))
        #expect(error.code == .alreadyExists)
        #expect(error.field == "UniqueName")
    }

    @Test func friendlyNameIsRequiredWithoutHyphens() throws {
        let fixture = try EngineFixture()
        let missing = try #require(createError(fixture, "", "email"))
        #expect(missing.code == .invalidArgument)
        #expect(missing.field == "FriendlyName")
        let hyphen = try #require(createError(fixture, "E-mail", "email"))
        #expect(hyphen.field == "FriendlyName")
        let long = try #require(createError(fixture, String(repeating: "x", count: 65), "email"))
        #expect(long.field == "FriendlyName")
        #expect(createError(fixture, String(repeating: "x", count: 64), "email") == nil)
    }

    @Test func updateRejectsHyphenInFriendlyName() throws {
        let fixture = try EngineFixture()
        let channel = try create(fixture, "Email", "email")
        do {
            _ = try fixture.engine.updateTaskChannel(workspace: fixture.workspace, sid: channel.sid,
                                                     UpdateTaskChannelRequest(friendlyName: "E-mail"),
                                                     account: EngineFixture.account, now: fixture.now)
            Issue.record("a hyphenated friendly name was accepted on update")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.field == "FriendlyName")
        }
        let fetched = try fixture.engine.fetchTaskChannel(workspace: fixture.workspace, sidOrUniqueName: channel.sid,
                                                          account: EngineFixture.account)
        #expect(fetched.friendlyName == "Email")
    }

    @Test func fifteenChannelsIncludingDefault() throws {
        let fixture = try EngineFixture()
        for index in 5..<15 {
            _ = try create(fixture, "Channel \(index)", "channel\(index)")
        }
        let error = try #require(createError(fixture, "One too many", "extra"))
        #expect(error.code == .resourceExhausted)
    }

    @Test func channelInUseCannotBeDeleted() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        let channel = try create(fixture, "Email", "email")
        let task = try fixture.createTask(channel: "email")
        let error = #expect(throws: EngineError.self) {
            try fixture.engine.deleteTaskChannel(workspace: fixture.workspace, sid: channel.sid,
                                                 account: EngineFixture.account, now: fixture.now)
        }
        #expect(error?.code == .failedPrecondition)
        fixture.record(try fixture.engine.deleteTask(workspace: fixture.workspace, sid: task, account: EngineFixture.account,
                                                     now: fixture.now))
        fixture.record(try fixture.engine.deleteTaskChannel(workspace: fixture.workspace, sid: channel.sid,
                                                            account: EngineFixture.account, now: fixture.now))
        #expect(fixture.events.last?.type == .taskChannelDeleted)
    }

    @Test func taskWithoutChannelGetsDefault() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskChannelUniqueName == "default")
    }

    @Test func defaultChannelCannotBeDeleted() throws {
        let fixture = try EngineFixture()
        let error = #expect(throws: EngineError.self) {
            try fixture.engine.deleteTaskChannel(workspace: fixture.workspace, sid: "default",
                                                 account: EngineFixture.account, now: fixture.now)
        }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.field == "Sid")
        // A task created without a channel still gets the default one.
        try fixture.createCatchAllWorkflow(try fixture.createQueue("Q"))
        let task = try fixture.createTask()
        #expect(try fixture.task(task).taskChannelUniqueName == "default")
        // The other built-in channels can go.
        fixture.record(try fixture.engine.deleteTaskChannel(workspace: fixture.workspace, sid: "video",
                                                            account: EngineFixture.account, now: fixture.now))
    }
}

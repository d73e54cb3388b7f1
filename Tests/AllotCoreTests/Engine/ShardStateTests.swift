import Testing
@testable import AllotCore

/// The shard's workspace slots and its deadline heap, which refers to
/// workspaces by slot.
@Suite struct ShardStateTests {
    /// The start of a minute, because the workspace's invariants require its
    /// clock-minute timer, the one these tests arm, to be due at one.
    static let start = Timestamp(unixSeconds: 1_699_999_980)

    static func minute(_ count: Int) -> Timestamp {
        start.adding(seconds: 60 * count)
    }

    struct TestFailure: Error, Equatable {
        let name: String
    }

    static func sid(_ number: UInt64) -> String {
        Sid.make(.workspace, high: 0, low: number)
    }

    /// Returns a new workspace whose only armed timer, if any, is due at `minute(minutes)`.
    static func workspace(_ sid: String, deadlineMinutes minutes: Int?) -> WorkspaceState {
        var workspace = WorkspaceState(sid: sid, accountSid: EngineFixture.account, friendlyName: "Shard test",
                                       configuration: EngineConfiguration(), now: start)
        if let minutes { workspace.arm(.clockMinute, at: minute(minutes)) }
        return workspace
    }

    @Test func earliestDeadlineFollowsInsertAndRemove() {
        var shard = ShardState()
        #expect(shard.earliestDeadline == nil)
        for (number, minutes) in [(1, 30), (2, 10), (3, nil), (4, 20)] as [(UInt64, Int?)] {
            shard.insert(Self.workspace(Self.sid(number), deadlineMinutes: minutes), sid: Self.sid(number))
            shard.checkInvariants()
        }
        #expect(shard.count == 4)
        #expect(shard.earliestDeadline?.sid == Self.sid(2))
        #expect(shard.earliestDeadline?.deadline == Self.minute(10))
        #expect(shard.deadline(of: Self.sid(1)) == Self.minute(30))
        #expect(shard.deadline(of: Self.sid(3)) == nil)

        let removed = shard.remove(Self.sid(2))
        #expect(removed)
        shard.checkInvariants()
        #expect(!shard.contains(Self.sid(2)))
        #expect(shard.deadline(of: Self.sid(2)) == nil)
        #expect(shard.earliestDeadline?.sid == Self.sid(4))
        let removedAgain = shard.remove(Self.sid(2))
        #expect(!removedAgain)
    }

    /// A new workspace takes the slot of a removed one; its deadline must
    /// lead to the new workspace, not the removed one.
    @Test func removedSlotIsReusedForNewWorkspace() {
        var shard = ShardState()
        shard.insert(Self.workspace(Self.sid(1), deadlineMinutes: 30), sid: Self.sid(1))
        shard.insert(Self.workspace(Self.sid(2), deadlineMinutes: 20), sid: Self.sid(2))
        shard.remove(Self.sid(1))
        shard.insert(Self.workspace(Self.sid(5), deadlineMinutes: 5), sid: Self.sid(5))
        shard.checkInvariants()
        #expect(shard.earliestDeadline?.sid == Self.sid(5))
        #expect(shard.earliestDeadline?.deadline == Self.minute(5))
        #expect(Set(shard.sids) == [Self.sid(2), Self.sid(5)])

        shard.remove(Self.sid(5))
        shard.checkInvariants()
        #expect(shard.earliestDeadline?.sid == Self.sid(2))
    }

    @Test func withWorkspaceMovesDeadline() {
        var shard = ShardState()
        shard.insert(Self.workspace(Self.sid(1), deadlineMinutes: 30), sid: Self.sid(1))
        shard.insert(Self.workspace(Self.sid(2), deadlineMinutes: 20), sid: Self.sid(2))

        shard.withWorkspace(Self.sid(1)) { workspace in workspace.arm(.clockMinute, at: Self.minute(10)) }
        shard.checkInvariants()
        #expect(shard.earliestDeadline?.sid == Self.sid(1))
        #expect(shard.deadline(of: Self.sid(1)) == Self.minute(10))

        shard.withWorkspace(Self.sid(1)) { workspace in workspace.disarm(.clockMinute) }
        shard.checkInvariants()
        #expect(shard.deadline(of: Self.sid(1)) == nil)
        #expect(shard.earliestDeadline?.sid == Self.sid(2))
    }

    /// A command that throws may already have fired timers, so the heap
    /// must follow the workspace even then.
    @Test func withWorkspaceMovesDeadlineWhenBodyThrows() {
        var shard = ShardState()
        shard.insert(Self.workspace(Self.sid(1), deadlineMinutes: 30), sid: Self.sid(1))
        shard.insert(Self.workspace(Self.sid(2), deadlineMinutes: 20), sid: Self.sid(2))

        let error = #expect(throws: TestFailure.self) {
            try shard.withWorkspace(Self.sid(1), orThrow: { TestFailure(name: "absent") }) { (workspace: inout WorkspaceState) throws(TestFailure) in
                workspace.arm(.clockMinute, at: Self.minute(10))
                throw TestFailure(name: "body")
            }
        }
        #expect(error?.name == "body")
        shard.checkInvariants()
        #expect(shard.earliestDeadline?.sid == Self.sid(1))
        #expect(shard.earliestDeadline?.deadline == Self.minute(10))
    }

    @Test func withWorkspaceThrowsForUnknownSid() {
        var shard = ShardState()
        shard.insert(Self.workspace(Self.sid(1), deadlineMinutes: 30), sid: Self.sid(1))
        var ran = false
        let error = #expect(throws: TestFailure.self) {
            try shard.withWorkspace(Self.sid(9), orThrow: { TestFailure(name: "absent") }) { (_: inout WorkspaceState) throws(TestFailure) in
                ran = true
            }
        }
        #expect(error?.name == "absent")
        #expect(!ran)
        shard.checkInvariants()
    }

    @Test func readLeavesDeadlineAndRejectsUnknown() throws {
        var shard = ShardState()
        shard.insert(Self.workspace(Self.sid(1), deadlineMinutes: 30), sid: Self.sid(1))
        let name = try shard.withWorkspace(reading: Self.sid(1), orThrow: { TestFailure(name: "absent") }) {
            (workspace: borrowing WorkspaceState) throws(TestFailure) -> String in workspace.settings.friendlyName
        }
        #expect(name == "Shard test")
        #expect(shard.deadline(of: Self.sid(1)) == Self.minute(30))

        let error = #expect(throws: TestFailure.self) {
            try shard.withWorkspace(reading: Self.sid(9), orThrow: { TestFailure(name: "absent") }) {
                (workspace: borrowing WorkspaceState) throws(TestFailure) -> String in workspace.settings.friendlyName
            }
        }
        #expect(error?.name == "absent")
        shard.checkInvariants()
    }

    /// Reads check the account like mutations do: another account's
    /// workspace is reported as not found.
    @Test func engineReadRejectsOtherAccount() throws {
        let fixture = try EngineFixture()
        let info = try fixture.engine.fetchWorkspace(sid: fixture.workspace, account: EngineFixture.account)
        #expect(info.sid == fixture.workspace)
        #expect(throws: EngineError.self) {
            try fixture.engine.fetchWorkspace(sid: fixture.workspace, account: EngineFixture.otherAccount)
        }
        #expect(throws: EngineError.self) {
            try fixture.engine.fetchWorkspace(sid: Self.sid(77), account: EngineFixture.account)
        }
    }

    /// Through the engine: one shard, workspaces deleted and created between
    /// timers, and each timer still fires in its own workspace.
    @Test func timersFireInReusedWorkspaceSlots() throws {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 1))
        let account = EngineFixture.account
        var workspaces: [String] = []
        func createWorkspace(_ name: String, taskTimeoutSeconds: Int) throws {
            var request = CreateWorkspaceRequest(friendlyName: name)
            request.template = "FIFO"
            let sid = try engine.createWorkspace(request, account: account, now: Self.start).value.sid
            _ = try engine.createTask(workspace: sid, CreateTaskRequest(timeout: taskTimeoutSeconds), account: account, now: Self.start)
            workspaces.append(sid)
            engine.checkInvariants()
        }
        try createWorkspace("first", taskTimeoutSeconds: 100)
        try createWorkspace("second", taskTimeoutSeconds: 300)
        try createWorkspace("third", taskTimeoutSeconds: 200)
        _ = try engine.deleteWorkspace(sid: workspaces[0], account: account, now: Self.start)
        engine.checkInvariants()
        try createWorkspace("fourth", taskTimeoutSeconds: 50)

        #expect(engine.nextDeadline == Self.start.adding(seconds: 50))
        let firstFired = engine.advance(to: Self.start.adding(seconds: 250))
        engine.checkInvariants()
        let canceledIn = firstFired.filter { $0.type == .taskCanceled }.map(\.workspaceSid)
        #expect(canceledIn == [workspaces[3], workspaces[2]])

        let secondFired = engine.advance(to: Self.start.adding(seconds: 300))
        #expect(secondFired.filter { $0.type == .taskCanceled }.map(\.workspaceSid) == [workspaces[1]])
        engine.checkInvariants()
    }
}

import AllotCore
import Dispatch
import Synchronization
import Testing

@testable import AllotPersistence
import AllotStorage

/// The completion of `execute` receives the engine's result boxed in an `AppliedCommand`.
@Suite struct AppliedCommandTests {
    typealias Recovery = DurableEngineRecoveryTests

    @Test func completionCarriesOutputAndEvents() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder, policy: .never), now: Scenario.start)
        defer { try? durable.close() }
        let workspace = try durable.executeAndWait(.createWorkspace(CreateWorkspaceRequest(friendlyName: "Boxed")),
                                                   account: Scenario.account, now: Scenario.start)
        guard case .workspace(let info) = workspace.value else {
            Issue.record("create_workspace returned \(workspace.value)")
            return
        }
        let delivered = Mutex<AppliedCommand?>(nil)
        let done = DispatchSemaphore(value: 0)
        durable.execute(.createActivity(workspace: info.sid, CreateActivityRequest(friendlyName: "Lunch", available: "false")),
                        account: Scenario.account, now: Scenario.start) { result in
            delivered.withLock { $0 = try? result.get() }
            done.signal()
        }
        // The writer thread may take the record and run the completion after execute returns.
        #expect(done.wait(timeout: .now() + 60) == .success)
        let applied = try #require(delivered.withLock { $0 })
        guard case .activity(let activity) = applied.result.value else {
            Issue.record("create_activity returned \(applied.result.value)")
            return
        }
        #expect(activity.friendlyName == "Lunch")
        #expect(activity.workspaceSid == info.sid)
        #expect(applied.result.events.map(\.type) == [.activityCreated])
    }
}

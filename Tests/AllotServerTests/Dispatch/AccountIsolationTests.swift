import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Two accounts on one allot-server process: neither can read or change the other's workspaces.
@Suite(.serialized) struct AccountIsolationTests {
    static let otherAccount = TestCredentials(accountSID: "AC" + String(repeating: "b", count: 32),
                                              secret: String(repeating: "B", count: 40), path: "")

    /// Starts a server with the generated local account and a second account from an accounts file.
    static func startServer() throws -> ServerProcess {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allot-accounts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let accountsFile = folder + "/accounts.json"
        let entry = "{\"account_sid\": \"\(otherAccount.accountSID)\", \"secret\": \"\(otherAccount.secret)\"}"
        try "[\(entry)]".write(toFile: accountsFile, atomically: true, encoding: .utf8)
        // The local account is created only when no account is configured,
        // so write its credentials first.
        let localSID = "AC" + String(repeating: "a", count: 32)
        let local = "{\"account_sid\": \"\(localSID)\", \"secret\": \"\(String(repeating: "A", count: 40))\"}"
        let credentials = folder + "/credentials.json"
        try local.write(toFile: credentials, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: credentials)
        return try ServerProcess(extraArguments: ["--accounts-file", accountsFile], dataDirectory: folder, removesDataDirectory: true)
    }

    @Test func otherAccountSeesNoWorkspace() throws {
        let server = try Self.startServer()
        let owner = try EngineClient(server)
        let fixture = try RoutingFixture(owner)
        let task = try fixture.createTask(owner)
        let other = try EngineClient(port: server.port, credentials: Self.otherAccount)
        let workspace = fixture.workspaceSID

        let fetch = try other.call(.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: workspace)))
        #expect(fetch.status?.code == .notFound)
        #expect(fetch.response == nil)
        #expect(try other.ok(.listWorkspaces(Wire.ListWorkspacesRequest())) == .workspacePage(Wire.WorkspacePage()))

        let calls: [Wire.ClientFrame.Request] = [
            .fetchWorker(Wire.FetchWorkerRequest(workspaceSID: workspace, workerSID: fixture.worker.sid)),
            .createWorker(Wire.CreateWorkerRequest(workspaceSID: workspace, friendlyName: "Mallory")),
            .fetchTask(Wire.FetchTaskRequest(workspaceSID: workspace, taskSID: task.sid)),
            .updateTask(Wire.UpdateTaskRequest(workspaceSID: workspace, taskSID: task.sid, assignmentStatus: .canceled)),
            .listEvents(Wire.ListEventsRequest(workspaceSID: workspace)),
            .subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: workspace)),
            .fetchWorkspaceRealTimeStatistics(Wire.FetchWorkspaceRealTimeStatisticsRequest(workspaceSID: workspace)),
            .deleteWorkspace(Wire.DeleteWorkspaceRequest(workspaceSID: workspace)),
        ]
        for request in calls {
            let reply = try other.call(request)
            #expect(reply.status?.code == .notFound, "\(request.fieldName) answered \(reply.status?.code.name ?? "no status")")
            #expect(reply.response == nil, "\(request.fieldName) returned data of another account")
        }

        // The owner's workspace is unchanged.
        guard case .task(let unchanged) = try owner.ok(.fetchTask(Wire.FetchTaskRequest(workspaceSID: workspace, taskSID: task.sid))) else {
            throw TestFailure("fetch_task did not return a task")
        }
        #expect(unchanged.assignmentStatus == .reserved)
        guard case .workspacePage(let page) = try owner.ok(.listWorkspaces(Wire.ListWorkspacesRequest())) else {
            throw TestFailure("list_workspaces did not return a page")
        }
        #expect(page.workspaces.map(\.sid) == [workspace])
    }
}

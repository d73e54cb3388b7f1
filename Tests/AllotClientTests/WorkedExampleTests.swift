import AllotClient
import AllotTestSupport
import AllotWire
import Foundation
import Testing

// The code of the worked example in docs/sdk.md, compiled and run here so
// that the page cannot drift from the SDK. Keep the two in step.

// BEGIN worked example
/// Creates a workspace with a support queue and a workflow, then one task
/// per request, and returns the workspace and the task SIDs.
func runDispatcher(_ connection: AllotConnection, requests: [String]) async throws(AllotError) -> (workspace: Wire.Workspace, taskSIDs: [String]) {
    let workspace = try await connection.createWorkspace(friendlyName: "Help desk")
    let queue = try await connection.createTaskQueue(
        in: workspace.sid, friendlyName: "Support", targetWorkers: #"skills HAS "support""#)
    let routing = #"{"task_routing": {"filters": [], "default_filter": {"queue": "\#(queue.sid)"}}}"#
    let workflow = try await connection.createWorkflow(
        in: workspace.sid, friendlyName: "Support routing", configuration: routing)

    var taskSIDs: [String] = []
    for subject in requests {
        let task = try await connection.createTask(
            in: workspace.sid, attributes: #"{"subject": "\#(subject)"}"#, workflowSID: workflow.sid)
        taskSIDs.append(task.sid)
    }
    return (workspace, taskSIDs)
}

/// Serves `count` reservations as the worker "Ada": accepts each, wraps it
/// up and completes it. Returns the SIDs of the tasks it completed.
func runWorker(_ connection: AllotConnection, workspaceSID: String, count: Int) async throws -> [String] {
    let worker = try await connection.createWorker(
        in: workspaceSID, friendlyName: "Ada", attributes: #"{"skills": ["support"]}"#)
    let session = WorkerSession(connection: connection, workspaceSID: workspaceSID, workerSID: worker.sid)
    let offers = try await session.reservations()  // subscribe before becoming available
    _ = try await session.setActivity(named: "Available")

    var completed: [String] = []
    for try await reservation in offers {
        _ = try await session.accept(reservation)
        _ = try await session.wrapUp(reservation)
        let task = try await session.complete(reservation, reason: "answered")
        completed.append(task.sid)
        if completed.count == count { break }
    }
    return completed
}
// END worked example

@Suite struct WorkedExampleTests {
    @Test func dispatcherAndWorkerServeEveryTask() async throws {
        let server = try ServerProcess()
        let dispatcher = try await AllotConnection.connect(host: "127.0.0.1", port: server.port, credentialsPath: server.credentialsPath)
        let agent = try await AllotConnection.connect(host: "127.0.0.1", port: server.port, credentialsPath: server.credentialsPath)

        let (workspace, taskSIDs) = try await runDispatcher(dispatcher, requests: ["password reset", "invoice", "login"])
        let completed = try await runWorker(agent, workspaceSID: workspace.sid, count: taskSIDs.count)

        #expect(completed == taskSIDs)
        let statistics = try await dispatcher.fetchWorkspaceCumulativeStatistics(Wire.FetchWorkspaceCumulativeStatisticsRequest(workspaceSID: workspace.sid))
        #expect(statistics.tasksCompleted == 3)
    }
}

@Suite struct WorkedExampleDocumentTests {
    @Test func sdkPageContainsWorkedExample() throws {
        let testFile = URL(fileURLWithPath: #filePath)
        let root = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: testFile, encoding: .utf8)
        let page = try String(contentsOf: root.appendingPathComponent("docs/sdk.md"), encoding: .utf8)
        let begin = try #require(source.range(of: "// BEGIN worked example\n"))
        let end = try #require(source.range(of: "// END worked example\n"))
        let code = String(source[begin.upperBound..<end.lowerBound])
        #expect(code.count > 500)
        #expect(page.contains(code))
    }

    @Test func sdkPageManifestListsImportedProducts() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let page = try String(contentsOf: root.appendingPathComponent("docs/sdk.md"), encoding: .utf8)
        let imported = Set(page.split(separator: "\n").filter { $0.hasPrefix("import Allot") }.map { $0.dropFirst("import ".count) })
        #expect(imported == ["AllotClient", "AllotWire"])
        for module in imported {
            #expect(page.contains(#".product(name: "\#(module)", package: "allot")"#), "no product line for \(module)")
        }
        #expect(page.contains(#".package(path: "../allot")"#))
        #expect(page.contains(".package(url: "))
    }
}

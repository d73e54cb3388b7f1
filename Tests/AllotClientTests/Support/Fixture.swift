import AllotClient
import AllotWire

/// A workspace with one worker, a queue with every worker and a workflow
/// that sends every task there.
struct Fixture {
    let workspace: Wire.Workspace
    let available: Wire.Activity
    let worker: Wire.Worker
    let queue: Wire.TaskQueue
    let workflow: Wire.Workflow

    var workspaceSID: String { workspace.sid }

    init(_ connection: AllotConnection, name: String = "Fixture") async throws {
        workspace = try await connection.createWorkspace(friendlyName: name)
        available = try await connection.activity(named: "Available", in: workspace.sid)
        worker = try await connection.createWorker(in: workspace.sid, friendlyName: "Alice", attributes: #"{"skills": ["support"]}"#)
        queue = try await connection.createTaskQueue(in: workspace.sid, friendlyName: "Support", targetWorkers: #"skills HAS "support""#)
        let configuration = #"{"task_routing": {"filters": [], "default_filter": {"queue": "\#(queue.sid)"}}}"#
        workflow = try await connection.createWorkflow(in: workspace.sid, friendlyName: "Everything", configuration: configuration)
    }
}

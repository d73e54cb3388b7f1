import AllotTestSupport
import AllotWire
import Foundation

/// A workspace built over the wire: one worker with attributes in the
/// Available activity, a queue whose members have the "support" skill, and
/// a workflow that routes every task to that queue.
struct RoutingFixture {
    let workspace: Wire.Workspace
    let availableActivity: Wire.Activity
    let offlineActivity: Wire.Activity
    let worker: Wire.Worker
    let queue: Wire.TaskQueue
    let workflow: Wire.Workflow

    var workspaceSID: String { workspace.sid }

    init(_ client: EngineClient, name: String = "Support", reservationTimeoutSeconds: UInt32 = 120) throws {
        guard case .workspace(let workspace) = try client.ok(.createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: name))) else {
            throw TestFailure("create_workspace did not return a workspace")
        }
        self.workspace = workspace
        guard case .activityPage(let activities) = try client.ok(.listActivities(Wire.ListActivitiesRequest(workspaceSID: workspace.sid))),
              let available = activities.activities.first(where: { $0.friendlyName == "Available" }),
              let offline = activities.activities.first(where: { $0.friendlyName == "Offline" }) else {
            throw TestFailure("a new workspace lacks the Available or Offline activity")
        }
        availableActivity = available
        offlineActivity = offline

        let attributes = #"{"skills": ["support", "billing"], "language": "en"}"#
        guard case .worker(let created) = try client.ok(.createWorker(Wire.CreateWorkerRequest(
            workspaceSID: workspace.sid, friendlyName: "Alice", attributes: attributes))) else {
            throw TestFailure("create_worker did not return a worker")
        }
        guard case .worker(let worker) = try client.ok(.updateWorker(Wire.UpdateWorkerRequest(
            workspaceSID: workspace.sid, workerSID: created.sid, activitySID: available.sid))) else {
            throw TestFailure("update_worker did not return a worker")
        }
        self.worker = worker

        guard case .taskQueue(let queue) = try client.ok(.createTaskQueue(Wire.CreateTaskQueueRequest(
            workspaceSID: workspace.sid, friendlyName: "Support queue", targetWorkers: #"skills HAS "support""#))) else {
            throw TestFailure("create_task_queue did not return a task queue")
        }
        self.queue = queue

        let configuration = #"{"task_routing": {"filters": [{"filter_friendly_name": "Support", "expression": "type == \"support\"", "targets": [{"queue": "\#(queue.sid)"}]}], "default_filter": {"queue": "\#(queue.sid)"}}}"#
        guard case .workflow(let workflow) = try client.ok(.createWorkflow(Wire.CreateWorkflowRequest(
            workspaceSID: workspace.sid, friendlyName: "Support routing", configuration: configuration,
            taskReservationTimeout: reservationTimeoutSeconds))) else {
            throw TestFailure("create_workflow did not return a workflow")
        }
        self.workflow = workflow
    }

    /// Creates a support task and returns it.
    @discardableResult
    func createTask(_ client: EngineClient, attributes: String = #"{"type": "support"}"#) throws -> Wire.Task {
        guard case .task(let task) = try client.ok(.createTask(Wire.CreateTaskRequest(
            workspaceSID: workspace.sid, attributes: attributes, workflowSID: workflow.sid))) else {
            throw TestFailure("create_task did not return a task")
        }
        return task
    }

    /// Subscribes to the worker's reservation events and returns the subscription.
    func subscribeToWorker(_ client: EngineClient) throws -> Wire.Subscription {
        guard case .subscription(let subscription) = try client.ok(.subscribeEvents(Wire.SubscribeEventsRequest(
            workspaceSID: workspace.sid, workerSID: worker.sid))) else {
            throw TestFailure("subscribe_events did not return a subscription")
        }
        return subscription
    }
}

extension ServerProcess {
    /// Returns the text of the metrics endpoint's /metrics page.
    func metricsText() throws -> String {
        try httpGetFromMetrics(path: "/metrics")
    }

    /// Returns the whole HTTP response of the metrics endpoint to `GET path`.
    func httpGetFromMetrics(path: String) throws -> String {
        let client = try TestClient(port: try requireMetricsPort())
        try client.send(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        return String(decoding: try client.readAllRaw(), as: UTF8.self)
    }
}

import Foundation

import AllotCore

/// Baseline: the pause that copy-on-write causes after a shard capture.
func runPersistenceBenchmarks(_ report: inout BenchmarkReport) {
    let taskCount = Int(ProcessInfo.processInfo.environment["PERSISTENCE_TASKS"] ?? "") ?? 1_000_000
    let workerCount = 15_000
    var limits = EngineLimits()
    limits.maximumTasks = taskCount + 10_000
    let engine = Engine(configuration: EngineConfiguration(shardCount: 1, limits: limits))
    let account = "AC" + String(repeating: "a", count: 32)
    let workspace = "WS" + String(repeating: "b", count: 32)
    var now = Timestamp(unixSeconds: 1_700_000_000)
    func run(_ command: EngineCommand) -> EngineCommandOutput {
        do {
            return try engine.execute(command, account: account, now: now).value
        } catch {
            preconditionFailure("benchmark command failed: \(error)")
        }
    }
    _ = run(.createWorkspace(CreateWorkspaceRequest(friendlyName: "bench", sid: workspace)))
    guard case .taskQueue(let queue) = run(.createTaskQueue(workspace: workspace, CreateTaskQueueRequest(friendlyName: "all", targetWorkers: "1==1"))) else { preconditionFailure() }
    let configuration = #"{"task_routing":{"default_filter":{"queue":"\#(queue.sid)"}}}"#
    guard case .workflow(let workflow) = run(.createWorkflow(workspace: workspace, CreateWorkflowRequest(friendlyName: "w", configuration: configuration))) else { preconditionFailure() }
    for index in 0..<workerCount {
        _ = run(.createWorker(workspace: workspace, CreateWorkerRequest(friendlyName: "worker \(index)", attributes: #"{"skill":"s\#(index % 50)"}"#)))
    }
    let clock = ContinuousClock()
    let fillStart = clock.now
    for index in 0..<taskCount {
        var request = CreateTaskRequest(attributes: #"{"n":\#(index)}"#, workflowSid: workflow.sid)
        request.priority = index % 10
        _ = run(.createTask(workspace: workspace, request))
        if index % 1000 == 0 { now = now.adding(milliseconds: 1) }
    }
    print("filled \(taskCount) tasks in \(clock.now - fillStart)")

    func timedCreate() -> Duration {
        let start = clock.now
        _ = run(.createTask(workspace: workspace, CreateTaskRequest(attributes: #"{"n":0}"#, workflowSid: workflow.sid)))
        return clock.now - start
    }
    print("create without capture: \(timedCreate()) \(timedCreate())")
    let captureStart = clock.now
    let snapshot = engine.captureShard(0)
    let captureTime = clock.now - captureStart
    let first = timedCreate()
    let second = timedCreate()
    print("capture \(captureTime); first create after capture \(first); second \(second)")
    report.record("baseline.first_create_after_capture", Double(first.components.attoseconds) / 1e15 + Double(first.components.seconds) * 1e3, unit: "ms")
    withExtendedLifetime(snapshot) {}
}

import AllotCore
import AllotPersistence
import AllotStorage
import Foundation
import Synchronization

/// Create-task throughput under each journal sync policy, against the same engine without a
/// journal, in process: no network or codec, so the figures show what durability costs.
///
/// Four client threads each create tasks in their own workspace for three seconds, keeping up
/// to 64 commands waiting for their acknowledgement, as pipelined clients of the server do.
/// The data folder is a temporary folder on the machine's disk.
func runDurabilityBenchmarks(_ report: inout BenchmarkReport) {
    let policies: [(name: String, policy: JournalSyncPolicy?)] = [
        ("memory_only", nil), ("never", .never), ("interval_10ms", .interval(.milliseconds(10))), ("always", .always),
    ]
    var memoryRate = 0.0
    for (name, policy) in policies {
        let folder = NSTemporaryDirectory() + "allot-durability-benchmark-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rate = DurabilityRun(folder: folder, policy: policy).tasksPerSecond()
        if policy == nil { memoryRate = rate }
        report.record("create_task.\(name)", rate / 1e3, unit: "k tasks/s")
        if policy != nil, memoryRate > 0 {
            report.record("create_task.\(name)_share_of_memory_only", rate / memoryRate, unit: "×")
        }
    }
}

private struct DurabilityRun {
    static let clientCount = 4
    static let window = 64
    static let runSeconds = 3.0
    static let account = "AC" + String(repeating: "c", count: 32)

    let folder: String
    let policy: JournalSyncPolicy?

    /// Creates the workspaces, runs the clients and returns the acknowledged creates per second.
    func tasksPerSecond() -> Double {
        let configuration = EngineConfiguration(shardCount: 4 * ProcessInfo.processInfo.activeProcessorCount)
        let durable: DurableEngine?
        let engine: Engine
        if let policy {
            do {
                let opened = try DurableEngine.open(
                    configuration: DurableEngineConfiguration(dataDirectory: folder, engine: configuration, syncPolicy: policy),
                    now: Timestamp(unixSeconds: 1_700_000_000))
                durable = opened.0
                engine = opened.0.engine
            } catch {
                preconditionFailure("opening the durability benchmark folder failed: \(error)")
            }
        } else {
            durable = nil
            engine = Engine(configuration: configuration)
        }

        let workspaces = (0..<Self.clientCount).map { makeWorkspace(engine, durable, index: $0) }
        let acknowledged = SharedCounter()
        let stop = SharedCounter()
        let group = DispatchGroup()
        let start = ContinuousClock.now
        for (workspace, workflow) in workspaces {
            group.enter()
            Thread.detachNewThread {
                runClient(engine, durable, workspace: workspace, workflow: workflow, acknowledged: acknowledged, stop: stop)
                group.leave()
            }
        }
        Thread.sleep(forTimeInterval: Self.runSeconds)
        stop.increment()
        group.wait()

        let elapsed = ContinuousClock.now - start
        try? durable?.close()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(acknowledged.value) / seconds
    }

    /// Creates a workspace with one queue and a workflow routing every task to it, and
    /// returns the SIDs of the workspace and the workflow.
    private func makeWorkspace(_ engine: Engine, _ durable: DurableEngine?, index: Int) -> (String, String) {
        guard case .workspace(let workspace) = execute(engine, durable, .createWorkspace(CreateWorkspaceRequest(
            friendlyName: "durability \(index)"))),
              case .taskQueue(let queue) = execute(engine, durable, .createTaskQueue(workspace: workspace.sid, CreateTaskQueueRequest(
                  friendlyName: "all", targetWorkers: "1==1"))),
              case .workflow(let workflow) = execute(engine, durable, .createWorkflow(workspace: workspace.sid, CreateWorkflowRequest(
                  friendlyName: "route", configuration: #"{"task_routing":{"default_filter":{"queue":"\#(queue.sid)"}}}"#))) else {
            preconditionFailure("creating the durability benchmark workspace failed")
        }
        return (workspace.sid, workflow.sid)
    }

    private func execute(_ engine: Engine, _ durable: DurableEngine?, _ command: EngineCommand) -> EngineCommandOutput {
        do {
            if let durable { return try durable.executeAndWait(command, account: Self.account, now: Timestamp(unixSeconds: 1_700_000_000)).value }
            return try engine.execute(command, account: Self.account, now: Timestamp(unixSeconds: 1_700_000_000)).value
        } catch {
            preconditionFailure("durability benchmark command \(command) failed: \(error)")
        }
    }

    /// Creates tasks until `stop`, with up to `window` waiting for acknowledgement.
    private func runClient(_ engine: Engine, _ durable: DurableEngine?, workspace: String, workflow: String,
                           acknowledged: SharedCounter, stop: SharedCounter) {
        let slots = DispatchSemaphore(value: Self.window)
        var sent = 0
        while stop.value == 0 {
            sent += 1
            let command = EngineCommand.createTask(workspace: workspace, CreateTaskRequest(
                attributes: #"{"customer":"c\#(sent)","language":"en"}"#, workflowSid: workflow))
            let now = Timestamp(unixSeconds: 1_700_000_000)
            guard let durable else {
                _ = try? engine.execute(command, account: Self.account, now: now)
                acknowledged.increment()
                continue
            }
            slots.wait()
            durable.execute(command, account: Self.account, now: now) { result in
                if case .success = result { acknowledged.increment() }
                slots.signal()
            }
        }
        // Wait for every command in flight, then restore the count: libdispatch traps when a
        // semaphore is released with a value below the one it was created with.
        for _ in 0..<Self.window { slots.wait() }
        for _ in 0..<Self.window { slots.signal() }
    }
}

/// A counter shared between threads and completion handlers.
private final class SharedCounter: Sendable {
    private let count = Atomic(0)

    var value: Int { count.load(ordering: .acquiring) }

    func increment() {
        count.add(1, ordering: .acquiringAndReleasing)
    }
}

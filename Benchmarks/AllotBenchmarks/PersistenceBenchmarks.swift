import AllotCore
import AllotPersistence
import Foundation
import Synchronization

/// Snapshot, restore and journal replay of one large workspace, and the pause a snapshot
/// causes to requests running at the same time.
///
/// `PERSISTENCE_TASKS` sets the number of pending tasks (default 1,000,000); the workspace
/// also has 15,000 workers, all offline so that the tasks stay pending. The data folder is
/// a temporary folder on the machine's disk; the journal uses the `never` sync policy while
/// filling, so the fill measures the engine and the encoding rather than the device.
func runPersistenceBenchmarks(_ report: inout BenchmarkReport) {
    let taskCount = Int(ProcessInfo.processInfo.environment["PERSISTENCE_TASKS"] ?? "") ?? 1_000_000
    let folder = NSTemporaryDirectory() + "allot-persistence-benchmark-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var bench = PersistenceBenchmark(folder: folder, taskCount: taskCount)
    bench.run(&report)
}

private struct PersistenceBenchmark {
    static let account = "AC" + String(repeating: "a", count: 32)
    static let workspace = "WS" + String(repeating: "b", count: 32)
    static let workerCount = 15_000

    let folder: String
    let taskCount: Int
    var now = Timestamp(unixSeconds: 1_700_000_000)
    var taskSids: [String] = []
    var workflowSid = ""
    let clock = ContinuousClock()

    init(folder: String, taskCount: Int) {
        self.folder = folder
        self.taskCount = taskCount
    }

    var configuration: DurableEngineConfiguration {
        var limits = EngineLimits()
        limits.maximumTasks = taskCount + 1_000_000
        // Four shards per core, as the server configures them.
        let shardCount = 4 * ProcessInfo.processInfo.activeProcessorCount
        return DurableEngineConfiguration(dataDirectory: folder,
                                          engine: EngineConfiguration(shardCount: shardCount, limits: limits),
                                          syncPolicy: .never)
    }

    mutating func run(_ report: inout BenchmarkReport) {
        // 1. Fill through the journal, then replay it all.
        var durable = open(&report, prefix: nil)
        fill(durable, &report)
        // PERSISTENCE_REPLAY=0 leaves the replay out, for profiling the rest.
        if ProcessInfo.processInfo.environment["PERSISTENCE_REPLAY"] != "0" {
            close(durable)
            durable = open(&report, prefix: "replay")
        }

        // 2. Snapshot the million tasks, and restore from that snapshot alone.
        let snapshotCPUStart = processCPUSeconds()
        let snapshot = takeSnapshot(durable)
        report.record("snapshot.seconds", seconds(snapshot.writeDuration), unit: "s (target 3)")
        report.record("snapshot.cpu_seconds", processCPUSeconds() - snapshotCPUStart, unit: "CPU-s (all threads)")
        report.record("snapshot.encode_seconds", seconds(snapshot.encodeDuration), unit: "s")
        report.record("snapshot.file_bytes", Double(snapshot.header.expectedFileBytes) / 1e6, unit: "MB")
        report.record("snapshot.uncompressed_bytes", Double(snapshot.header.uncompressedBytes) / 1e6, unit: "MB")
        report.record("snapshot.longest_capture", milliseconds(snapshot.longestCapture), unit: "ms")
        // Extra snapshots for a profiler, when PERSISTENCE_SNAPSHOT_REPEAT requests them.
        let repeats = Int(ProcessInfo.processInfo.environment["PERSISTENCE_SNAPSHOT_REPEAT"] ?? "") ?? 0
        for _ in 0..<repeats { _ = takeSnapshot(durable) }
        close(durable)
        durable = open(&report, prefix: "restore")

        // 3. Requests on another thread, without and during snapshots; PERSISTENCE_PAUSE=0
        //    leaves this out, for profiling the rest.
        if ProcessInfo.processInfo.environment["PERSISTENCE_PAUSE"] != "0" {
            measurePause(durable, &report)
        }
        close(durable)
    }

    /// Opens the data folder and records the recovery figures under `prefix`.
    func open(_ report: inout BenchmarkReport, prefix: String?) -> DurableEngine {
        let start = clock.now
        let cpuStart = processCPUSeconds()
        let threadCPUStart = threadCPUSeconds()
        let opened: (DurableEngine, RecoveryReport)
        do {
            opened = try DurableEngine.open(configuration: configuration, now: now)
        } catch {
            preconditionFailure("opening the benchmark data folder failed: \(error)")
        }
        let total = clock.now - start
        let cpuSeconds = processCPUSeconds() - cpuStart
        let threadCPU = threadCPUSeconds() - threadCPUStart
        let recovery = opened.1
        if let prefix {
            report.record("\(prefix).total_seconds", seconds(total), unit: prefix == "restore" ? "s (target 5)" : "s")
            report.record("\(prefix).cpu_seconds", cpuSeconds, unit: "CPU-s (all threads)")
            // Restoring decodes on a second thread; the calling thread's share is the
            // critical path when a second core is free.
            report.record("\(prefix).calling_thread_cpu_seconds", threadCPU, unit: "CPU-s")
            report.record("\(prefix).snapshot_read_seconds", seconds(recovery.snapshotReadDuration), unit: "s")
            report.record("\(prefix).snapshot_restore_seconds", seconds(recovery.restoreDuration), unit: "s")
            report.record("\(prefix).replayed_records", Double(recovery.replayedRecordCount), unit: "records")
            let replaySeconds = seconds(recovery.replayDuration)
            if recovery.replayedRecordCount > 10_000, replaySeconds > 0 {
                report.record("\(prefix).replay_rate", Double(recovery.replayedRecordCount) / replaySeconds / 1e3,
                              unit: "k records/s")
            }
        }
        return opened.0
    }

    func close(_ durable: DurableEngine) {
        do {
            try durable.close()
        } catch {
            preconditionFailure("closing the benchmark journal failed: \(error)")
        }
    }

    func takeSnapshot(_ durable: DurableEngine) -> SnapshotReport {
        do {
            return try durable.snapshotNow(createdAt: now)
        } catch {
            preconditionFailure("benchmark snapshot failed: \(error)")
        }
    }

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func milliseconds(_ duration: Duration) -> Double { seconds(duration) * 1e3 }
}

extension PersistenceBenchmark {
    /// Runs `command` and waits for its journal record.
    func run(_ durable: DurableEngine, _ command: EngineCommand) -> EngineCommandOutput {
        do {
            return try durable.executeAndWait(command, account: Self.account, now: now).value
        } catch {
            preconditionFailure("benchmark command \(command) failed: \(error)")
        }
    }

    /// Creates the workspace, its queue, workflow and workers, and the tasks.
    mutating func fill(_ durable: DurableEngine, _ report: inout BenchmarkReport) {
        _ = run(durable, .createWorkspace(CreateWorkspaceRequest(friendlyName: "benchmark", sid: Self.workspace)))
        guard case .taskQueue(let queue) = run(durable, .createTaskQueue(workspace: Self.workspace, CreateTaskQueueRequest(
            friendlyName: "all", targetWorkers: "1==1"))) else { preconditionFailure("no task queue") }
        let routing = #"{"task_routing":{"default_filter":{"queue":"\#(queue.sid)"}}}"#
        guard case .workflow(let workflow) = run(durable, .createWorkflow(workspace: Self.workspace, CreateWorkflowRequest(
            friendlyName: "route", configuration: routing))) else { preconditionFailure("no workflow") }
        workflowSid = workflow.sid
        for index in 0..<Self.workerCount {
            _ = run(durable, .createWorker(workspace: Self.workspace, CreateWorkerRequest(
                friendlyName: "worker \(index)", attributes: #"{"skills":["s\#(index % 50)","s\#(index % 7)"],"level":\#(index % 5)}"#)))
        }

        let start = clock.now
        let cpuStart = processCPUSeconds()
        let collector = SidCollector()
        for index in 0..<taskCount {
            let command = EngineCommand.createTask(workspace: Self.workspace, CreateTaskRequest(
                attributes: #"{"customer":"c\#(index)","language":"en","priority_class":\#(index % 4)}"#,
                priority: index % 10, workflowSid: workflowSid))
            // Waiting on every thousandth command bounds the journal backlog.
            if index % 1_000 == 999 {
                guard case .task(let task) = run(durable, command) else { preconditionFailure("no task") }
                collector.add(task.sid)
            } else {
                durable.execute(command, account: Self.account, now: now) { result in
                    if case .success(let applied) = result, case .task(let task) = applied.result.value { collector.add(task.sid) }
                }
            }
            if index % 10_000 == 0 { now = now.adding(milliseconds: 10) }
        }
        let elapsed = seconds(clock.now - start)
        report.record("fill.journaled_create_rate", Double(taskCount) / elapsed / 1e3, unit: "k tasks/s")
        report.record("fill.cpu_per_create", (processCPUSeconds() - cpuStart) / Double(taskCount) * 1e6,
                      unit: "CPU-µs (all threads)")
        taskSids = collector.all
    }
}

/// Task SIDs gathered from completions, which run on the journal writer's thread.
private final class SidCollector: Sendable {
    private let sids = Mutex<[String]>([])

    func add(_ sid: String) { sids.withLock { $0.append(sid) } }

    var all: [String] { sids.withLock { $0 } }
}

/// CPU time of the calling thread, in seconds.
private func threadCPUSeconds() -> Double {
    var time = timespec()
    guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// CPU time of the whole process, all threads, in seconds.
private func processCPUSeconds() -> Double {
    var time = timespec()
    guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

extension PersistenceBenchmark {
    /// Runs requests against the large workspace on another thread, first for three
    /// seconds alone, then while a snapshot is written, and records the latencies of both
    /// runs. The first run shows the scheduling noise of the machine; the difference is the
    /// pause a snapshot causes.
    func measurePause(_ durable: DurableEngine, _ report: inout BenchmarkReport) {
        let load = RequestLoad(durable: durable, taskSids: taskSids, now: now)
        let alone = load.run { Thread.sleep(forTimeInterval: 3) }
        record(alone, name: "without_snapshot", &report)

        // Three snapshots, each on its own thread at the priority the server's snapshot
        // scheduler uses, because one run on a shared machine shows little of the maximum.
        var maxima: [Duration] = []
        var all: [RequestLoad.Sample] = []
        var underLoad: [Double] = []
        for _ in 0..<3 {
            let written = Mutex<SnapshotReport?>(nil)
            let samples = load.run {
                let done = DispatchSemaphore(value: 0)
                let thread = Thread { [now] in
                    BackgroundPriority.lowerCurrentThread()
                    written.withLock { $0 = try? durable.snapshotNow(createdAt: now) }
                    done.signal()
                }
                thread.start()
                done.wait()
            }
            maxima.append(samples.map(\.wall).max() ?? .zero)
            all += samples
            if let snapshot = written.withLock({ $0 }) { underLoad.append(seconds(snapshot.writeDuration)) }
        }
        record(all, name: "during_snapshot", &report)
        report.record("pause.median_of_run_maxima_during_snapshot", milliseconds(maxima.sorted()[1]), unit: "ms")
        if let slowest = underLoad.max() {
            report.record("pause.snapshot_seconds_under_load", slowest, unit: "s (slowest of 3)")
        }
    }

    func record(_ samples: [RequestLoad.Sample], name: String, _ report: inout BenchmarkReport) {
        let sorted = samples.map(\.wall).sorted()
        guard let maximum = sorted.last, let maximumCPU = samples.map(\.cpu).max() else { return }
        report.record("pause.requests_\(name)", Double(sorted.count), unit: "requests")
        report.record("pause.p99_\(name)", milliseconds(sorted[sorted.count * 99 / 100]), unit: "ms")
        report.record("pause.max_\(name)", milliseconds(maximum), unit: name == "during_snapshot" ? "ms (target 20)" : "ms")
        report.record("pause.max_cpu_\(name)", milliseconds(maximumCPU), unit: "CPU-ms")
    }
}

/// A thread that sends requests to one workspace until stopped: alternately a new task and
/// a priority change of a random existing task, so that writes land all over the tables.
private struct RequestLoad {
    let durable: DurableEngine
    let taskSids: [String]
    let now: Timestamp

    /// One request's latency: the wall time `execute` took to apply the command and queue
    /// its journal record, and the CPU time this thread spent on it, which leaves out the
    /// time the thread waited for a core.
    struct Sample: Sendable {
        var wall: Duration
        var cpu: Duration
    }

    /// Runs requests while `body` runs and returns each request's latency.
    func run(while body: () -> Void) -> [Sample] {
        let stop = StopFlag()
        let finished = DispatchSemaphore(value: 0)
        let results = LatencyBox()
        let thread = Thread { [durable, taskSids, now] in
            var latencies: [Sample] = []
            latencies.reserveCapacity(1 << 20)
            var generator = SplitMix(state: 42)
            let clock = ContinuousClock()
            var count = 0
            while !stop.isSet {
                let command: EngineCommand
                if count % 2 == 0 || taskSids.isEmpty {
                    command = .createTask(workspace: PersistenceBenchmark.workspace, CreateTaskRequest(attributes: #"{"load":1}"#))
                } else {
                    let sid = taskSids[Int(generator.next() % UInt64(taskSids.count))]
                    command = .updateTask(workspace: PersistenceBenchmark.workspace, sid: sid,
                                          UpdateTaskRequest(priority: Int(generator.next() % 10)))
                }
                let start = clock.now
                let cpuStart = threadCPUTime()
                durable.execute(command, account: PersistenceBenchmark.account, now: now) { _ in }
                latencies.append(Sample(wall: clock.now - start, cpu: threadCPUTime() - cpuStart))
                count += 1
            }
            results.store(latencies)
            finished.signal()
        }
        thread.start()
        body()
        stop.set()
        finished.wait()
        return results.value
    }
}

private final class StopFlag: Sendable {
    private let flag = Atomic(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}

private final class LatencyBox: Sendable {
    private let latencies = Mutex<[RequestLoad.Sample]>([])
    func store(_ values: [RequestLoad.Sample]) { latencies.withLock { $0 = values } }
    var value: [RequestLoad.Sample] { latencies.withLock { $0 } }
}

/// CPU time of the calling thread.
private func threadCPUTime() -> Duration {
    var time = timespec()
    guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return .zero }
    return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
}

/// A small seeded generator, so that every run updates the same tasks.
private struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

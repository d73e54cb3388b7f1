import AllotCore
import AllotWire
import Foundation
import Glibc
import Synchronization

/// Echo against CreateTask over the wire: the cost the engine adds to a
/// round trip, measured in one run against one allot-server process with
/// the echo benchmark's client.
///
/// Every create-task call routes a task through a workflow into a queue
/// with no workers, so each one creates, routes and enqueues a task. Each
/// measurement gets a fresh workspace, and each connection of the
/// eight-connection run its own, so that workspaces spread over shards as
/// independent tenants do. Build the server first with
/// `swift build -c release --product allot-server`; run the whole program
/// under `taskset -c 0` to pin client and server to one CPU.
func runWireBenchmarks(_ report: inout BenchmarkReport) {
    if let seconds = wireProfileSeconds {
        do {
            try runCreateTaskProfile(seconds: seconds, &report)
        } catch {
            FileHandle.standardError.write(Data("create-task profile run failed: \(error)\n".utf8))
        }
        return
    }
    // Fewer CPUs than the machine has means the run was pinned with taskset.
    report.record("cpus_allowed", Double(allowedCPUCount()), unit: "CPUs")
    do {
        let engine = try measureEngineCreateTask()
        report.record("engine_create_task_in_process_p50", engine.samples.percentile(0.5), unit: "µs")
        report.record("engine_create_task_in_process_p99", engine.samples.percentile(0.99), unit: "µs")
        report.record("engine_create_task_in_process_cpu_mean", engine.cpuMicrosecondsPerCall, unit: "µs")
    } catch {
        FileHandle.standardError.write(Data("engine createTask benchmark failed: \(error)\n".utf8))
    }
    // The targets compare the engine and the wire with echo, so the main
    // run journals without syncing. The second run shows what syncing
    // every acknowledged change to disk adds.
    for (fsync, prefix) in [("never", ""), ("always", "fsync_always_")] {
        do {
            try runWire(fsync: fsync, prefix: prefix, &report)
        } catch {
            FileHandle.standardError.write(Data("wire benchmarks with --fsync \(fsync) failed: \(error)\n".utf8))
        }
    }
}

/// Runs the latency and throughput measurements against one server started
/// with `--fsync fsync`, recording each figure under `prefix`.
private func runWire(fsync: String, prefix: String, _ report: inout BenchmarkReport) throws {
    let server = try EchoBenchmarkServer(fsync: fsync)
    defer { server.stop() }
    let control = try EchoConnection(server: server)
    let echoLatency = try measureLatency(try EchoConnection(server: server)) { try $0.echoFrame(callID: 1) }
    let taskConnection = try EchoConnection(server: server)
    let latencyWorkspace = try BenchmarkWorkspace(control, name: "latency")
    let taskLatency = try measureLatency(taskConnection) { _ in try latencyWorkspace.createTaskFrame(callID: 1) }
    record(echoLatency, as: prefix + "echo", &report)
    record(taskLatency, as: prefix + "create_task", &report)
    report.record(prefix + "create_task_p99_over_echo_p99", taskLatency.percentile(0.99) / echoLatency.percentile(0.99),
                  unit: "x (target ≤ 1.5)")
    for connections in [1, 8] {
        let echo = try measureThroughput(server, connections: connections) { connection, _ in
            try (1...wireCallsInFlight).map { try connection.echoFrame(callID: UInt64($0)) }
        }
        let workspaces = try (0..<connections).map { try BenchmarkWorkspace(control, name: "throughput \(connections).\($0)") }
        let tasks = try measureThroughput(server, connections: connections) { _, index in
            try (1...wireCallsInFlight).map { try workspaces[index].createTaskFrame(callID: UInt64($0)) }
        }
        try checkTasksCreated(control, workspaces, replies: tasks.replies)
        let label = connections == 1 ? "1_connection" : "\(connections)_connections"
        report.record(prefix + "echo_throughput_\(label)_64_in_flight", echo.rate, unit: "calls/s")
        report.record(prefix + "create_task_throughput_\(label)_64_in_flight", tasks.rate, unit: "calls/s")
        report.record(prefix + "create_task_throughput_share_\(label)", tasks.rate / echo.rate, unit: "of echo (target ≥ 0.4)")
        report.record(prefix + "server_cpu_per_echo_\(label)", echo.serverCPUMicrosecondsPerCall, unit: "µs")
        report.record(prefix + "server_cpu_per_create_task_\(label)", tasks.serverCPUMicrosecondsPerCall, unit: "µs")
    }
}

/// Runs only pipelined create-task calls on one connection against a server with
/// `--fsync never`, for `seconds`, after printing the server's process ID, so that a
/// profiler can attach to the server for that one load.
private func runCreateTaskProfile(seconds: Double, _ report: inout BenchmarkReport) throws {
    let server = try EchoBenchmarkServer(fsync: "never")
    defer { server.stop() }
    let control = try EchoConnection(server: server)
    let workspace = try BenchmarkWorkspace(control, name: "profile")
    FileHandle.standardError.write(Data("allot-server process \(server.processIdentifier): create-task load for \(seconds) s\n".utf8))
    let run = try measureThroughput(server, connections: 1, seconds: seconds) { _, _ in
        try (1...wireCallsInFlight).map { try workspace.createTaskFrame(callID: UInt64($0)) }
    }
    report.record("profile_create_task_throughput_1_connection_64_in_flight", run.rate, unit: "calls/s")
    report.record("profile_server_cpu_per_create_task_1_connection", run.serverCPUMicrosecondsPerCall, unit: "µs")
}

/// Length of the create-task-only run for profiling, from `WIRE_PROFILE_SECONDS`; nil for
/// the full set of wire measurements.
private let wireProfileSeconds = ProcessInfo.processInfo.environment["WIRE_PROFILE_SECONDS"].flatMap(Double.init)

/// Calls each connection keeps in flight in the throughput runs.
private let wireCallsInFlight = 64
/// Round trips timed one by one for each latency distribution.
private let wireLatencySamples = 100_000
/// Round trips before timing starts, to warm caches and the server's allocations.
private let wireWarmUpCalls = 2_000
/// Length of each throughput run, in seconds.
private let wireThroughputSeconds = 3.0

/// Sorted round-trip times in microseconds.
private struct LatencySamples {
    var sorted: [Double]

    func percentile(_ fraction: Double) -> Double {
        sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }
}

private func record(_ samples: LatencySamples, as name: String, _ report: inout BenchmarkReport) {
    report.record("\(name)_round_trip_1_in_flight_p50", samples.percentile(0.5), unit: "µs")
    report.record("\(name)_round_trip_1_in_flight_p99", samples.percentile(0.99), unit: "µs")
    report.record("\(name)_round_trip_1_in_flight_p99.9", samples.percentile(0.999), unit: "µs")
}

private func measureLatency(_ connection: EchoConnection, frame makeFrame: (EchoConnection) throws -> [UInt8]) throws -> LatencySamples {
    let frame = try makeFrame(connection)
    for _ in 0..<wireWarmUpCalls {
        try connection.roundTrip(frame)
    }
    let clock = ContinuousClock()
    var samples: [Double] = []
    samples.reserveCapacity(wireLatencySamples)
    for _ in 0..<wireLatencySamples {
        let start = clock.now
        try connection.roundTrip(frame)
        samples.append((clock.now - start).microseconds)
    }
    return LatencySamples(sorted: samples.sorted())
}

/// Times the engine's own work for the same task, in this process with no
/// network or codec, as a baseline for the round trips: the same number of
/// tasks into the same kind of workspace.
private func measureEngineCreateTask() throws -> (samples: LatencySamples, cpuMicrosecondsPerCall: Double) {
    let engine = Engine()
    let account = "AC" + String(repeating: "1", count: 32)
    let now = Timestamp(unixMilliseconds: Int64(Date().timeIntervalSince1970 * 1_000))
    let workspace = try engine.createWorkspace(AllotCore.CreateWorkspaceRequest(friendlyName: "Bench engine"), account: account, now: now).value.sid
    let queue = try engine.createTaskQueue(workspace: workspace, AllotCore.CreateTaskQueueRequest(friendlyName: "Support", targetWorkers: #"skills HAS "support""#),
                                           account: account, now: now).value.sid
    let configuration = #"{"task_routing": {"filters": [{"expression": "type == \"support\"", "targets": [{"queue": "\#(queue)"}]}], "default_filter": {"queue": "\#(queue)"}}}"#
    let workflow = try engine.createWorkflow(workspace: workspace, AllotCore.CreateWorkflowRequest(friendlyName: "Support routing", configuration: configuration),
                                             account: account, now: now).value.sid
    let request = AllotCore.CreateTaskRequest(attributes: #"{"type": "support", "language": "en"}"#, workflowSid: workflow)
    let clock = ContinuousClock()
    var samples: [Double] = []
    samples.reserveCapacity(wireLatencySamples)
    var cpuStart = 0.0
    for index in 0..<(wireWarmUpCalls + wireLatencySamples) {
        if index == wireWarmUpCalls { cpuStart = threadCPUSeconds() }
        let start = clock.now
        blackHole(try engine.createTask(workspace: workspace, request, account: account, now: now.adding(milliseconds: Int64(index / 1_000))))
        if index >= wireWarmUpCalls { samples.append((clock.now - start).microseconds) }
    }
    let cpuMicroseconds = (threadCPUSeconds() - cpuStart) * 1e6
    return (LatencySamples(sorted: samples.sorted()), cpuMicroseconds / Double(wireLatencySamples))
}

/// Returns the CPU time the calling thread has used, in seconds.
private func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Figures of one throughput run.
private struct ThroughputRun {
    /// Replies per second over all connections.
    var rate: Double
    /// Replies per connection.
    var replies: [Int]
    /// CPU time the server process used per reply, user and system, which
    /// unlike the rate does not depend on what else the machine runs.
    var serverCPUMicrosecondsPerCall: Double
}

/// Runs one pipelining thread per connection for the run's length.
private func measureThroughput(_ server: EchoBenchmarkServer, connections: Int, seconds: Double = wireThroughputSeconds,
                               frames makeFrames: (EchoConnection, Int) throws -> [[UInt8]]) throws -> ThroughputRun {
    let clients = try (0..<connections).map { _ in try EchoConnection(server: server) }
    let frames = try clients.enumerated().map { try makeFrames($0.element, $0.offset) }
    let replies = Mutex([Int](repeating: 0, count: connections))
    let failures = Mutex<[String]>([])
    let finished = DispatchSemaphore(value: 0)
    let cpuBefore = processCPUSeconds(server.processIdentifier)
    let start = ContinuousClock.now
    let end = start + .milliseconds(Int(seconds * 1_000))
    for (index, client) in clients.enumerated() {
        let box = EchoConnectionBox(client)
        let batch = frames[index]
        Thread.detachNewThread {
            do {
                let count = try box.connection.pipeline(batch, until: end)
                replies.withLock { $0[index] = count }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
            finished.signal()
        }
    }
    for _ in clients { finished.wait() }
    let elapsedSeconds = (ContinuousClock.now - start).microseconds / 1e6
    let cpuSeconds = processCPUSeconds(server.processIdentifier) - cpuBefore
    if let failure = failures.withLock({ $0.first }) {
        throw EchoBenchmarkError(failure)
    }
    let counts = replies.withLock { $0 }
    let total = counts.reduce(0, +)
    return ThroughputRun(rate: Double(total) / elapsedSeconds, replies: counts,
                         serverCPUMicrosecondsPerCall: cpuSeconds * 1e6 / Double(max(1, total)))
}

/// Returns the user and system CPU time of a process so far, in seconds,
/// from fields 14 and 15 of /proc/PID/stat (in clock ticks); 0 when unreadable.
private func processCPUSeconds(_ processIdentifier: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(processIdentifier)/stat", encoding: .utf8),
          let end = stat.lastIndex(of: ")") else { return 0 }
    // The fields after the command name, which may itself hold spaces, start with field 3.
    let fields = stat[stat.index(after: end)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Checks that every create-task reply counted was a created task, since
/// the pipelined client counts replies without decoding them.
private func checkTasksCreated(_ control: EchoConnection, _ workspaces: [BenchmarkWorkspace], replies: [Int]) throws {
    for (workspace, count) in zip(workspaces, replies) {
        let reply = try control.call(.fetchWorkspaceRealTimeStatistics(Wire.FetchWorkspaceRealTimeStatisticsRequest(workspaceSID: workspace.sid)))
        guard case .workspaceRealTimeStatistics(let statistics)? = reply.response, statistics.totalTasks >= UInt64(count) else {
            throw EchoBenchmarkError("workspace \(workspace.sid) has fewer tasks than the \(count) create-task replies, so some calls failed: \(reply)")
        }
    }
}

/// Counts the CPUs this process may run on, from /proc/self/status; 0 when unknown.
private func allowedCPUCount() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else { return 0 }
    var count = 0
    for range in line.dropFirst("Cpus_allowed_list:".count).split(separator: ",") {
        let bounds = range.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if bounds.count == 2 { count += bounds[1] - bounds[0] + 1 } else if bounds.count == 1 { count += 1 }
    }
    return count
}

/// A workspace with a queue and a workflow but no workers, so that every
/// task created in it stays pending in the queue.
private struct BenchmarkWorkspace {
    let sid: String
    let workflowSID: String

    init(_ control: EchoConnection, name: String) throws {
        guard case .workspace(let workspace)? = try control.call(.createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Bench \(name)"))).response,
              case .taskQueue(let queue)? = try control.call(.createTaskQueue(Wire.CreateTaskQueueRequest(
                  workspaceSID: workspace.sid, friendlyName: "Support", targetWorkers: #"skills HAS "support""#))).response
        else {
            throw EchoBenchmarkError("creating the benchmark workspace \(name) failed")
        }
        let configuration = #"{"task_routing": {"filters": [{"expression": "type == \"support\"", "targets": [{"queue": "\#(queue.sid)"}]}], "default_filter": {"queue": "\#(queue.sid)"}}}"#
        guard case .workflow(let workflow)? = try control.call(.createWorkflow(Wire.CreateWorkflowRequest(
            workspaceSID: workspace.sid, friendlyName: "Support routing", configuration: configuration))).response else {
            throw EchoBenchmarkError("creating the benchmark workflow failed")
        }
        sid = workspace.sid
        workflowSID = workflow.sid
    }

    func createTaskFrame(callID: UInt64) throws -> [UInt8] {
        let request = Wire.CreateTaskRequest(workspaceSID: sid, attributes: #"{"type": "support", "language": "en"}"#, workflowSID: workflowSID)
        return try EchoConnection.framed(Wire.ClientFrame(callID: callID, request: .createTask(request)))
    }
}

extension EchoConnection {
    /// Sends one call and returns its reply; use it only on a connection
    /// with no other call in flight.
    func call(_ request: Wire.ClientFrame.Request) throws -> Wire.ServerFrame {
        try send(Self.framed(Wire.ClientFrame(callID: 1, request: request)))
        return try Wire.ServerFrame(serializedBytes: receiveFrames(1)[0].payload)
    }
}

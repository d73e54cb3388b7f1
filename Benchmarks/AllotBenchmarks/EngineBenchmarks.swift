import Foundation
import AllotCore

/// Routing benchmarks of the engine, called through its public API as the
/// server calls it.
///
/// The workspace has 100 queues, one per skill and language pair
/// (`skills HAS 'skill_k' AND languages HAS 'lang_j'`, 20 skills by 5
/// languages). Each worker has four skills and two languages, so it is in
/// eight queues. A three-filter workflow sends sales, support and other
/// tasks to three of the queues. A cycle creates a
/// task, which is reserved at once to a free worker, accepts the
/// reservation and completes the task. The clock moves 10 ms per cycle and
/// finished tasks are kept 5 s, so retention removal is part of the cycle.
///
/// `ENGINE_BENCHMARK=<group>` runs one group (`cycles`, `workers`, `backlog`,
/// `memory` or `shards`), which is what a profiler wants.
func runEngineBenchmarks(_ report: inout BenchmarkReport) {
    if let probe = ProcessInfo.processInfo.environment[memoryProbeVariable] {
        print(runMemoryProbe(probe))
        exit(0)
    }
    let only = ProcessInfo.processInfo.environment["ENGINE_BENCHMARK"]
    let groups: [(name: String, run: (inout BenchmarkReport) -> Void)] = [
        ("cycles", runCycleBenchmarks),
        ("workers", runWorkerScalingBenchmarks),
        ("backlog", runBacklogScalingBenchmarks),
        ("memory", runMemoryBenchmarks),
        ("shards", runShardScalingBenchmarks),
    ]
    report.record("load_average_1min_at_start", Machine.loadAverage, unit: "")
    for group in groups where only == nil || group.name == only {
        progress("engine: \(group.name)")
        group.run(&report)
    }
    report.record("load_average_1min_at_end", Machine.loadAverage, unit: "")
}

// MARK: - Groups

/// Set to a count, makes the `cycles` group run exactly that many cycles and
/// measure nothing, for `valgrind --tool=callgrind`.
private let fixedCycleCountVariable = "ENGINE_CYCLE_COUNT"

/// Full cycles per second on one thread against 10,000 workers, and the
/// latency of the routing decision (the `createTask` call that reserves a
/// free worker) from a sorted sample.
private func runCycleBenchmarks(_ report: inout BenchmarkReport) {
    var bench = RoutingBench(workerCount: 10_000)
    bench.runCycles(5_000)
    if let count = ProcessInfo.processInfo.environment[fixedCycleCountVariable].flatMap(Int.init) {
        // A fixed amount of work, for instruction counts under callgrind,
        // which do not swing with the machine's load as times do.
        let startCPU = Machine.threadCPUSeconds
        bench.runCycles(count)
        report.record("fixed_cycles_run", Double(count), unit: "cycles")
        report.record("fixed_cycles_per_cpu_second", Double(count) / (Machine.threadCPUSeconds - startCPU), unit: "cycles/CPU-s")
        return
    }
    let startCPU = Machine.threadCPUSeconds
    let start = ContinuousClock.now
    let cycleCount = bench.runCycles(forSeconds: 5)
    let wallSeconds = (ContinuousClock.now - start).seconds
    let cpuSeconds = Machine.threadCPUSeconds - startCPU
    report.record("cycles_per_second_10k_workers", Double(cycleCount) / wallSeconds, unit: "cycles/s (target >= 250000)")
    report.record("cycles_per_cpu_second_10k_workers", Double(cycleCount) / cpuSeconds, unit: "cycles/CPU-s")

    let sample = bench.sampleDecisions(50_000)
    recordPercentiles(&report, name: "decision_10k_workers", sample: sample)
}

/// Decision time with 1,000 and with 100,000 workers in the same queues.
private func runWorkerScalingBenchmarks(_ report: inout BenchmarkReport) {
    var means: [Double] = []
    for workerCount in [1_000, 100_000] {
        var bench = RoutingBench(workerCount: workerCount)
        bench.runCycles(5_000)
        let sample = bench.sampleDecisions(30_000)
        recordPercentiles(&report, name: "decision_\(workerCount)_workers", sample: sample)
        means.append(sample.cpuMean)
    }
    report.record("decision_ratio_100k_to_1k_workers", means[1] / means[0], unit: "x of CPU means (target <= 2)")
}

/// Decisions against a backlog of 1,000 and of 1,000,000 pending tasks: a
/// worker becoming available takes the head of its queue, and a new task is
/// reserved to a free worker of another queue.
private func runBacklogScalingBenchmarks(_ report: inout BenchmarkReport) {
    var availableMeans: [Double] = []
    var newTaskMeans: [Double] = []
    for backlog in [1_000, 1_000_000] {
        var bench = RoutingBench(workerCount: 1_000, maximumTasks: 1_200_000)
        bench.buildBacklog(backlog)
        let available = bench.sampleWorkerBecomingAvailable(10_000)
        recordPercentiles(&report, name: "worker_available_\(backlog)_pending", sample: available)
        availableMeans.append(available.cpuMean)
        let newTask = bench.sampleDecisions(20_000, type: "other")
        recordPercentiles(&report, name: "new_task_\(backlog)_pending", sample: newTask)
        newTaskMeans.append(newTask.cpuMean)
    }
    report.record("worker_available_ratio_1m_to_1k_pending", availableMeans[1] / availableMeans[0], unit: "x of CPU means (target <= 2)")
    report.record("new_task_ratio_1m_to_1k_pending", newTaskMeans[1] / newTaskMeans[0], unit: "x of CPU means (target <= 2)")
}

/// Resident memory per pending task (with about 200 bytes of attributes) and
/// per worker, from the growth of the resident set while creating them. Each
/// is measured in a fresh child process, because memory freed by earlier
/// groups stays resident and would be reused unseen.
private func runMemoryBenchmarks(_ report: inout BenchmarkReport) {
    report.record("bytes_per_pending_task", memoryProbeInChild("tasks"), unit: "B (target <= 1024)")
    report.record("bytes_per_worker", memoryProbeInChild("workers"), unit: "B (target <= 2048)")
}

/// The environment variable that makes the process run one memory probe and
/// print its figure instead of the benchmarks.
private let memoryProbeVariable = "ENGINE_MEMORY_PROBE"

private func memoryProbeInChild(_ kind: String) -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["engine"]
    process.environment = ProcessInfo.processInfo.environment.merging([memoryProbeVariable: kind]) { $1 }
    let output = Pipe()
    process.standardOutput = output
    do {
        try process.run()
    } catch {
        preconditionFailure("cannot start the memory probe \(kind): \(error)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationStatus == 0, let value = Double(text) else {
        preconditionFailure("memory probe \(kind) failed with status \(process.terminationStatus) and output \(text)")
    }
    return value
}

/// Runs the memory probe `kind` in this process and returns bytes per item.
private func runMemoryProbe(_ kind: String) -> Double {
    switch kind {
    case "tasks":
        var bench = RoutingBench(workerCount: 1_000, maximumTasks: 600_000)
        bench.setAllWorkers(available: false)
        let taskCount = 500_000
        let before = Machine.residentBytes
        bench.createPendingTasks(taskCount)
        let after = Machine.residentBytes
        blackHole(bench.workspace)
        return Double(after - before) / Double(taskCount)
    case "workers":
        let workerCount = 100_000
        let engine = Engine(configuration: EngineConfiguration(shardCount: 4, limits: RoutingBench.limits(maximumTasks: 500_000)))
        let before = Machine.residentBytes
        let bench = RoutingBench(engine: engine, workspaceSid: nil, workerCount: workerCount, keepsWorkerSids: false)
        let after = Machine.residentBytes
        blackHole(bench.workspace)
        return Double(after - before) / Double(workerCount)
    default:
        preconditionFailure("unknown memory probe \(kind)")
    }
}

/// Cycles per second with one thread, then with two threads each on its own
/// workspace in its own shard.
private func runShardScalingBenchmarks(_ report: inout BenchmarkReport) {
    let engine = Engine(configuration: EngineConfiguration(shardCount: 2, limits: RoutingBench.limits(maximumTasks: 500_000)))
    let sids = RoutingBench.workspaceSidsInDistinctShards(count: 2, shardCount: 2)
    let benches = sids.map { RoutingBench(engine: engine, workspaceSid: $0, workerCount: 10_000) }
    let boxes = benches.map(BenchBox.init)
    for box in boxes { box.bench.runCycles(5_000) }
    for threadCount in [1, 2] {
        let counts = boxes.prefix(threadCount).map { _ in CycleCount() }
        let start = ContinuousClock.now
        let threads = zip(boxes, counts).map { box, count in
            Thread {
                let startCPU = Machine.threadCPUSeconds
                count.value = box.bench.runCycles(forSeconds: 5)
                count.cpuSeconds = Machine.threadCPUSeconds - startCPU
            }
        }
        for thread in threads { thread.start() }
        while threads.contains(where: { !$0.isFinished }) { Thread.sleep(forTimeInterval: 0.001) }
        let seconds = (ContinuousClock.now - start).seconds
        let total = counts.reduce(0) { $0 + $1.value }
        let cpuSeconds = counts.reduce(0) { $0 + $1.cpuSeconds }
        report.record("cycles_per_second_\(threadCount)_threads", Double(total) / seconds, unit: "cycles/s")
        report.record("cycles_per_cpu_second_\(threadCount)_threads", Double(total) / cpuSeconds, unit: "cycles/CPU-s")
    }
}

/// The cycles one thread ran and the CPU time they took, read after the
/// thread finished.
private final class CycleCount: @unchecked Sendable {
    var value = 0
    var cpuSeconds = 0.0
}

/// A bench owned by one thread at a time: the main thread hands it over
/// when it starts the thread and takes it back after the thread finished.
private final class BenchBox: @unchecked Sendable {
    var bench: RoutingBench

    init(_ bench: RoutingBench) {
        self.bench = bench
    }
}

// MARK: - The workspace under test

/// One workspace set up for routing benchmarks, with its clock.
private struct RoutingBench: Sendable {
    static let account = "AC" + String(repeating: "0", count: 31) + "9"
    static let skillCount = 20
    static let languageCount = 5
    /// Task types, each matched by one filter of the workflow.
    static let taskTypes = ["sales", "support", "other"]
    /// Simulated time per cycle. With finished tasks kept 5 s, about 500
    /// finished tasks and their reservations are stored at any time.
    static let clockStepMilliseconds: Int64 = 10

    let engine: Engine
    let workspace: String
    let availableActivity: String
    let offlineActivity: String
    var workerSids: [String] = []
    var now: Timestamp
    private var taskCounter = 0

    static func limits(maximumTasks: Int) -> EngineLimits {
        var limits = EngineLimits()
        limits.maximumWorkers = 200_000
        limits.maximumTasks = maximumTasks
        limits.finishedTaskRetentionSeconds = 5
        return limits
    }

    init(workerCount: Int, maximumTasks: Int = 500_000) {
        let engine = Engine(configuration: EngineConfiguration(shardCount: 4, limits: Self.limits(maximumTasks: maximumTasks)))
        self.init(engine: engine, workspaceSid: nil, workerCount: workerCount)
    }

    /// With `keepsWorkerSids` false the bench keeps no worker SIDs, which
    /// the memory probe wants: the engine keeps SIDs as bits, and the
    /// formatted strings the bench would keep count against the engine.
    init(engine: Engine, workspaceSid: String?, workerCount: Int, keepsWorkerSids: Bool = true) {
        let start = Timestamp(unixSeconds: 1_700_000_000)
        var request = CreateWorkspaceRequest(friendlyName: "Benchmark \(workspaceSid ?? "")", sid: workspaceSid)
        request.multiTaskEnabled = true
        let workspace = mustSucceed { () throws(EngineError) in
            try engine.createWorkspace(request, account: Self.account, now: start)
        }.value.sid
        let activities = mustSucceed { () throws(EngineError) in try engine.listActivities(workspace: workspace, account: Self.account) }
        self.engine = engine
        self.workspace = workspace
        availableActivity = activities.items.first { $0.friendlyName == "Available" }?.sid ?? ""
        offlineActivity = activities.items.first { $0.friendlyName == "Offline" }?.sid ?? ""
        now = start
        createQueuesAndWorkflow()
        for index in 0..<workerCount {
            let sid = createWorker(index)
            if keepsWorkerSids { workerSids.append(sid) }
        }
    }

    private func createQueuesAndWorkflow() {
        var queueSids: [String] = []
        for skill in 0..<Self.skillCount {
            for language in 0..<Self.languageCount {
                let request = CreateTaskQueueRequest(friendlyName: "skill_\(skill) lang_\(language)",
                                                     targetWorkers: "skills HAS 'skill_\(skill)' AND languages HAS 'lang_\(language)'")
                queueSids.append(mustSucceed { () throws(EngineError) in
                    try engine.createTaskQueue(workspace: workspace, request, account: Self.account, now: now)
                }.value.sid)
            }
        }
        // Sales, support and the rest go to the queues of skills 0, 1 and 2 in language 0.
        let configuration = """
            {"task_routing":{"filters":[
              {"filter_friendly_name":"Sales","expression":"type == 'sales' AND language IN ['lang_0','lang_1']",
               "targets":[{"queue":"\(queueSids[0])","priority":5}]},
              {"filter_friendly_name":"Support","expression":"type == 'support'",
               "targets":[{"queue":"\(queueSids[Self.languageCount])","timeout":3600},{"queue":"\(queueSids[0])"}]},
              {"filter_friendly_name":"Everything else","expression":"1==1",
               "targets":[{"queue":"\(queueSids[2 * Self.languageCount])"}]}
            ],"default_filter":{"queue":"\(queueSids[0])"}}}
            """
        _ = mustSucceed { () throws(EngineError) in
            try engine.createWorkflow(workspace: workspace, CreateWorkflowRequest(friendlyName: "Skills", configuration: configuration),
                                      account: Self.account, now: now)
        }
    }

    /// Creates an available worker with four skills and two languages. Every
    /// worker has skill 0, 1 or 2 and language 0, so that each of the three
    /// routed queues contains at least a third of the workers.
    private func createWorker(_ index: Int) -> String {
        var skills = [index % 3]
        // SplitMix64 steps seeded by the index: a fixed spread of skills.
        var state = UInt64(index)
        while skills.count < 4 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            let skill = Int(mixed % UInt64(Self.skillCount))
            if !skills.contains(skill) { skills.append(skill) }
        }
        let languages = [0, 1 + index % (Self.languageCount - 1)]
        let attributes = """
            {"skills":[\(skills.map { "\"skill_\($0)\"" }.joined(separator: ","))],\
            "languages":[\(languages.map { "\"lang_\($0)\"" }.joined(separator: ","))],\
            "team":"team_\(index % 40)","level":\(1 + index % 5)}
            """
        let request = CreateWorkerRequest(friendlyName: "worker_\(index)", activitySid: availableActivity, attributes: attributes)
        return mustSucceed { () throws(EngineError) in
            try engine.createWorker(workspace: workspace, request, account: Self.account, now: now)
        }.value.sid
    }

    /// Task attributes of about 200 bytes, of `type` or by default rotating
    /// over the three task types. They come from a pool made at the first
    /// call, so that the cycle times the engine, not the formatting of text
    /// a client would send.
    mutating func nextTaskAttributes(type fixedType: String? = nil) -> String {
        taskCounter += 1
        let typeIndex = fixedType.flatMap { Self.taskTypes.firstIndex(of: $0) } ?? taskCounter % Self.taskTypes.count
        return attributePool[typeIndex][taskCounter % Self.attributePoolSize]
    }

    /// Distinct attribute documents kept per task type.
    static let attributePoolSize = 1_024

    /// Attribute documents by task type, made when first read so that the
    /// worker memory probe does not count them.
    private lazy var attributePool: [[String]] = Self.taskTypes.map { type in
        (0..<Self.attributePoolSize).map { Self.taskAttributes(type: type, number: $0) }
    }

    private static func taskAttributes(type: String, number: Int) -> String {
        """
        {"type":"\(type)","language":"lang_0","customer_id":"C\(100_000 + number * 877 % 900_000)",\
        "channel":"web","subject":"Order \(number * 7 % 10_000) arrived damaged","tier":"gold",\
        "account":"ACME-\(number % 97)","callback":"+15550100\(number % 100)","segment":"enterprise"}
        """
    }
}

// MARK: - Operations

extension RoutingBench {
    /// Creates a task and returns its SID and the SID of the reservation made at once, if any.
    @inline(__always)
    mutating func createTask(type: String? = nil) -> (task: String, reservation: String?) {
        let request = CreateTaskRequest(attributes: nextTaskAttributes(type: type))
        let result = mustSucceed { () throws(EngineError) in
            try engine.createTask(workspace: workspace, request, account: Self.account, now: now)
        }
        let reservation = result.events.last { $0.type == .reservationCreated }?.data.reservationSid
        return (result.value.sid, reservation)
    }

    func accept(_ reservation: String) {
        _ = mustSucceed { () throws(EngineError) in
            try engine.updateReservation(workspace: workspace, sid: reservation, UpdateReservationRequest(reservationStatus: "accepted"),
                                         account: Self.account, now: now)
        }
    }

    func complete(_ task: String) {
        _ = mustSucceed { () throws(EngineError) in
            try engine.updateTask(workspace: workspace, sid: task, UpdateTaskRequest(assignmentStatus: "completed"),
                                  account: Self.account, now: now)
        }
    }

    func setActivity(_ worker: String, available: Bool) {
        let request = UpdateWorkerRequest(activitySid: available ? availableActivity : offlineActivity)
        _ = mustSucceed { () throws(EngineError) in
            try engine.updateWorker(workspace: workspace, sid: worker, request, account: Self.account, now: now)
        }
    }

    /// Runs one full cycle: create (reserved at once), accept, complete.
    @inline(__always)
    mutating func runCycle() {
        now = now.adding(milliseconds: Self.clockStepMilliseconds)
        let (task, reservation) = createTask()
        guard let reservation else { preconditionFailure("task \(task) found no free worker") }
        accept(reservation)
        complete(task)
    }

    mutating func runCycles(_ count: Int) {
        for _ in 0..<count { runCycle() }
    }

    /// Runs cycles for about `seconds` of wall time and returns how many ran.
    mutating func runCycles(forSeconds seconds: Double) -> Int {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1_000))
        var count = 0
        while ContinuousClock.now < deadline {
            for _ in 0..<100 { runCycle() }
            count += 100
        }
        return count
    }

    /// Times the `createTask` call of `count` cycles, in nanoseconds, with
    /// tasks of `type` or of every type in turn.
    mutating func sampleDecisions(_ count: Int, type: String? = nil) -> LatencySample {
        var sample = LatencySample(capacity: count)
        for _ in 0..<count {
            now = now.adding(milliseconds: Self.clockStepMilliseconds)
            let start = LatencySample.Start()
            let (task, reservation) = createTask(type: type)
            sample.append(since: start)
            guard let reservation else { preconditionFailure("task \(task) found no free worker") }
            accept(reservation)
            complete(task)
        }
        return sample
    }

    mutating func setAllWorkers(available: Bool) {
        for worker in workerSids { setActivity(worker, available: available) }
    }

    mutating func createPendingTasks(_ count: Int) {
        for _ in 0..<count {
            let (task, reservation) = createTask()
            if reservation != nil { preconditionFailure("task \(task) was reserved; the backlog needs every worker offline") }
        }
    }

    /// Takes every worker offline except the last, moves that one to the
    /// queue of "other" tasks only, and creates `count` pending sales tasks.
    mutating func buildBacklog(_ count: Int) {
        guard let spare = workerSids.last else { preconditionFailure("the backlog needs workers") }
        for worker in workerSids.dropLast() { setActivity(worker, available: false) }
        let request = UpdateWorkerRequest(attributes: #"{"skills":["skill_2"],"languages":["lang_0"]}"#)
        _ = mustSucceed { () throws(EngineError) in try engine.updateWorker(workspace: workspace, sid: spare, request, account: Self.account, now: now) }
        // The backlog is of sales tasks, which wait in the queue of skill 0 and
        // language 0. The spare worker serves only tasks of the "other" type.
        for _ in 0..<count {
            let attributes = nextTaskAttributes(type: "sales")
            let result = mustSucceed { () throws(EngineError) in
                try engine.createTask(workspace: workspace, CreateTaskRequest(attributes: attributes), account: Self.account, now: now)
            }
            if result.events.contains(where: { $0.type == .reservationCreated }) { preconditionFailure("backlog task was reserved") }
        }
    }

    /// Times a worker becoming available and taking the head of the sales
    /// queue. Each round then takes the worker offline, completes the task
    /// and adds a sales task, so the backlog keeps its size.
    mutating func sampleWorkerBecomingAvailable(_ count: Int) -> LatencySample {
        var sample = LatencySample(capacity: count)
        let worker = workerSids[0]
        for _ in 0..<count {
            now = now.adding(milliseconds: Self.clockStepMilliseconds)
            let request = UpdateWorkerRequest(activitySid: availableActivity)
            let start = LatencySample.Start()
            let result = mustSucceed { () throws(EngineError) in
                try engine.updateWorker(workspace: workspace, sid: worker, request, account: Self.account, now: now)
            }
            sample.append(since: start)
            guard let created = result.events.first(where: { $0.type == .reservationCreated }),
                  let reservation = created.data.reservationSid, let task = created.data.taskSid else {
                preconditionFailure("worker \(worker) took no task from the backlog")
            }
            accept(reservation)
            setActivity(worker, available: false)
            complete(task)
            let refill = nextTaskAttributes(type: "sales")
            _ = mustSucceed { () throws(EngineError) in
                try engine.createTask(workspace: workspace, CreateTaskRequest(attributes: refill), account: Self.account, now: now)
            }
        }
        return sample
    }

    /// Workspace SIDs whose FNV-1a hash, which the engine uses to pick a
    /// shard, falls in distinct shards.
    static func workspaceSidsInDistinctShards(count: Int, shardCount: Int) -> [String] {
        var chosen: [Int: String] = [:]
        var candidate = 1
        while chosen.count < count {
            let sid = "WS" + String(format: "%032x", candidate)
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in sid.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
            let shard = Int(hash % UInt64(shardCount))
            if chosen[shard] == nil { chosen[shard] = sid }
            candidate += 1
        }
        return chosen.keys.sorted().compactMap { chosen[$0] }
    }
}

// MARK: - Measurement

/// Durations of one operation in nanoseconds, both in wall-clock time (what
/// a caller waits, including time the thread was descheduled) and in the
/// thread's CPU time (the work itself), for percentiles.
private struct LatencySample {
    /// The moment an operation started, on both clocks.
    struct Start {
        let wall = ContinuousClock.now
        let cpuNanoseconds = Machine.threadCPUNanoseconds
    }

    private(set) var wallNanoseconds: [Int64] = []
    private(set) var cpuNanoseconds: [Int64] = []

    init(capacity: Int) {
        wallNanoseconds.reserveCapacity(capacity)
        cpuNanoseconds.reserveCapacity(capacity)
    }

    mutating func append(since start: Start) {
        let cpu = Machine.threadCPUNanoseconds - start.cpuNanoseconds
        let wall = ContinuousClock.now - start.wall
        wallNanoseconds.append(wall.components.seconds * 1_000_000_000 + wall.components.attoseconds / 1_000_000_000)
        cpuNanoseconds.append(cpu)
    }

    /// Mean CPU time, the figure the scaling ratios compare.
    var cpuMean: Double { Double(cpuNanoseconds.reduce(0, +)) / Double(max(1, cpuNanoseconds.count)) }

    /// Returns the value at `fraction` of a sorted sample (nearest rank).
    static func percentile(_ fraction: Double, of sorted: [Int64]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return Double(sorted[min(max(rank, 0), sorted.count - 1)])
    }
}

/// Records wall-clock p50, p90, p99, p99.9 and max, and CPU-time mean, p50,
/// p99 and max, in microseconds.
private func recordPercentiles(_ report: inout BenchmarkReport, name: String, sample: LatencySample) {
    let wall = sample.wallNanoseconds.sorted()
    for (label, fraction) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p99.9", 0.999)] {
        report.record("\(name)_wall_\(label)", LatencySample.percentile(fraction, of: wall) / 1_000, unit: "µs")
    }
    report.record("\(name)_wall_max", Double(wall.last ?? 0) / 1_000, unit: "µs")
    let cpu = sample.cpuNanoseconds.sorted()
    report.record("\(name)_cpu_mean", sample.cpuMean / 1_000, unit: "CPU-µs")
    for (label, fraction) in [("p50", 0.5), ("p99", 0.99)] {
        report.record("\(name)_cpu_\(label)", LatencySample.percentile(fraction, of: cpu) / 1_000, unit: "CPU-µs")
    }
    report.record("\(name)_cpu_max", Double(cpu.last ?? 0) / 1_000, unit: "CPU-µs")
}

/// Returns the value of an engine call that the benchmark's own set-up
/// guarantees to succeed, and stops the run with the error otherwise.
@inline(__always)
private func mustSucceed<Value>(_ body: () throws(EngineError) -> Value) -> Value {
    do {
        return try body()
    } catch {
        preconditionFailure("benchmark engine call failed: \(error)")
    }
}

private func progress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension Machine {
    /// The one-minute load average from /proc/loadavg, or 0 when unreadable.
    fileprivate static var loadAverage: Double {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.flatMap { Double($0) } ?? 0
    }

    /// The process's resident set in bytes, from /proc/self/statm.
    fileprivate static var residentBytes: Int {
        let text = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { preconditionFailure("cannot read /proc/self/statm") }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }

    fileprivate static var threadCPUNanoseconds: Int64 {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else {
            preconditionFailure("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed with errno \(errno)")
        }
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    fileprivate static var threadCPUSeconds: Double { Double(threadCPUNanoseconds) / 1e9 }
}

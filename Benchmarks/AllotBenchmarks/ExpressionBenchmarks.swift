import Foundation

import AllotCore

/// Evaluation rates and compile times of typical routing expressions.
///
/// Setting the environment variable `EXPRESSION_BENCHMARK` to one case name
/// (such as `queue_has_and_has`) runs only that case's evaluation, which is
/// what a profiler wants.
func runExpressionBenchmarks(_ report: inout BenchmarkReport) {
    let worker = BenchmarkDocuments.worker
    let task = BenchmarkDocuments.task
    let queueContext = BenchmarkContext(worker: worker)
    let filterContext = BenchmarkContext(task: task)
    let targetContext = BenchmarkContext(task: task, worker: worker)

    let cases: [(name: String, source: String, kind: ExpressionKind, context: BenchmarkContext)] = [
        ("queue_has_and_has", "skills HAS 'support' AND languages HAS 'en'", .queueTargetWorkers, queueContext),
        ("filter_equal_and_in", "type == 'ticket' AND customer_value IN ['Gold','Silver']", .taskFilter, filterContext),
        ("target_in_worker_list", "task.language IN worker.languages", .target, targetContext),
        ("target_helpline_460_chars", helplineTargetExpression, .target, targetContext),
        ("filter_in_12_phone_numbers", "to IN \(phoneNumberLiteral) AND language CONTAINS 'en-CA'", .taskFilter, filterContext),
        ("tautology_1_eq_1", "1==1", .queueTargetWorkers, queueContext),
    ]

    let only = ProcessInfo.processInfo.environment["EXPRESSION_BENCHMARK"]
    for benchmark in cases where only == nil || benchmark.name == only {
        guard let expression = try? AllotCore.Expression(benchmark.source, kind: benchmark.kind) else {
            preconditionFailure("benchmark expression \(benchmark.name) does not compile")
        }
        let context = benchmark.context
        let evaluationsPerCall = 1_000
        var matches = 0
        let rate = measureCPURate(operationsPerCall: evaluationsPerCall) {
            for _ in 0..<evaluationsPerCall where expression.evaluate(in: context) {
                matches &+= 1
            }
        }
        blackHole(matches)
        report.record("evaluate.\(benchmark.name)", rate / 1e6, unit: "M evaluations/CPU-s")
    }

    for benchmark in cases where only == nil {
        let source = benchmark.source
        let kind = benchmark.kind
        let rate = measureCPURate(seconds: 0.5) {
            blackHole(try? AllotCore.Expression(source, kind: kind))
        }
        report.record("compile.\(benchmark.name)", 1e6 / rate, unit: "CPU-µs/compile")
    }
}

/// Runs `body` repeatedly for about `seconds` of this thread's CPU time and
/// returns operations per CPU-second. Counting CPU time rather than wall
/// time keeps the figures comparable on a machine shared with other work,
/// where the thread is often descheduled.
private func measureCPURate(seconds: Double = 1.0, operationsPerCall: Int = 1, _ body: () -> Void) -> Double {
    func threadCPUSeconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else {
            preconditionFailure("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed with errno \(errno)")
        }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
    // Warm up caches and the branch predictor before timing.
    for _ in 0..<100 { body() }
    var calls = 0
    let start = threadCPUSeconds()
    var elapsed = 0.0
    while elapsed < seconds {
        for _ in 0..<100 { body() }
        calls += 100
        elapsed = threadCPUSeconds() - start
    }
    return Double(calls * operationsPerCall) / elapsed
}

/// The helpline's 460-character target expression from a published production workflow.
private let helplineTargetExpression = "(worker.waitingOfflineContact != true AND ((task.channelType == 'voice' AND worker.channel.chat.assigned_tasks == 0) OR (task.channelType != 'voice' AND worker.channel.voice.assigned_tasks == 0)) AND ((task.transferTargetType == 'worker' AND task.targetSid == worker.sid) OR (task.transferTargetType != 'worker' AND worker.sid != task.ignoreAgent))) OR (worker.waitingOfflineContact == true AND task.targetSid == worker.sid AND task.isContactlessTask == true)"

/// An array literal of twelve phone numbers, above the hashing threshold.
private let phoneNumberLiteral = "[" + (1...12).map { "'+1555010\(String(format: "%04d", $0))'" }.joined(separator: ", ") + "]"

/// A task and a worker shaped like a contact centre's, with ten or so keys each.
private enum BenchmarkDocuments {
    static let worker = object([
        ("skills", .array([.string("sales"), .string("support"), .string("billing")])),
        ("languages", .array([.string("es"), .string("en")])),
        ("level", .number(3)),
        ("location", .string("San Francisco")),
        ("email", .string("agent.one@example.com")),
        ("contact_uri", .string("client:agent_2Eone_40example_2Ecom")),
        ("full_name", .string("Agent One")),
        ("team", .string("tier-2")),
        ("routing", object([("skills", .array([.string("support")])), ("levels", object([("support", .number(2))]))])),
    ])

    static let task = object([
        ("type", .string("ticket")),
        ("customer_value", .string("Silver")),
        ("language", .string("en")),
        ("channelType", .string("voice")),
        ("transferTargetType", .string("")),
        ("to", .string("+15550100007")),
        ("from", .string("+15550199999")),
        ("ignoreAgent", .string("WK00000000000000000000000000000002")),
        ("callSid", .string("CA00000000000000000000000000000001")),
        ("priority_reason", .string("vip")),
    ])

    static func object(_ members: [(String, AttributeValue)]) -> AttributeValue {
        .object(AttributeObject(members.map { (key: $0.0, value: $0.1) }))
    }
}

/// A context with stored documents, as the engine's contexts will have.
private struct BenchmarkContext: ExpressionContext {
    var taskAttributes: AttributeValue = .emptyObject
    var workerAttributes: AttributeValue = .emptyObject

    init(task: AttributeValue = .emptyObject, worker: AttributeValue = .emptyObject) {
        taskAttributes = task
        workerAttributes = worker
    }

    func workerSystemField(_ field: WorkerSystemField) -> AttributeValue {
        field == .sid ? .string("WK00000000000000000000000000000001") : .null
    }

    func workerChannelField(channel: String, field: WorkerChannelField) -> AttributeValue {
        .number(0)
    }
}

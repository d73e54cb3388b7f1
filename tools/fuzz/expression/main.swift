// libFuzzer target for the expression compiler and evaluator.
//
// Each input is compiled as an expression of every kind and as an order_by
// list. Every expression that compiles is evaluated twice against a fixed
// context, which must give the same result both times. Compile errors are
// expected; a crash, a hang or an unbounded allocation is a bug.

/// A context with one task, one worker and fixed counters and clock, so that
/// evaluation reaches every kind of operand.
struct FixedContext: ExpressionContext {
    let taskAttributes: AttributeValue
    let workerAttributes: AttributeValue

    func workerSystemField(_ field: WorkerSystemField) -> AttributeValue {
        switch field {
        case .sid: return .string("WK00000000000000000000000000000001")
        case .friendlyName: return .string("alice")
        case .activitySid: return .string("WA00000000000000000000000000000001")
        case .activityName: return .string("Available")
        }
    }

    func workerChannelField(channel: String, field: WorkerChannelField) -> AttributeValue {
        guard channel == "default" || channel == "voice" else { return .null }
        switch field {
        case .configuredCapacity: return .number(3)
        case .assignedTasks: return .number(1)
        case .availableCapacityPercentage: return .number(66)
        }
    }

    func workerCount(_ selector: WorkerCountSelector) -> Int {
        switch selector {
        case .available: return 2
        case .unavailable: return 5
        case .activity(let sid): return sid.hasSuffix("1") ? 1 : 0
        }
    }

    /// 2026-01-05T14:30:00Z, a Monday afternoon.
    var nowUnixMilliseconds: Int64 { 1_767_623_400_000 }
}

func parseFixedAttributes(_ text: String) -> AttributeValue {
    do {
        return try AttributeValue(parsingAttributes: text)
    } catch {
        fatalError("the fixed attributes of the fuzz context must parse: \(error.message)")
    }
}

let context = FixedContext(
    taskAttributes: parseFixedAttributes("""
        {"string_const": "foo", "type": "support", "priority": 5, "ratio": 0.5, "vip": true,
         "object": {"array": ["a", "b", "c"], "attr": "bar"}, "preferred_agents": ["alice", "bob"],
         "selected_language": "es", "nothing": null, "numbers": [1, 2.5, -3]}
        """),
    workerAttributes: parseFixedAttributes("""
        {"skills": ["support", "sales"], "languages": ["english", "spanish"], "level": 7,
         "id": "alice", "tech_support_skill": "6", "routing": {"skills": ["vip"], "levels": {"vip": 10}},
         "enabled": false, "nothing": null}
        """)
)

let expressionKinds: [ExpressionKind] = [.queueTargetWorkers, .workerFilter, .taskFilter, .target, .skipIf]

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for kind in expressionKinds {
        guard let expression = try? Expression(text, kind: kind) else { continue }
        let first = expression.evaluate(in: context)
        let second = expression.evaluate(in: context)
        if first != second {
            fatalError("evaluating \(text.debugDescription) as \(kind) gave \(first), then \(second)")
        }
    }
    _ = try? WorkerOrdering(text)
    return 0
}

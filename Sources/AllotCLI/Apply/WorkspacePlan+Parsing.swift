import AllotWire
import Foundation

extension WorkspacePlan {
    /// Largest workspace or referenced file read, in bytes: a workflow
    /// document may be about 1 MB and a workspace lists up to thousands of workers.
    static let maximumFileBytes = 64 << 20

    /// Fields of a workspace file's top-level object.
    static let rootKeys: Set<String> = [
        "friendly_name", "description", "multi_task_enabled", "prioritize_queue_order", "default_activity", "timeout_activity",
        "substitutions", "activities", "activities_file", "task_channels", "task_channels_file", "task_queues", "task_queues_file",
        "workflows", "workflows_file", "workers", "workers_file",
    ]

    /// Parses the workspace file at `path`; files it references are read
    /// relative to its folder.
    ///
    /// Reads on past a broken entry, so that one run reports every broken
    /// entry and every invalid expression of the entries read. Only a file
    /// that is not a JSON object stops at once.
    static func load(_ path: String) throws(ApplyFailure) -> WorkspacePlan {
        let reader = JSONReader(file: path)
        let root: [String: Any]
        do {
            root = try reader.object(JSONReader.load(path, maximumBytes: maximumFileBytes), "$")
        } catch {
            throw ApplyFailure([error])
        }
        var problems: [ApplyError] = []
        func collect<Value>(_ body: () throws(ApplyError) -> Value) -> Value? {
            do {
                return try body()
            } catch {
                problems.append(error)
                return nil
            }
        }
        _ = collect { () throws(ApplyError) in try reader.checkKeys(root, rootKeys, "$") }
        let friendlyName = collect { () throws(ApplyError) in try reader.requiredString(root, "friendly_name", "$") } ?? ""
        var plan = WorkspacePlan(file: path, friendlyName: friendlyName)
        plan.multiTaskEnabled = collect { () throws(ApplyError) in try reader.bool(root, "multi_task_enabled", "$") } ?? nil
        if let order = collect({ () throws(ApplyError) in try reader.string(root, "prioritize_queue_order", "$") }) ?? nil {
            plan.prioritizeQueueOrder = collect { () throws(ApplyError) in try queueOrder(order, reader, "$.prioritize_queue_order") }
        }
        plan.defaultActivity = collect { () throws(ApplyError) in try reader.string(root, "default_activity", "$") } ?? nil
        plan.timeoutActivity = collect { () throws(ApplyError) in try reader.string(root, "timeout_activity", "$") } ?? nil

        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func entries(_ key: String, singular: String? = nil) -> [PlanEntry] {
            collect { () throws(ApplyError) in
                try PlanEntry.entries(of: key, singular: singular, in: root, reader: reader, folder: folder)
            } ?? []
        }
        plan.activities = entries("activities").compactMap { entry in collect { () throws(ApplyError) in try activity(entry) } }
        plan.channels = entries("task_channels").compactMap { entry in collect { () throws(ApplyError) in try channel(entry) } }
        plan.queues = entries("task_queues").compactMap { entry in
            if let queue = collect({ () throws(ApplyError) in try queue(entry) }) { return queue }
            problems += expressionErrors(ofBrokenQueue: entry, file: path)
            return nil
        }
        // A queue of TaskRouter's keyed map resolves the placeholder `${task_queues.KEY}` of
        // deployment templates by itself, and the file's own substitutions override that.
        let keyedQueues = Dictionary(plan.queues.compactMap { queue in queue.mapKey.map { ("${task_queues.\($0)}", queue.friendlyName) } },
                                     uniquingKeysWith: { first, _ in first })
        let substitutions = keyedQueues.merging(collect { () throws(ApplyError) in try substitutionMap(root, reader, "$") } ?? [:]) { $1 }
        plan.workflows = entries("workflows", singular: "workflow").compactMap { entry in
            if let workflow = collect({ () throws(ApplyError) in try workflow(entry, substitutions: substitutions) }) {
                return workflow
            }
            problems += expressionErrors(ofBrokenWorkflow: entry, file: path)
            return nil
        }
        plan.workers = entries("workers").compactMap { entry in collect { () throws(ApplyError) in try worker(entry) } }
        problems += plan.expressionErrors()
        guard problems.isEmpty else { throw ApplyFailure(problems) }
        return plan
    }

    /// Returns the expression errors of a queue entry that failed on another field, so that
    /// one run reports them too.
    private static func expressionErrors(ofBrokenQueue entry: PlanEntry, file: String) -> [ApplyError] {
        guard let object = entry.value as? [String: Any], let member = entry.reader.member(object, "target_workers"),
              let source = member.value as? String,
              let problem = RoutingExpressionCheck.targetWorkersProblem(source, path: entry.location(of: "\(entry.path).\(member.name)"))
        else { return [] }
        return [ApplyError(file: file, path: problem.path, message: problem.message, detailLines: problem.caretLines)]
    }

    /// Returns the expression errors of a workflow entry that failed on a field other than its
    /// routing document, so that one run reports them too.
    private static func expressionErrors(ofBrokenWorkflow entry: PlanEntry, file: String) -> [ApplyError] {
        guard let object = entry.value as? [String: Any],
              let (document, documentPath) = try? configuration(object, entry) else { return [] }
        return RoutingExpressionCheck.problems(in: document, path: documentPath).map { problem in
            ApplyError(file: file, path: problem.path, message: problem.message, detailLines: problem.caretLines)
        }
    }

    static func queueOrder(_ text: String, _ reader: JSONReader, _ path: String) throws(ApplyError) -> Wire.QueueOrder {
        switch text.uppercased() {
        case "FIFO": return .fifo
        case "LIFO": return .lifo
        default: throw reader.fail(path, "invalid order '\(text)'; expected FIFO or LIFO")
        }
    }

    private static func activity(_ entry: PlanEntry) throws(ApplyError) -> ActivityPlan {
        let (reader, path) = (entry.reader, entry.path)
        let object = try reader.object(entry.value, path)
        try reader.checkKeys(object, ["friendly_name", "available"], path)
        return ActivityPlan(path: entry.location, friendlyName: try reader.requiredString(object, "friendly_name", path),
                            available: try reader.bool(object, "available", path) ?? true)
    }

    private static func channel(_ entry: PlanEntry) throws(ApplyError) -> ChannelPlan {
        let (reader, path) = (entry.reader, entry.path)
        let object = try reader.object(entry.value, path)
        try reader.checkKeys(object, ["friendly_name", "unique_name", "channel_optimized_routing"], path)
        return ChannelPlan(path: entry.location, friendlyName: try reader.requiredString(object, "friendly_name", path),
                           uniqueName: try reader.requiredString(object, "unique_name", path),
                           channelOptimizedRouting: try reader.bool(object, "channel_optimized_routing", path) ?? false)
    }

    private static func queue(_ entry: PlanEntry) throws(ApplyError) -> QueuePlan {
        let (reader, path) = (entry.reader, entry.path)
        let object = try reader.object(entry.value, path)
        try reader.checkKeys(object, ["friendly_name", "target_workers", "max_reserved_workers", "task_order", "reservation_activity", "assignment_activity"], path)
        let order = try reader.string(object, "task_order", path) ?? "FIFO"
        let targetWorkersName = reader.member(object, "target_workers")?.name ?? "target_workers"
        return QueuePlan(
            path: entry.location,
            friendlyName: try reader.requiredString(object, "friendly_name", path),
            targetWorkers: try reader.string(object, "target_workers", path) ?? "1==1",
            targetWorkersPath: entry.location(of: "\(path).\(targetWorkersName)"),
            maxReservedWorkers: UInt32(try reader.unsigned(object, "max_reserved_workers", path, range: 1...50) ?? 1),
            taskOrder: try queueOrder(order, reader, "\(path).\(reader.member(object, "task_order")?.name ?? "task_order")"),
            reservationActivity: try reader.string(object, "reservation_activity", path) ?? "",
            assignmentActivity: try reader.string(object, "assignment_activity", path) ?? "",
            mapKey: entry.mapKey)
    }

    /// Reads a map of `${...}` strings to queue friendly names or SIDs.
    static func substitutionMap(_ object: [String: Any], _ reader: JSONReader, _ path: String) throws(ApplyError) -> [String: String] {
        guard let member = reader.member(object, "substitutions") else { return [:] }
        let mapPath = "\(path).\(member.name)"
        var substitutions: [String: String] = [:]
        for (key, name) in try reader.object(member.value, mapPath) {
            guard let name = name as? String else { throw reader.fail("\(mapPath).\(key)", "expected a queue's friendly name or SID") }
            substitutions[key] = name
        }
        return substitutions
    }
}

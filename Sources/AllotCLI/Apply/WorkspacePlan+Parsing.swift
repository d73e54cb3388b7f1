import AllotWire
import Foundation

extension WorkspacePlan {
    /// Largest workspace or referenced file read, in bytes: a workflow
    /// document may be about 1 MB and a workspace lists up to thousands of workers.
    static let maximumFileBytes = 64 << 20

    /// Parses the workspace file at `path`; files it references are read
    /// relative to its folder.
    static func load(_ path: String) throws(ApplyError) -> WorkspacePlan {
        let reader = JSONReader(file: path)
        let root = try reader.object(JSONReader.load(path, maximumBytes: maximumFileBytes), "$")
        try reader.checkKeys(root, ["friendly_name", "multi_task_enabled", "prioritize_queue_order", "default_activity", "timeout_activity",
                                    "activities", "task_channels", "task_queues", "task_queues_file", "workflows", "workers", "description"], "$")
        var plan = WorkspacePlan(file: path, friendlyName: try reader.requiredString(root, "friendly_name", "$"))
        plan.multiTaskEnabled = try reader.bool(root, "multi_task_enabled", "$")
        if let order = try reader.string(root, "prioritize_queue_order", "$") {
            plan.prioritizeQueueOrder = try queueOrder(order, reader, "$.prioritize_queue_order")
        }
        plan.defaultActivity = try reader.string(root, "default_activity", "$")
        plan.timeoutActivity = try reader.string(root, "timeout_activity", "$")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()

        for (index, entry) in try list(root["activities"], reader, "$.activities").enumerated() {
            let entryPath = "$.activities[\(index)]"
            let object = try reader.object(entry, entryPath)
            try reader.checkKeys(object, ["friendly_name", "available"], entryPath)
            plan.activities.append(ActivityPlan(path: entryPath, friendlyName: try reader.requiredString(object, "friendly_name", entryPath),
                                                available: try reader.bool(object, "available", entryPath) ?? true))
        }
        for (index, entry) in try list(root["task_channels"], reader, "$.task_channels").enumerated() {
            let entryPath = "$.task_channels[\(index)]"
            let object = try reader.object(entry, entryPath)
            try reader.checkKeys(object, ["friendly_name", "unique_name", "channel_optimized_routing"], entryPath)
            plan.channels.append(ChannelPlan(path: entryPath, friendlyName: try reader.requiredString(object, "friendly_name", entryPath),
                                             uniqueName: try reader.requiredString(object, "unique_name", entryPath),
                                             channelOptimizedRouting: try reader.bool(object, "channel_optimized_routing", entryPath) ?? false))
        }
        plan.queues = try queues(root, reader, folder: folder)
        plan.workflows = try workflows(root["workflows"], reader, folder: folder)
        plan.workers = try workers(root["workers"], reader)
        return plan
    }

    private static func list(_ value: Any?, _ reader: JSONReader, _ path: String) throws(ApplyError) -> [Any] {
        guard let value else { return [] }
        return try reader.array(value, path)
    }

    static func queueOrder(_ text: String, _ reader: JSONReader, _ path: String) throws(ApplyError) -> Wire.QueueOrder {
        switch text.uppercased() {
        case "FIFO": return .fifo
        case "LIFO": return .lifo
        default: throw reader.fail(path, "invalid order '\(text)'; expected FIFO or LIFO")
        }
    }

    /// Reads `task_queues` as a list, or as TaskRouter's keyed map, and the
    /// queues of `task_queues_file` (a file holding such a map, directly or
    /// under "document").
    private static func queues(_ root: [String: Any], _ reader: JSONReader, folder: URL) throws(ApplyError) -> [QueuePlan] {
        var entries: [(path: String, value: Any, reader: JSONReader)] = []
        if let file = try reader.string(root, "task_queues_file", "$") {
            let filePath = folder.appendingPathComponent(file).path
            let fileReader = JSONReader(file: filePath)
            var document = try fileReader.object(JSONReader.load(filePath, maximumBytes: maximumFileBytes), "$")
            var prefix = "$"
            if let inner = document["document"] as? [String: Any] { document = inner; prefix = "$.document" }
            let map = try fileReader.object(document["task_queues"], "\(prefix).task_queues")
            for key in map.keys.sorted() { entries.append(("\(prefix).task_queues.\(key)", map[key] as Any, fileReader)) }
        }
        if let map = root["task_queues"] as? [String: Any] {
            for key in map.keys.sorted() { entries.append(("$.task_queues.\(key)", map[key] as Any, reader)) }
        } else {
            for (index, entry) in try list(root["task_queues"], reader, "$.task_queues").enumerated() {
                entries.append(("$.task_queues[\(index)]", entry, reader))
            }
        }
        var plans: [QueuePlan] = []
        for (path, value, entryReader) in entries {
            let object = try entryReader.object(value, path)
            try entryReader.checkKeys(object, ["friendly_name", "target_workers", "max_reserved_workers", "task_order", "reservation_activity", "assignment_activity"], path)
            plans.append(QueuePlan(
                path: path,
                friendlyName: try entryReader.requiredString(object, "friendly_name", path),
                targetWorkers: try entryReader.string(object, "target_workers", path) ?? "1==1",
                maxReservedWorkers: UInt32(try entryReader.unsigned(object, "max_reserved_workers", path, range: 1...50) ?? 1),
                taskOrder: try queueOrder(try entryReader.string(object, "task_order", path) ?? "FIFO", entryReader, "\(path).task_order"),
                reservationActivity: try entryReader.string(object, "reservation_activity", path) ?? "",
                assignmentActivity: try entryReader.string(object, "assignment_activity", path) ?? ""))
        }
        return plans
    }

    private static func workflows(_ value: Any?, _ reader: JSONReader, folder: URL) throws(ApplyError) -> [WorkflowPlan] {
        var plans: [WorkflowPlan] = []
        for (index, entry) in try list(value, reader, "$.workflows").enumerated() {
            let path = "$.workflows[\(index)]"
            let object = try reader.object(entry, path)
            try reader.checkKeys(object, ["friendly_name", "configuration", "configuration_file", "task_reservation_timeout", "substitutions"], path)
            var configuration: [String: Any]
            var configurationPath = "\(path).configuration"
            if let file = try reader.string(object, "configuration_file", path) {
                let filePath = folder.appendingPathComponent(file).path
                let fileReader = JSONReader(file: filePath)
                configuration = try fileReader.object(JSONReader.load(filePath, maximumBytes: maximumFileBytes), "$")
                configurationPath = "\(filePath): $"
                if let inner = configuration["document"] as? [String: Any] {
                    configuration = inner
                    configurationPath += ".document"
                }
            } else {
                configuration = try reader.object(object["configuration"], configurationPath)
            }
            var substitutions: [String: String] = [:]
            if let map = object["substitutions"] {
                for (key, name) in try reader.object(map, "\(path).substitutions") {
                    guard let name = name as? String else { throw reader.fail("\(path).substitutions.\(key)", "expected a queue's friendly name or SID") }
                    substitutions[key] = name
                }
            }
            plans.append(WorkflowPlan(
                path: path, friendlyName: try reader.requiredString(object, "friendly_name", path),
                configuration: configuration, configurationPath: configurationPath,
                taskReservationTimeoutSeconds: UInt32(try reader.unsigned(object, "task_reservation_timeout", path, range: 1...86_400) ?? 120),
                substitutions: substitutions))
        }
        return plans
    }

    private static func workers(_ value: Any?, _ reader: JSONReader) throws(ApplyError) -> [WorkerPlan] {
        var plans: [WorkerPlan] = []
        for (index, entry) in try list(value, reader, "$.workers").enumerated() {
            let path = "$.workers[\(index)]"
            let object = try reader.object(entry, path)
            try reader.checkKeys(object, ["friendly_name", "attributes", "activity", "channels"], path)
            var plan = WorkerPlan(path: path, friendlyName: try reader.requiredString(object, "friendly_name", path),
                                  attributes: try object["attributes"].map { v throws(ApplyError) in try reader.object(v, "\(path).attributes") } ?? [:],
                                  activity: try reader.string(object, "activity", path), channels: [])
            if let channels = object["channels"] {
                let map = try reader.object(channels, "\(path).channels")
                for name in map.keys.sorted() {
                    let channelPath = "\(path).channels.\(name)"
                    let settings = try reader.object(map[name], channelPath)
                    try reader.checkKeys(settings, ["capacity", "available"], channelPath)
                    let capacity = try reader.unsigned(settings, "capacity", channelPath, range: 0...50).map(UInt32.init)
                    plan.channels.append((name, capacity, try reader.bool(settings, "available", channelPath), channelPath))
                }
            }
            plans.append(plan)
        }
        return plans
    }
}

import Foundation

extension WorkspacePlan {
    /// Fields of a workflow entry.
    static let workflowKeys: Set<String> = [
        "friendly_name", "configuration", "configuration_file", "task_reservation_timeout", "substitutions",
        "assignment_callback_url", "fallback_assignment_callback_url",
    ]

    /// Parses a workflow entry. Its substitutions extend, and override, the
    /// workspace file's `substitutions`.
    static func workflow(_ entry: PlanEntry, substitutions shared: [String: String]) throws(ApplyError) -> WorkflowPlan {
        let (reader, path) = (entry.reader, entry.path)
        let object = try reader.object(entry.value, path)
        try reader.checkKeys(object, workflowKeys, path)
        let (configuration, configurationPath) = try configuration(object, entry)
        let own = try substitutionMap(object, reader, path)
        return WorkflowPlan(
            path: entry.location, friendlyName: try reader.requiredString(object, "friendly_name", path),
            configuration: configuration, configurationPath: configurationPath,
            taskReservationTimeoutSeconds: UInt32(try reader.unsigned(object, "task_reservation_timeout", path, range: 1...86_400) ?? 120),
            substitutions: shared.merging(own) { _, workflowValue in workflowValue },
            assignmentCallbackURL: try reader.string(object, "assignment_callback_url", path),
            fallbackAssignmentCallbackURL: try reader.string(object, "fallback_assignment_callback_url", path))
    }

    /// Returns a workflow's routing document and the path errors name:
    /// `configuration` as an object, or as a string holding one (TaskRouter's
    /// API and Terraform write it so), or the file `configuration_file` names.
    static func configuration(_ object: [String: Any], _ entry: PlanEntry) throws(ApplyError) -> ([String: Any], String) {
        let (reader, path) = (entry.reader, entry.path)
        if let file = try reader.string(object, "configuration_file", path) {
            let filePath = PlanEntry.resolve(file, against: entry.folder).path
            let fileReader = JSONReader(file: filePath)
            let document = try fileReader.object(JSONReader.load(filePath, maximumBytes: maximumFileBytes), "$")
            if let inner = document["document"] as? [String: Any] { return (inner, "\(filePath): $.document") }
            return (document, "\(filePath): $")
        }
        guard let member = reader.member(object, "configuration") else {
            throw reader.fail(path, "missing \"configuration\"; give the routing document or a \"configuration_file\"")
        }
        let memberPath = "\(path).\(member.name)"
        let location = entry.location(of: memberPath)
        guard let text = member.value as? String else { return (try reader.object(member.value, memberPath), location) }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
            throw reader.fail(memberPath, "the string is not valid JSON; give the routing document as an object or a JSON string")
        }
        return (try reader.object(parsed, memberPath), location)
    }

    /// Parses a worker entry.
    static func worker(_ entry: PlanEntry) throws(ApplyError) -> WorkerPlan {
        let (reader, path) = (entry.reader, entry.path)
        let object = try reader.object(entry.value, path)
        try reader.checkKeys(object, ["friendly_name", "attributes", "activity", "channels"], path)
        var plan = WorkerPlan(path: entry.location, friendlyName: try reader.requiredString(object, "friendly_name", path),
                              attributes: try attributes(object, reader, path), activity: try reader.string(object, "activity", path), channels: [])
        guard let member = reader.member(object, "channels") else { return plan }
        let map = try reader.object(member.value, "\(path).\(member.name)")
        for name in map.keys.sorted() {
            let channelPath = "\(path).\(member.name).\(name)"
            let settings = try reader.object(map[name], channelPath)
            try reader.checkKeys(settings, ["capacity", "available"], channelPath)
            let capacity = try reader.unsigned(settings, "capacity", channelPath, range: 0...50).map(UInt32.init)
            plan.channels.append((name, capacity, try reader.bool(settings, "available", channelPath), entry.location(of: channelPath)))
        }
        return plan
    }

    /// Reads a worker's attributes: an object, or a string holding one as
    /// TaskRouter's API returns them.
    private static func attributes(_ object: [String: Any], _ reader: JSONReader, _ path: String) throws(ApplyError) -> [String: Any] {
        guard let member = reader.member(object, "attributes") else { return [:] }
        let memberPath = "\(path).\(member.name)"
        guard let text = member.value as? String else { return try reader.object(member.value, memberPath) }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
            throw reader.fail(memberPath, "the string is not valid JSON; give the attributes as an object or a JSON string")
        }
        return try reader.object(parsed, memberPath)
    }
}

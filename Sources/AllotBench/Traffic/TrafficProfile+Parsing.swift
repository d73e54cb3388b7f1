import Foundation

/// A problem in a traffic profile, located by file and JSON path.
struct ProfileError: Error, CustomStringConvertible {
    let file: String
    let path: String
    let message: String

    var description: String { "\(file): \(path): \(message)" }
}

extension TrafficProfile {
    /// Reads and checks the profile at `path`. Relative paths inside it are
    /// resolved against the profile's directory.
    static func load(_ path: String) throws(ProfileError) -> TrafficProfile {
        let reader = ProfileReader(file: path)
        guard FileManager.default.fileExists(atPath: path) else {
            throw reader.fail("$", "the file does not exist; check the path")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw reader.fail("$", "cannot read the file; check its permissions")
        }
        guard data.count <= BenchLimits.maximumProfileBytes else {
            throw reader.fail("$", "the file has \(data.count) bytes, more than the limit of \(BenchLimits.maximumProfileBytes)")
        }
        let root: [String: Any]
        do {
            root = try reader.object(try JSONSerialization.jsonObject(with: data), "$")
        } catch let error as ProfileError {
            throw error
        } catch {
            throw reader.fail("$", "invalid JSON\(JSONErrorLocation.describe(error, in: data)); fix the syntax there")
        }
        return try parse(root, reader: reader, directory: (path as NSString).deletingLastPathComponent)
    }

    static let profileKeys: Set<String> = [
        "description", "workspace_file", "workflow", "arrival_rate_per_second", "task_timeout_seconds",
        "service_level_seconds", "think_time_seconds", "handle_time_seconds", "workers", "tasks",
    ]
    static let workerKeys: Set<String> = ["name", "count", "attributes", "channels"]
    static let taskKeys: Set<String> = ["name", "weight", "attributes", "task_channel", "priority", "handle_time_seconds"]

    private static func parse(_ root: [String: Any], reader: ProfileReader, directory: String) throws(ProfileError) -> TrafficProfile {
        try reader.checkKeys(root, profileKeys, "$")
        let workspaceFile = try reader.requiredString(root, "workspace_file", "$")
        let resolved = workspaceFile.hasPrefix("/") ? workspaceFile : (directory.isEmpty ? workspaceFile : "\(directory)/\(workspaceFile)")
        let defaultHandle = try reader.time(root, "handle_time_seconds", "$") ?? .exponential(meanSeconds: 180)
        var profile = TrafficProfile(
            file: reader.file,
            workspaceFile: resolved,
            workflow: try reader.string(root, "workflow", "$") ?? "",
            arrivalRatePerSecond: try reader.number(root, "arrival_rate_per_second", "$", range: 0...BenchLimits.maximumRealRatePerSecond) ?? 1,
            taskTimeoutSeconds: try reader.number(root, "task_timeout_seconds", "$", range: 1...BenchLimits.maximumSimulatedSeconds) ?? 600,
            serviceLevelSeconds: try reader.number(root, "service_level_seconds", "$", range: 0...BenchLimits.maximumSimulatedSeconds) ?? 20,
            thinkTime: try reader.time(root, "think_time_seconds", "$") ?? .fixed(seconds: 2),
            handleTime: defaultHandle,
            workers: [],
            tasks: []
        )
        let workers = try reader.entries(root, "workers", "$")
        for (index, value) in workers.enumerated() {
            profile.workers.append(try parseWorkerGroup(value, reader: reader, path: "$.workers[\(index)]"))
        }
        guard profile.workerCount <= BenchLimits.maximumWorkers else {
            throw reader.fail("$.workers", "the groups add up to \(profile.workerCount) workers, more than the limit of \(BenchLimits.maximumWorkers)")
        }
        let tasks = try reader.entries(root, "tasks", "$")
        for (index, value) in tasks.enumerated() {
            profile.tasks.append(try parseTaskKind(value, reader: reader, path: "$.tasks[\(index)]"))
        }
        // Checked last, so that the profile's own mistakes are reported first.
        guard FileManager.default.fileExists(atPath: profile.workspaceFile) else {
            throw reader.fail("$.workspace_file", "the workspace file '\(profile.workspaceFile)' does not exist; a relative path is read from the profile's folder")
        }
        return profile
    }

    private static func parseWorkerGroup(_ value: Any, reader: ProfileReader, path: String) throws(ProfileError) -> WorkerGroup {
        let object = try reader.object(value, path)
        try reader.checkKeys(object, workerKeys, path)
        let count = try reader.wholeNumber(object, "count", path, range: 1...BenchLimits.maximumWorkers) ?? 1
        return WorkerGroup(
            name: try reader.requiredString(object, "name", path),
            count: count,
            attributes: try object["attributes"].map { value throws(ProfileError) in try reader.object(value, "\(path).attributes") } ?? [:],
            channels: try object["channels"].map { value throws(ProfileError) in try reader.object(value, "\(path).channels") } ?? [:]
        )
    }

    private static func parseTaskKind(_ value: Any, reader: ProfileReader, path: String) throws(ProfileError) -> TaskKind {
        let object = try reader.object(value, path)
        try reader.checkKeys(object, taskKeys, path)
        let priority = try reader.wholeNumber(object, "priority", path, range: 0...2_147_483_647)
        return TaskKind(
            name: try reader.requiredString(object, "name", path),
            weight: try reader.number(object, "weight", path, range: 0...1e9) ?? 1,
            attributes: try object["attributes"].map { value throws(ProfileError) in try reader.object(value, "\(path).attributes") } ?? [:],
            taskChannel: try reader.string(object, "task_channel", path) ?? "",
            priority: priority.map { Int64($0) },
            handleTime: try reader.time(object, "handle_time_seconds", path)
        )
    }
}

/// Typed access to the profile's JSON, with errors naming the JSON path.
struct ProfileReader {
    let file: String

    func fail(_ path: String, _ message: String) -> ProfileError {
        ProfileError(file: file, path: path, message: message)
    }

    func object(_ value: Any?, _ path: String) throws(ProfileError) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw fail(path, "expected a JSON object") }
        return object
    }

    func string(_ object: [String: Any], _ key: String, _ path: String) throws(ProfileError) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value as? String else { throw fail("\(path).\(key)", "expected a string") }
        return text
    }

    func requiredString(_ object: [String: Any], _ key: String, _ path: String) throws(ProfileError) -> String {
        guard let text = try string(object, key, path), !text.isEmpty else {
            throw fail("\(path).\(key)", "missing; give a non-empty string")
        }
        return text
    }

    /// Reads a number within `range`, or returns nil when the key is absent.
    func number(_ object: [String: Any], _ key: String, _ path: String, range: ClosedRange<Double>) throws(ProfileError) -> Double? {
        guard let value = object[key] else { return nil }
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else {
            throw fail("\(path).\(key)", "expected a number from \(range.lowerBound) to \(range.upperBound)")
        }
        let double = number.doubleValue
        guard double.isFinite, range.contains(double) else {
            throw fail("\(path).\(key)", "\(double) is out of range; expected a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return double
    }

    /// Reads a whole number within `range`, or returns nil when the key is absent.
    /// Strings such as "6" are rejected, because the format expects JSON numbers.
    func wholeNumber(_ object: [String: Any], _ key: String, _ path: String, range: ClosedRange<Int>) throws(ProfileError) -> Int? {
        guard let value = object[key] else { return nil }
        let expected = "expected a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else {
            throw fail("\(path).\(key)", "\(expected), found \(Self.jsonText(value)); write it without quotes")
        }
        let double = number.doubleValue
        guard double.isFinite, double == double.rounded(), double >= Double(range.lowerBound), double <= Double(range.upperBound) else {
            throw fail("\(path).\(key)", "\(expected), found \(number)")
        }
        return Int(double)
    }

    /// Renders `value` as short JSON for messages, such as "6" with its quotes.
    static func jsonText(_ value: Any) -> String {
        if let text = value as? String { return "\"\(text.prefix(40))\"" }
        if value is NSNull { return "null" }
        if value is [Any] { return "an array" }
        if value is [String: Any] { return "an object" }
        return "\(value)"
    }

    /// Reads a time: a number of seconds (fixed), {"fixed": S} or {"exponential_mean": S}.
    func time(_ object: [String: Any], _ key: String, _ path: String) throws(ProfileError) -> TimeDistribution? {
        guard let value = object[key] else { return nil }
        let range = 0...BenchLimits.maximumSimulatedSeconds
        if value is NSNumber {
            return .fixed(seconds: try number(object, key, path, range: range) ?? 0)
        }
        let inner = try self.object(value, "\(path).\(key)")
        if let fixed = try number(inner, "fixed", "\(path).\(key)", range: range) {
            return .fixed(seconds: fixed)
        }
        if let mean = try number(inner, "exponential_mean", "\(path).\(key)", range: range) {
            return .exponential(meanSeconds: mean)
        }
        throw fail("\(path).\(key)", "expected seconds as a number, {\"fixed\": S} or {\"exponential_mean\": S}")
    }

    /// Rejects keys outside `allowed`, which catches misspelt field names.
    func checkKeys(_ object: [String: Any], _ allowed: Set<String>, _ path: String) throws(ProfileError) {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw fail("\(path).\(unknown)", "unknown field; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// Reads a non-empty array of at most `BenchLimits.maximumProfileEntries` entries.
    func entries(_ object: [String: Any], _ key: String, _ path: String) throws(ProfileError) -> [Any] {
        guard let array = object[key] as? [Any], !array.isEmpty else {
            throw fail("\(path).\(key)", "missing; give a non-empty array")
        }
        guard array.count <= BenchLimits.maximumProfileEntries else {
            throw fail("\(path).\(key)", "\(array.count) entries, more than the limit of \(BenchLimits.maximumProfileEntries)")
        }
        return array
    }
}

import Foundation

/// Loads a workspace file into the server by running `allot apply`, the
/// same code path an operator uses.
///
/// allot-bench calls the `allot` binary rather than linking the apply code:
/// that code lives in the CLI's executable target, where it is still
/// changing, and running the binary measures exactly what operators run.
/// The bench applies a copy of the file. The copy's friendly name is unique
/// to the run, so each run gets a fresh workspace. Its file references are
/// rewritten to reach the original files, and the profile's simulated
/// agents replace the file's workers.
struct WorkspaceFileApplier {
    /// SIDs of what `allot apply` created or found, by kind and friendly name.
    struct AppliedWorkspace: Sendable {
        var workspaceSID: String
        var workspaceName: String
        /// friendly_name to SID, per kind ("task_queue", "workflow", "worker").
        var sids: [String: [String: String]]

        func sid(_ kind: String, _ friendlyName: String) -> String? {
            sids[kind]?[friendlyName]
        }
    }

    let allotBinary: String
    let target: ServerTarget

    /// Applies `profile`'s workspace file with `workers` (each a workspace
    /// file worker entry) and returns the SIDs.
    func apply(_ profile: TrafficProfile, workers: [[String: Any]], runID: String) throws(BenchFailure) -> AppliedWorkspace {
        let copy = try writeCopy(of: profile.workspaceFile, workers: workers, runID: runID)
        defer { try? FileManager.default.removeItem(atPath: copy.path) }
        let output = try runApply(file: copy.path)
        return try parseChanges(output, workspaceName: copy.friendlyName)
    }

    private func writeCopy(of file: String, workers: [[String: Any]], runID: String) throws(BenchFailure) -> (path: String, friendlyName: String) {
        guard let data = FileManager.default.contents(atPath: file), data.count <= BenchLimits.maximumProfileBytes,
              var root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw BenchFailure("\(file): cannot read it as a JSON object of at most \(BenchLimits.maximumProfileBytes) bytes; check the profile's workspace_file")
        }
        let absoluteFile = file.hasPrefix("/") ? file : "\(FileManager.default.currentDirectoryPath)/\(file)"
        let directory = (absoluteFile as NSString).deletingLastPathComponent
        let copyDirectory = FileManager.default.temporaryDirectory.path
        // The copy lives in the temporary folder, so every file it names is
        // made absolute: allot apply reads relative names from the folder of
        // the file that names them.
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
        }
        let nameKey = root["friendly_name"] == nil && root["friendlyName"] != nil ? "friendlyName" : "friendly_name"
        let friendlyName = "\(root[nameKey] as? String ?? "Workspace") (bench \(runID))"
        root[nameKey] = friendlyName
        // Field names may be snake_case or camelCase, as allot apply accepts both.
        for (key, value) in root where key.hasSuffix("_file") || key.hasSuffix("File") {
            if let path = value as? String { root[key] = absolute(path) }
        }
        if var workflows = root["workflows"] as? [[String: Any]] {
            for index in workflows.indices {
                for key in ["configuration_file", "configurationFile"] {
                    if let document = workflows[index][key] as? String { workflows[index][key] = absolute(document) }
                }
            }
            root["workflows"] = workflows
        }
        root["workers"] = workers
        let path = (copyDirectory as NSString).appendingPathComponent("allot-bench-workspace-\(runID).json")
        guard let text = try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]),
              FileManager.default.createFile(atPath: path, contents: text) else {
            throw BenchFailure("cannot write the workspace copy to \(path)")
        }
        return (path, friendlyName)
    }

    private func runApply(file: String) throws(BenchFailure) -> Data {
        let arguments = ["apply", "-f", file, "--server", target.address.description, "--credentials", target.credentialsPath, "--json"]
        let result = try ChildProcess.run(allotBinary, arguments: arguments)
        guard result.status == 0 else {
            throw BenchFailure("allot apply failed with status \(result.status): \(String(decoding: result.errorOutput, as: UTF8.self))")
        }
        return result.output
    }

    private func parseChanges(_ output: Data, workspaceName: String) throws(BenchFailure) -> AppliedWorkspace {
        guard let rows = (try? JSONSerialization.jsonObject(with: output)) as? [[String: Any]] else {
            throw BenchFailure("allot apply --json printed no JSON array: \(String(decoding: output.prefix(500), as: UTF8.self))")
        }
        var applied = AppliedWorkspace(workspaceSID: "", workspaceName: workspaceName, sids: [:])
        for row in rows {
            guard let kind = row["kind"] as? String, let name = row["friendly_name"] as? String, let sid = row["sid"] as? String else { continue }
            if kind == "workspace" { applied.workspaceSID = sid }
            applied.sids[kind, default: [:]][name] = sid
        }
        guard !applied.workspaceSID.isEmpty else {
            throw BenchFailure("allot apply --json reported no workspace")
        }
        return applied
    }
}

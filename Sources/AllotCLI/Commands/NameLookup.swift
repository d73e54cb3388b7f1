import AllotClient
import AllotWire

/// Resolves a friendly name given on the command line, such as
/// `--workflow-name Main`, to the SID the server's calls take. A name that
/// matches nothing fails with the name meant when only its case differs,
/// or with the names that exist.
enum NameLookup {
    /// Returns the SID of the activity named `name` in workspace `ws`.
    static func activitySID(named name: String, in ws: String, option: String, _ connection: AllotConnection) async throws -> String {
        let all = try await ServerCommandSupport.allPages { token in
            let page = try await connection.listActivities(Wire.ListActivitiesRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
            return (page.activities.map { ($0.friendlyName, $0.sid) }, page.nextPageToken)
        }
        return try sid(named: name, kind: .activity, option: option, workspace: ws, among: all)
    }

    /// Returns the SID of the workflow named `name` in workspace `ws`.
    static func workflowSID(named name: String, in ws: String, option: String, _ connection: AllotConnection) async throws -> String {
        let all = try await ServerCommandSupport.allPages { token in
            let page = try await connection.listWorkflows(Wire.ListWorkflowsRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
            return (page.workflows.map { ($0.friendlyName, $0.sid) }, page.nextPageToken)
        }
        return try sid(named: name, kind: .workflow, option: option, workspace: ws, among: all)
    }

    /// Returns the SIDs of the task queues of workspace `ws` by friendly name.
    static func queueSIDs(in ws: String, _ connection: AllotConnection) async throws -> [String: String] {
        let all = try await ServerCommandSupport.allPages { token in
            let page = try await connection.listTaskQueues(Wire.ListTaskQueuesRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
            return (page.taskQueues.map { ($0.friendlyName, $0.sid) }, page.nextPageToken)
        }
        return Dictionary(all, uniquingKeysWith: { first, _ in first })
    }

    /// Returns the SID of the task queue named `name` in workspace `ws`.
    static func queueSID(named name: String, in ws: String, option: String, _ connection: AllotConnection) async throws -> String {
        let all = try await queueSIDs(in: ws, connection).map { ($0.key, $0.value) }
        return try sid(named: name, kind: .taskQueue, option: option, workspace: ws, among: all)
    }

    /// Returns the SID of the one resource in `resources` named exactly `name`.
    ///
    /// - Throws: `CommandFailure` when none or several have the name, naming
    ///   the option, a name that differs only in case or the existing names,
    ///   and the command that lists them.
    static func sid(named name: String, kind: SIDKind, option: String, workspace ws: String,
                    among resources: [(name: String, sid: String)]) throws(CommandFailure) -> String {
        let matches = resources.filter { $0.name == name }
        if matches.count == 1 { return matches[0].sid }
        let dashed = OptionSpecification.dashed(option)
        guard matches.isEmpty else {
            let sids = matches.map(\.sid).sorted().joined(separator: ", ")
            throw CommandFailure(message: "\(dashed) '\(name)' names \(matches.count) \(kind.noun)s (\(sids)); pass the SID instead")
        }
        let listCommand = kind.listCommand.replacingOccurrences(of: "WS…", with: ws)
        var message = "workspace \(ws) has no \(kind.noun) named '\(name)' (\(dashed))"
        if let hint = NameSuggestion.hint(for: name, among: resources.map(\.name)) {
            message += "; \(hint)"
        }
        throw CommandFailure(message: message + "; run '\(listCommand)' for the names")
    }
}

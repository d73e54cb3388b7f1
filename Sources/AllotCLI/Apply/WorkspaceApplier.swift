import AllotClient
import AllotWire
import Foundation

/// Makes a server's workspace match a `WorkspacePlan`: creates what is
/// missing, updates what differs and leaves the rest alone, so that
/// applying the same file twice changes nothing the second time.
/// Resources are matched by friendly name (task channels by unique name).
struct WorkspaceApplier {
    let connection: AllotConnection
    let plan: WorkspacePlan
    /// The workspace `--workspace` selects, or nil to find it by the file's friendly name.
    let selectedWorkspaceSID: String?
    var changes: [ApplyChange] = []
    var workspaceSID = ""
    var activitySIDs: [String: String] = [:]
    var queueSIDs: [String: String] = [:]

    init(connection: AllotConnection, plan: WorkspacePlan, workspaceSID: String? = nil) {
        self.connection = connection
        self.plan = plan
        selectedWorkspaceSID = workspaceSID
    }

    /// Applies the plan and returns what changed. Every reference in the
    /// file is checked against the file and the workspace before the first
    /// change, and every broken one is reported.
    ///
    /// - Throws: `ApplyFailure` with every broken reference, or with the
    ///   server's rejection of a call and the changes made before it.
    mutating func apply() async throws(ApplyFailure) -> [ApplyChange] {
        let existing: Wire.Workspace?
        let current: CurrentResources
        do {
            existing = try await findWorkspace()
            current = try await currentResources(of: existing)
        } catch {
            throw ApplyFailure([error])
        }
        let problems = checkReferences(against: current)
        guard problems.isEmpty else { throw ApplyFailure(problems) }
        do {
            try await applyWorkspace(existing)
            try await applyActivities()
            try await applyWorkspaceSettings()
            try await applyChannels()
            try await applyQueues()
            try await applyWorkflows()
            try await applyWorkers()
        } catch {
            throw ApplyFailure(error, duringChanges: true, appliedChanges: changes.filter { $0.action != .unchanged })
        }
        return changes
    }

    /// Runs one call, turning a server error into an error at `path`.
    func step<Value>(_ path: String, _ body: () async throws(AllotError) -> Value) async throws(ApplyError) -> Value {
        do {
            return try await body()
        } catch {
            throw ApplyError(file: plan.file, path: path, message: error.description, fromServer: true)
        }
    }

    /// Reads every page of a list call, up to `ServerCommandSupport.maximumPages`.
    func listAll<Item>(_ path: String, _ fetch: (String) async throws(AllotError) -> (items: [Item], next: String)) async throws(ApplyError) -> [Item] {
        var items: [Item] = []
        var token = ""
        for _ in 0..<ServerCommandSupport.maximumPages {
            let page = try await step(path) { () async throws(AllotError) in try await fetch(token) }
            items += page.items
            token = page.next
            if token.isEmpty { break }
        }
        return items
    }

    mutating func record(_ action: ApplyChange.Action, _ kind: String, _ name: String, _ sid: String) {
        changes.append(ApplyChange(action: action, kind: kind, friendlyName: name, sid: sid))
    }

    private mutating func applyWorkspace(_ existing: Wire.Workspace?) async throws(ApplyError) {
        let name = plan.friendlyName
        if let existing {
            workspaceSID = existing.sid
            return
        }
        let plan = plan
        let created = try await step("$") { () async throws(AllotError) in
            try await connection.createWorkspace(Wire.CreateWorkspaceRequest(
                friendlyName: name, multiTaskEnabled: plan.multiTaskEnabled, prioritizeQueueOrder: plan.prioritizeQueueOrder ?? .unspecified))
        }
        workspaceSID = created.sid
        record(.created, "workspace", name, created.sid)
    }

    private mutating func applyActivities() async throws(ApplyError) {
        let ws = workspaceSID
        let existing = try await listAll("$.activities") { token async throws(AllotError) in
            let page = try await connection.listActivities(Wire.ListActivitiesRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
            return (page.activities, page.nextPageToken)
        }
        for activity in existing { activitySIDs[activity.friendlyName] = activity.sid }
        for activity in plan.activities {
            if let found = existing.first(where: { $0.friendlyName == activity.friendlyName }) {
                guard found.available == activity.available else {
                    throw ApplyError(file: plan.file, path: "\(activity.path).available",
                                     message: "activity '\(activity.friendlyName)' exists with available \(found.available), and availability cannot change after creation; delete the activity or give it another name")
                }
                record(.unchanged, "activity", activity.friendlyName, found.sid)
                continue
            }
            let created = try await step(activity.path) { () async throws(AllotError) in
                try await connection.createActivity(Wire.CreateActivityRequest(workspaceSID: ws, friendlyName: activity.friendlyName, available: activity.available))
            }
            activitySIDs[created.friendlyName] = created.sid
            record(.created, "activity", created.friendlyName, created.sid)
        }
    }

    /// Returns the SID of an activity given by friendly name or SID; empty stays empty.
    func activitySID(_ reference: String, _ path: String) throws(ApplyError) -> String {
        if reference.isEmpty || reference.hasPrefix("WA") && reference.count == 34 { return reference }
        guard let sid = activitySIDs[reference] else {
            let names = Array(activitySIDs.keys)
            let hint = NameSuggestion.caseInsensitiveMatch(reference, among: names).map { "did you mean '\($0)'? Otherwise " } ?? ""
            throw ApplyError(file: plan.file, path: path,
                             message: "no activity named '\(reference)'; \(hint)add it to \"activities\" or use one of \(NameSuggestion.listing(names))")
        }
        return sid
    }

    private mutating func applyWorkspaceSettings() async throws(ApplyError) {
        let ws = workspaceSID
        let current = try await step("$") { () async throws(AllotError) in
            try await connection.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: ws))
        }
        var request = Wire.UpdateWorkspaceRequest(workspaceSID: ws)
        // Differs only when --workspace selected a workspace of another name.
        if current.friendlyName != plan.friendlyName { request.friendlyName = plan.friendlyName }
        if let name = plan.defaultActivity {
            let sid = try activitySID(name, "$.default_activity")
            if sid != current.defaultActivitySID { request.defaultActivitySID = sid }
        }
        if let name = plan.timeoutActivity {
            let sid = try activitySID(name, "$.timeout_activity")
            if sid != current.timeoutActivitySID { request.timeoutActivitySID = sid }
        }
        if let multiTask = plan.multiTaskEnabled, multiTask != current.multiTaskEnabled { request.multiTaskEnabled = multiTask }
        if let order = plan.prioritizeQueueOrder, order != current.prioritizeQueueOrder { request.prioritizeQueueOrder = order }
        if request == Wire.UpdateWorkspaceRequest(workspaceSID: ws) {
            if !changes.contains(where: { $0.kind == "workspace" }) { record(.unchanged, "workspace", current.friendlyName, ws) }
            return
        }
        let updated = try await step("$") { () async throws(AllotError) in try await connection.updateWorkspace(request) }
        if !changes.contains(where: { $0.kind == "workspace" }) { record(.updated, "workspace", updated.friendlyName, ws) }
    }

    private mutating func applyChannels() async throws(ApplyError) {
        let ws = workspaceSID
        let existing = try await listAll("$.task_channels") { token async throws(AllotError) in
            let page = try await connection.listTaskChannels(Wire.ListTaskChannelsRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
            return (page.taskChannels, page.nextPageToken)
        }
        for channel in plan.channels {
            if let found = existing.first(where: { $0.uniqueName == channel.uniqueName }) {
                if found.friendlyName == channel.friendlyName && found.channelOptimizedRouting == channel.channelOptimizedRouting {
                    record(.unchanged, "task_channel", channel.uniqueName, found.sid)
                    continue
                }
                _ = try await step(channel.path) { () async throws(AllotError) in
                    try await connection.updateTaskChannel(Wire.UpdateTaskChannelRequest(
                        workspaceSID: ws, taskChannel: found.sid, friendlyName: channel.friendlyName, channelOptimizedRouting: channel.channelOptimizedRouting))
                }
                record(.updated, "task_channel", channel.uniqueName, found.sid)
                continue
            }
            let created = try await step(channel.path) { () async throws(AllotError) in
                try await connection.createTaskChannel(Wire.CreateTaskChannelRequest(
                    workspaceSID: ws, friendlyName: channel.friendlyName, uniqueName: channel.uniqueName, channelOptimizedRouting: channel.channelOptimizedRouting))
            }
            record(.created, "task_channel", channel.uniqueName, created.sid)
        }
    }
}

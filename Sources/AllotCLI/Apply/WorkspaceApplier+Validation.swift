import AllotClient
import AllotCore
import AllotWire

extension WorkspaceApplier {
    /// The resources of the target workspace before `apply` changes
    /// anything, by friendly name (task channels by unique name).
    struct CurrentResources {
        var activities: [String: (sid: String, available: Bool)] = [:]
        var queueSIDs: [String: String] = [:]
        var channelNames: Set<String> = []

        /// The resources a workspace is created with, for a workspace that does not exist yet.
        static var newWorkspace: CurrentResources {
            var current = CurrentResources()
            for activity in WorkspaceDefaults.activities {
                current.activities[activity.friendlyName] = ("", activity.available)
            }
            current.channelNames = Set(WorkspaceDefaults.taskChannelNames)
            return current
        }
    }

    /// Returns the workspace that the file applies to: the one `--workspace`
    /// names, else the one with the file's friendly name, or nil when none
    /// has it.
    ///
    /// - Throws: `ApplyError` when several workspaces have the name, listing
    ///   their SIDs, because applying to an arbitrary one of them could
    ///   change the wrong workspace.
    func findWorkspace() async throws(ApplyError) -> Wire.Workspace? {
        if let sid = selectedWorkspaceSID {
            return try await step("$") { () async throws(AllotError) in
                try await connection.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: sid))
            }
        }
        let name = plan.friendlyName
        let named = try await listAll("$.friendly_name") { token async throws(AllotError) in
            let page = try await connection.listWorkspaces(Wire.ListWorkspacesRequest(friendlyName: name, pageSize: 1000, pageToken: token))
            return (page.workspaces, page.nextPageToken)
        }
        guard named.count <= 1 else {
            let sids = named.map(\.sid).joined(separator: ", ")
            throw ApplyError(file: plan.file, path: "$.friendly_name",
                             message: "\(named.count) workspaces are named '\(name)' (\(sids)); pass the one to apply the file to with --workspace WS…")
        }
        return named.first
    }

    /// Reads the activities, queues and task channels of `workspace`, or
    /// returns those of a new workspace when it is nil.
    func currentResources(of workspace: Wire.Workspace?) async throws(ApplyError) -> CurrentResources {
        guard let ws = workspace?.sid else { return .newWorkspace }
        var current = CurrentResources()
        let activities = try await listAll("$.activities") { token async throws(AllotError) in
            let page = try await connection.listActivities(Wire.ListActivitiesRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
            return (page.activities, page.nextPageToken)
        }
        for activity in activities { current.activities[activity.friendlyName] = (activity.sid, activity.available) }
        let queues = try await listAll("$.task_queues") { token async throws(AllotError) in
            let page = try await connection.listTaskQueues(Wire.ListTaskQueuesRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
            return (page.taskQueues, page.nextPageToken)
        }
        for queue in queues { current.queueSIDs[queue.friendlyName] = queue.sid }
        let channels = try await listAll("$.task_channels") { token async throws(AllotError) in
            let page = try await connection.listTaskChannels(Wire.ListTaskChannelsRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
            return (page.taskChannels, page.nextPageToken)
        }
        current.channelNames = Set(channels.map(\.uniqueName))
        return current
    }

    /// Returns an error for every reference in the file that names nothing:
    /// activity, queue and task channel names must name a resource of the
    /// file or of `current`, and an existing activity must keep its
    /// availability. Runs before the first change, so that a bad file
    /// changes nothing, and reports every problem rather than the first.
    ///
    /// It resolves names with the same functions the changes use, with the
    /// SIDs of resources still to be created left empty, and clears those
    /// tables again afterwards.
    mutating func checkReferences(against current: CurrentResources) -> [ApplyError] {
        defer {
            activitySIDs = [:]
            queueSIDs = [:]
        }
        var errors: [ApplyError] = []
        func collect(_ check: () throws(ApplyError) -> Void) {
            do { try check() } catch { errors.append(error) }
        }
        for (name, activity) in current.activities { activitySIDs[name] = activity.sid }
        for activity in plan.activities {
            if let found = current.activities[activity.friendlyName], found.available != activity.available {
                errors.append(ApplyError(file: plan.file, path: "\(activity.path).available",
                                         message: "activity '\(activity.friendlyName)' exists with available \(found.available), and availability cannot change after creation; delete the activity or give it another name"))
            }
            activitySIDs[activity.friendlyName] = activitySIDs[activity.friendlyName] ?? ""
        }
        for (name, path) in [(plan.defaultActivity, "$.default_activity"), (plan.timeoutActivity, "$.timeout_activity")] {
            if let name { collect { () throws(ApplyError) in _ = try activitySID(name, path) } }
        }
        for queue in plan.queues {
            collect { () throws(ApplyError) in _ = try activitySID(queue.reservationActivity, "\(queue.path).reservation_activity") }
            collect { () throws(ApplyError) in _ = try activitySID(queue.assignmentActivity, "\(queue.path).assignment_activity") }
        }

        queueSIDs = current.queueSIDs
        for queue in plan.queues { queueSIDs[queue.friendlyName] = queueSIDs[queue.friendlyName] ?? "" }
        for workflow in plan.workflows {
            _ = resolveQueues(workflow, errors: &errors)
        }

        let channelNames = current.channelNames.union(plan.channels.map(\.uniqueName))
        for worker in plan.workers {
            if let name = worker.activity { collect { () throws(ApplyError) in _ = try activitySID(name, "\(worker.path).activity") } }
            for channel in worker.channels where !channelNames.contains(channel.uniqueName) && !Self.isChannelSID(channel.uniqueName) {
                errors.append(ApplyError(file: plan.file, path: channel.path,
                                         message: "no task channel with unique name '\(channel.uniqueName)'; add it to \"task_channels\" or use one of: \(channelNames.sorted().joined(separator: ", "))"))
            }
        }
        return errors
    }

    /// Returns whether `text` is a TC or WC SID, which worker channel calls also take.
    private static func isChannelSID(_ text: String) -> Bool {
        Sid.isValid(text, prefix: .taskChannel) || Sid.isValid(text, prefix: .workerChannel)
    }
}

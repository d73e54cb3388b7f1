import AllotClient
import AllotWire

/// Checks the names a traffic profile refers to against the workspace
/// `allot apply` created, before the load starts: a misspelt task channel
/// would otherwise make every create of that kind fail during the run.
enum ProfileReferences {
    /// Pages of task channels read at most; with the maximum page size
    /// this covers far more channels than a workspace file declares.
    static let maximumChannelPages = 10

    /// Returns the unique names of the workspace's task channels.
    static func taskChannelNames(workspaceSID: String, connection: AllotConnection) async throws -> Set<String> {
        var names: Set<String> = []
        var token = ""
        for _ in 0..<maximumChannelPages {
            let page = try await connection.listTaskChannels(Wire.ListTaskChannelsRequest(workspaceSID: workspaceSID, pageSize: 1_000, pageToken: token))
            names.formUnion(page.taskChannels.map(\.uniqueName))
            token = page.nextPageToken
            if token.isEmpty { break }
        }
        return names
    }

    /// Throws the first task or worker channel of `profile` that is not
    /// in `channelNames`, located by its JSON path. An empty task channel
    /// means the server's default and is not checked.
    static func check(_ profile: TrafficProfile, channelNames: Set<String>) throws(ProfileError) {
        let known = channelNames.sorted().joined(separator: ", ")
        for (index, kind) in profile.tasks.enumerated() where !kind.taskChannel.isEmpty && !channelNames.contains(kind.taskChannel) {
            throw ProfileError(file: profile.file, path: "$.tasks[\(index)].task_channel",
                               message: "the workspace has no task channel '\(kind.taskChannel)'; use one of \(known), or add it to \(profile.workspaceFile)")
        }
        for (index, group) in profile.workers.enumerated() {
            for channel in group.channels.keys.sorted() where !channelNames.contains(channel) {
                throw ProfileError(file: profile.file, path: "$.workers[\(index)].channels.\(channel)",
                                   message: "the workspace has no task channel '\(channel)'; use one of \(known), or add it to \(profile.workspaceFile)")
            }
        }
    }

    /// Returns the SID of the workflow tasks are created in: the one named
    /// by the profile's "workflow", or the workspace's only workflow.
    static func workflowSID(of profile: TrafficProfile, workflows: [String: String]) throws(ProfileError) -> String {
        let known = workflows.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
        if profile.workflow.isEmpty {
            guard workflows.count == 1, let only = workflows.values.first else {
                throw ProfileError(file: profile.file, path: "$.workflow",
                                   message: "missing, and the workspace has \(workflows.count) workflows (\(known)); name one of them")
            }
            return only
        }
        guard let sid = workflows[profile.workflow] else {
            throw ProfileError(file: profile.file, path: "$.workflow",
                               message: "the workspace has no workflow '\(profile.workflow)'; use one of \(known)")
        }
        return sid
    }
}

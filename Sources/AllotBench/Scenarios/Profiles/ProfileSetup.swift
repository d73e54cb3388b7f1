import AllotClient
import AllotWire
import Foundation

/// Everything a profile run needs before its load starts: the applied
/// workspace, the dispatcher and agent connections, and the agents.
struct ProfileSetup: Sendable {
    /// A task kind with its attributes already written as JSON text.
    struct PreparedKind: Sendable {
        var name: String
        var attributes: String
        var taskChannel: String
        var priority: Int64?
    }

    let applied: WorkspaceFileApplier.AppliedWorkspace
    let workflowSID: String
    let taskKinds: [PreparedKind]
    /// Connections that create tasks, used in turn.
    let dispatchers: [AllotConnection]
    let agentConnections: [AllotConnection]
    let agents: [SimulatedAgent]
    /// The connection on which the run watches for canceled tasks.
    let monitor: AllotConnection

    /// Applies the workspace file with the profile's agents and connects them.
    static func prepare(_ profile: TrafficProfile, run: ScenarioRun, target: ServerTarget) async throws -> ProfileSetup {
        let options = run.options
        let workers = workerEntries(profile)
        let allot = try CompanionBinary.path("allot", explicitPath: options.allotPath, option: "allot")
        let applied = try WorkspaceFileApplier(allotBinary: allot, target: target).apply(profile, workers: workers.map(\.entry), runID: run.runID)
        run.noteWorkspace(applied.workspaceSID)
        let workflowSID = try ProfileReferences.workflowSID(of: profile, workflows: applied.sids["workflow"] ?? [:])
        let kinds = try profile.tasks.map { kind throws -> PreparedKind in
            guard let data = try? JSONSerialization.data(withJSONObject: kind.attributes, options: [.sortedKeys, .withoutEscapingSlashes]) else {
                throw BenchFailure("\(profile.file): task kind '\(kind.name)': its attributes cannot be written as JSON")
            }
            return PreparedKind(name: kind.name, attributes: String(decoding: data, as: UTF8.self), taskChannel: kind.taskChannel, priority: kind.priority)
        }

        var dispatchers: [AllotConnection] = []
        for _ in 0..<options.connections {
            dispatchers.append(try await target.connect(clientName: "allot-bench dispatcher"))
        }
        let channelNames = try await ProfileReferences.taskChannelNames(workspaceSID: applied.workspaceSID, connection: dispatchers[0])
        do {
            try ProfileReferences.check(profile, channelNames: channelNames)
        } catch {
            dispatchers.forEach { $0.close() }
            throw error
        }
        let sharedCount = options.agentConnections == 0 ? workers.count : min(options.agentConnections, workers.count)
        var agentConnections: [AllotConnection] = []
        for _ in 0..<sharedCount {
            agentConnections.append(try await target.connect(clientName: "allot-bench agents"))
        }
        var seeds = SeededGenerator(seed: options.seed ^ 0x5EED_A6E7)
        var agents: [SimulatedAgent] = []
        for (index, worker) in workers.enumerated() {
            guard let sid = applied.sid("worker", worker.friendlyName) else {
                throw BenchFailure("allot apply did not report worker '\(worker.friendlyName)'")
            }
            let session = WorkerSession(connection: agentConnections[index % agentConnections.count], workspaceSID: applied.workspaceSID, workerSID: sid)
            agents.append(SimulatedAgent(session: session, profile: profile, speed: options.speed, seed: seeds.next()))
        }
        let monitor = try await target.connect(clientName: "allot-bench monitor")
        return ProfileSetup(applied: applied, workflowSID: workflowSID, taskKinds: kinds, dispatchers: dispatchers,
                            agentConnections: agentConnections, agents: agents, monitor: monitor)
    }

    /// Closes every connection of the run.
    func close() {
        dispatchers.forEach { $0.close() }
        agentConnections.forEach { $0.close() }
        monitor.close()
    }

    /// Returns the workspace file's worker entries for the profile's agents.
    /// They start in the workspace's default activity and make themselves
    /// available once subscribed.
    private static func workerEntries(_ profile: TrafficProfile) -> [(friendlyName: String, entry: [String: Any])] {
        var entries: [(friendlyName: String, entry: [String: Any])] = []
        for group in profile.workers {
            for number in 1...group.count {
                let name = "\(group.name)-\(number)"
                var entry: [String: Any] = ["friendly_name": name, "attributes": group.attributes]
                if !group.channels.isEmpty { entry["channels"] = group.channels }
                entries.append((name, entry))
            }
        }
        return entries
    }
}

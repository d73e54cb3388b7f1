import AllotClient
import AllotWire

/// `allot worker channel`: reads and changes a worker's capacity and
/// availability per task channel. `WorkerCommand` parses the options and
/// passes the operands after `channel`.
enum WorkerChannelCommand {
    static let columns = ["sid", "task_channel_unique_name", "configured_capacity", "available", "assigned_tasks", "available_capacity_percentage"]

    static func run(_ arguments: ParsedArguments, operands: [String], workspace ws: String, console: inout Console) throws(CommandFailure) -> Int32 {
        let allowed = ["list", "get", "update"]
        guard let verb = operands.first else {
            throw CommandFailure(message: "missing action after 'channel'; expected one of \(allowed.joined(separator: ", ")), for example 'allot worker channel list WK…'")
        }
        guard allowed.contains(verb) else {
            throw CommandFailure(message: "unknown action 'channel \(verb)'; expected one of \(allowed.joined(separator: ", "))")
        }
        let expectedCount = verb == "list" ? 1 : 2
        let targets = Array(operands.dropFirst())
        guard targets.count == expectedCount else {
            let example = verb == "list" ? "WK…" : "WK… chat"
            let usage = "'worker channel \(verb)' takes \(expectedCount == 1 ? "a worker SID" : "a worker SID and a channel"), for example 'allot worker channel \(verb) \(example)'"
            throw CommandFailure(message: targets.count < expectedCount ? "\(usage). \(ServerCommandSupport.emptyVariableHint)" : usage)
        }
        let worker = targets[0]
        let channel = targets.count > 1 ? targets[1] : ""
        let capacity = try ServerCommandSupport.number(arguments, "capacity", as: UInt32.self)
        let available = try BooleanArgument.parse(arguments, "available")
        if verb == "update" && capacity == nil && available == nil {
            throw CommandFailure(message: "'worker channel update' needs --capacity N, --available true|false or both")
        }
        let printer = ResultPrinter(arguments)
        let (lines, singleTasking) = try ServerOptions.run(arguments) { connection in
            switch verb {
            case "get":
                return (printer.one(try await connection.fetchWorkerChannel(Wire.FetchWorkerChannelRequest(workspaceSID: ws, workerSID: worker, workerChannel: channel))), false)
            case "update":
                let updated = try await connection.updateWorkerChannel(Wire.UpdateWorkerChannelRequest(
                    workspaceSID: ws, workerSID: worker, workerChannel: channel, capacity: capacity, available: available))
                let workspace = capacity == nil ? nil : try await connection.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: ws))
                return (printer.one(updated), workspace.map { !$0.multiTaskEnabled } ?? false)
            default:
                let all = try await ServerCommandSupport.allPages { token in
                    let page = try await connection.listWorkerChannels(Wire.ListWorkerChannelsRequest(workspaceSID: ws, workerSID: worker, pageSize: 1000, pageToken: token))
                    return (page.workerChannels, page.nextPageToken)
                }
                return (printer.list(all, columns: columns), false)
            }
        }
        for line in lines { console.write(line) }
        if singleTasking { console.writeError(singleTaskingWarning(ws)) }
        return ExitStatus.success
    }

    /// Returns the warning printed after a capacity change in a workspace
    /// without multitasking, where the server stores the capacity but
    /// routes at most one task to each worker.
    static func singleTaskingWarning(_ ws: String) -> String {
        "allot worker: warning: workspace \(ws) has multi_task_enabled false, so channel capacities are stored but not used: each worker holds one task at a time. Enable multitasking, while the workspace has no tasks, with 'allot workspace update \(ws) --multi-task true'."
    }
}

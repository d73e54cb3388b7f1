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
        let lines = try ServerOptions.run(arguments) { connection in
            switch verb {
            case "get":
                return printer.one(try await connection.fetchWorkerChannel(Wire.FetchWorkerChannelRequest(workspaceSID: ws, workerSID: worker, workerChannel: channel)))
            case "update":
                return printer.one(try await connection.updateWorkerChannel(Wire.UpdateWorkerChannelRequest(
                    workspaceSID: ws, workerSID: worker, workerChannel: channel, capacity: capacity, available: available)))
            default:
                let all = try await ServerCommandSupport.allPages { token in
                    let page = try await connection.listWorkerChannels(Wire.ListWorkerChannelsRequest(workspaceSID: ws, workerSID: worker, pageSize: 1000, pageToken: token))
                    return (page.workerChannels, page.nextPageToken)
                }
                return printer.list(all, columns: columns)
            }
        }
        for line in lines { console.write(line) }
        return ExitStatus.success
    }
}

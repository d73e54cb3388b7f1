import AllotClient
import AllotWire

/// `allot channel`: creates, reads, changes and deletes a workspace's task channels.
enum ChannelCommand: Command {
    static let name = "channel"
    static let summary = "create, get, list, update or delete task channels"
    static let synopsis = "create|get|list|update|delete [SID|UNIQUE_NAME] --workspace WS [--name NAME] [--unique-name NAME] [--optimized-routing true|false]"
    static let options: [OptionSpecification] = [
        .sid("workspace", .workspace, help: "SID of the workspace (required)"),
        .value("name", "NAME", help: "friendly name, 1 to 64 characters without hyphens (create, update)", actions: ["create", "update"]),
        .value("unique-name", "NAME", help: "name used in expressions and task creation: letters, digits, '_' and '$' (create, required)", actions: ["create"]),
        .value("optimized-routing", "BOOL", help: "true orders workers by their idle time on this channel (create, update); default false", actions: ["create", "update"]),
    ] + ServerOptions.resourceSpecifications
    static let actions = ["create", "get", "list", "update", "delete"]
    static let details = """
        get, update and delete take the channel's TC SID or its unique name.

        examples:
          allot channel create --workspace WS… --name "SMS" --unique-name sms
          allot channel list --workspace WS…
          allot channel update sms --workspace WS… --optimized-routing true
        """
    static let columns = ["sid", "unique_name", "friendly_name", "channel_optimized_routing"]

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, operands) = try ServerCommandSupport.verb(arguments, allowed: ["create", "get", "list", "update", "delete"], command: name)
        let ws = try ServerCommandSupport.required(arguments, "workspace", command: name)
        let channel = verb == "create" || verb == "list" ? "" : try ServerCommandSupport.sid(operands, verb: verb, command: name)
        if verb == "create" {
            _ = try ServerCommandSupport.required(arguments, "name", command: name)
            _ = try ServerCommandSupport.required(arguments, "unique-name", command: name)
        }
        let optimizedRouting = try BooleanArgument.parse(arguments, "optimized-routing")
        let friendlyName = arguments.value("name")
        let uniqueName = arguments.value("unique-name") ?? ""
        let printer = ResultPrinter(arguments)
        let lines = try ServerOptions.run(arguments) { connection in
            switch verb {
            case "create":
                return printer.one(try await connection.createTaskChannel(Wire.CreateTaskChannelRequest(
                    workspaceSID: ws, friendlyName: friendlyName ?? "", uniqueName: uniqueName, channelOptimizedRouting: optimizedRouting ?? false)))
            case "get":
                return printer.one(try await connection.fetchTaskChannel(Wire.FetchTaskChannelRequest(workspaceSID: ws, taskChannel: channel)))
            case "update":
                return printer.one(try await connection.updateTaskChannel(Wire.UpdateTaskChannelRequest(
                    workspaceSID: ws, taskChannel: channel, friendlyName: friendlyName, channelOptimizedRouting: optimizedRouting)))
            case "delete":
                return printer.one(try await connection.deleteTaskChannel(Wire.DeleteTaskChannelRequest(workspaceSID: ws, taskChannel: channel)))
            default:
                let all = try await ServerCommandSupport.allPages { token in
                    let page = try await connection.listTaskChannels(Wire.ListTaskChannelsRequest(workspaceSID: ws, pageSize: 1000, pageToken: token))
                    return (page.taskChannels, page.nextPageToken)
                }
                return printer.list(all, columns: columns)
            }
        }
        for line in lines { console.write(line) }
        return ExitStatus.success
    }
}

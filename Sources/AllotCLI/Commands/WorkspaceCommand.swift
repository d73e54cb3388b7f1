import AllotClient
import AllotWire

/// `allot workspace`: creates, reads, changes and deletes workspaces.
enum WorkspaceCommand: Command {
    static let name = "workspace"
    static let summary = "create, get, list, update or delete workspaces"
    static let synopsis = "create|get|list|update|delete [SID] [--name NAME] [--template none|fifo] [--multi-task true|false] [--default-activity WA] ..."
    static let options: [OptionSpecification] = [
        .value("name", "NAME", help: "friendly name, 1 to 64 characters (create, update; a filter for list)", actions: ["create", "update", "list"]),
        .value("template", "TEMPLATE", help: "create: none (default activities and channels) or fifo (also a queue and workflow)", actions: ["create"]),
        .value("multi-task", "BOOL", help: "true lets workers hold several tasks at once (create, update); default true", actions: ["create", "update"]),
        .value("prioritize-queue-order", "ORDER", help: "fifo or lifo: the kind of queue that wins for a worker in both; default fifo (create, update)", actions: ["create", "update"]),
        .value("events-filter", "TYPES", help: "comma-separated event types that subscriptions deliver; \"\" for all (create, update)", actions: ["create", "update"]),
        .value("event-callback-url", "URL", help: "stored for TaskRouter compatibility, never called (create, update)", actions: ["create", "update"]),
        .sid("default-activity", .activity, help: "update: activity of new workers that name none", actions: ["update"]),
        .sid("timeout-activity", .activity, help: "update: activity a worker moves to when its reservation times out", actions: ["update"]),
    ] + ServerOptions.resourceSpecifications
    static let actions = ["create", "get", "list", "update", "delete"]
    static let details = """
        examples:
          allot workspace create --name "Support" --multi-task true
          allot workspace list
          allot workspace update WS… --default-activity WA… --prioritize-queue-order lifo
          allot workspace get WS0123456789abcdef0123456789abcdef --json
        """
    static let columns = ["sid", "friendly_name", "multi_task_enabled", "default_activity_name"]

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, operands) = try ServerCommandSupport.verb(arguments, allowed: ["create", "get", "list", "update", "delete"], command: name)
        let printer = ResultPrinter(arguments)
        let lines: [String]
        switch verb {
        case "create":
            lines = try create(arguments, printer: printer)
        case "list":
            let friendlyName = arguments.value("name") ?? ""
            lines = try ServerOptions.run(arguments) { connection in
                let all = try await ServerCommandSupport.allPages { token in
                    let page = try await connection.listWorkspaces(Wire.ListWorkspacesRequest(friendlyName: friendlyName, pageSize: 1000, pageToken: token))
                    return (page.workspaces, page.nextPageToken)
                }
                return printer.list(all, columns: columns)
            }
        default:
            let sid = try ServerCommandSupport.sid(operands, verb: verb, command: name, kind: .workspace)
            lines = try change(verb, sid, arguments, printer: printer)
        }
        for line in lines { console.write(line) }
        return ExitStatus.success
    }

    private static func create(_ arguments: ParsedArguments, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let template: Wire.WorkspaceTemplate
        switch arguments.value("template") {
        case nil, "none": template = .none
        case "fifo": template = .fifo
        case let other?: throw CommandFailure(message: "invalid --template '\(other)': expected none or fifo")
        }
        let request = Wire.CreateWorkspaceRequest(
            friendlyName: try ServerCommandSupport.required(arguments, "name", command: name),
            eventsFilter: arguments.value("events-filter") ?? "",
            multiTaskEnabled: try BooleanArgument.parse(arguments, "multi-task"),
            template: template,
            prioritizeQueueOrder: try queueOrder(arguments) ?? .unspecified,
            eventCallbackURL: arguments.value("event-callback-url") ?? "")
        return try ServerOptions.run(arguments) { connection in
            printer.one(try await connection.createWorkspace(request))
        }
    }

    /// Runs get, update or delete on the workspace `sid`.
    private static func change(_ verb: String, _ sid: String, _ arguments: ParsedArguments, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        switch verb {
        case "get":
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: sid)))
            }
        case "update":
            let request = Wire.UpdateWorkspaceRequest(
                workspaceSID: sid,
                friendlyName: arguments.value("name"),
                defaultActivitySID: arguments.value("default-activity"),
                timeoutActivitySID: arguments.value("timeout-activity"),
                eventsFilter: arguments.value("events-filter"),
                multiTaskEnabled: try BooleanArgument.parse(arguments, "multi-task"),
                prioritizeQueueOrder: try queueOrder(arguments),
                eventCallbackURL: arguments.value("event-callback-url"))
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.updateWorkspace(request))
            }
        default:
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.deleteWorkspace(Wire.DeleteWorkspaceRequest(workspaceSID: sid)))
            }
        }
    }

    private static func queueOrder(_ arguments: ParsedArguments) throws(CommandFailure) -> Wire.QueueOrder? {
        guard let text = arguments.value("prioritize-queue-order") else { return nil }
        switch text.lowercased() {
        case "fifo": return .fifo
        case "lifo": return .lifo
        default: throw CommandFailure(message: "invalid --prioritize-queue-order '\(text)': expected fifo or lifo")
        }
    }
}

/// Parses `true` and `false` option values.
enum BooleanArgument {
    static func parse(_ arguments: ParsedArguments, _ name: String) throws(CommandFailure) -> Bool? {
        switch arguments.value(name) {
        case nil: return nil
        case "true": return true
        case "false": return false
        case let other?: throw CommandFailure(message: "invalid \(OptionSpecification.dashed(name)) '\(other)': expected true or false")
        }
    }
}

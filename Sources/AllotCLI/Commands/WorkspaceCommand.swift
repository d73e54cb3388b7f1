import AllotClient
import AllotWire

/// `allot workspace`: creates, reads, changes and deletes workspaces.
enum WorkspaceCommand: Command {
    static let name = "workspace"
    static let summary = "create, get, list, update or delete workspaces"
    static let synopsis = "create|get|list|update|delete [SID] [--name NAME] [--template none|fifo] [--multi-task true|false]"
    static let options: [OptionSpecification] = [
        .value("name", "NAME", help: "friendly name, 1 to 64 characters (create, update; a filter for list)"),
        .value("template", "TEMPLATE", help: "create: none (default activities and channels) or fifo (also a queue and workflow)"),
        .value("multi-task", "BOOL", help: "true lets workers hold several tasks at once (create, update)"),
    ] + ServerOptions.specifications
    static let details = """
        examples:
          allot workspace create --name "Support" --multi-task true
          allot workspace list
          allot workspace get WS0123456789abcdef0123456789abcdef --json
        """
    static let columns = ["sid", "friendly_name", "multi_task_enabled", "default_activity_name"]

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, operands) = try ServerCommandSupport.verb(arguments, allowed: ["create", "get", "list", "update", "delete"], command: name)
        let printer = ResultPrinter(arguments)
        let multiTask = try BooleanArgument.parse(arguments, "multi-task")
        let friendlyName = arguments.value("name")
        let template: Wire.WorkspaceTemplate
        switch arguments.value("template") {
        case nil, "none": template = .none
        case "fifo": template = .fifo
        case let other?: throw CommandFailure(message: "invalid --template '\(other)': expected none or fifo")
        }
        let sid = verb == "create" || verb == "list" ? "" : try ServerCommandSupport.sid(operands, verb: verb, command: name)
        if verb == "create" { _ = try ServerCommandSupport.required(arguments, "name", command: name) }
        let lines = try ServerOptions.run(arguments) { connection in
            switch verb {
            case "create":
                return printer.one(try await connection.createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: friendlyName ?? "", multiTaskEnabled: multiTask, template: template)))
            case "get":
                return printer.one(try await connection.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: sid)))
            case "update":
                return printer.one(try await connection.updateWorkspace(Wire.UpdateWorkspaceRequest(workspaceSID: sid, friendlyName: friendlyName, multiTaskEnabled: multiTask)))
            case "delete":
                return printer.one(try await connection.deleteWorkspace(Wire.DeleteWorkspaceRequest(workspaceSID: sid)))
            default:
                let all = try await ServerCommandSupport.allPages { token in
                    let page = try await connection.listWorkspaces(Wire.ListWorkspacesRequest(friendlyName: friendlyName ?? "", pageSize: 1000, pageToken: token))
                    return (page.workspaces, page.nextPageToken)
                }
                return printer.list(all, columns: columns)
            }
        }
        for line in lines { console.write(line) }
        return ExitStatus.success
    }
}

/// Parses `true` and `false` option values.
enum BooleanArgument {
    static func parse(_ arguments: ParsedArguments, _ name: String) throws(CommandFailure) -> Bool? {
        switch arguments.value(name) {
        case nil: return nil
        case "true": return true
        case "false": return false
        case let other?: throw CommandFailure(message: "invalid --\(name) '\(other)': expected true or false")
        }
    }
}

import AllotClient
import AllotWire

/// `allot activity`: creates, reads, renames and deletes a workspace's activities.
enum ActivityCommand: Command {
    static let name = "activity"
    static let summary = "create, get, list, update or delete activities"
    static let synopsis = "create|get|list|update|delete [SID] --workspace WS [--name NAME] [--available true|false]"
    static let options: [OptionSpecification] = [
        .sid("workspace", .workspace, help: "SID of the workspace (required)"),
        .value("name", "NAME", help: "friendly name, 1 to 64 characters (create, update; a filter for list)", actions: ["create", "update", "list"]),
        .value("available", "BOOL", help: "create: whether workers in it can be offered tasks, default true; list: only activities with this availability", actions: ["create", "list"]),
    ] + ServerOptions.resourceSpecifications
    static let actions = ["create", "get", "list", "update", "delete"]
    static let details = """
        An activity's availability is fixed when it is created; update only renames it.

        examples:
          allot activity create --workspace WS… --name "Lunch" --available false
          allot activity list --workspace WS… --available true
          allot activity update WA… --workspace WS… --name "Break"
        """
    static let columns = ["sid", "friendly_name", "available"]

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, operands) = try ServerCommandSupport.verb(arguments, allowed: ["create", "get", "list", "update", "delete"], command: name)
        let ws = try ServerCommandSupport.required(arguments, "workspace", command: name)
        let sid = verb == "create" || verb == "list" ? "" : try ServerCommandSupport.sid(operands, verb: verb, command: name, kind: .activity)
        if verb == "create" { _ = try ServerCommandSupport.required(arguments, "name", command: name) }
        let available = try BooleanArgument.parse(arguments, "available")
        let friendlyName = arguments.value("name")
        let printer = ResultPrinter(arguments)
        let lines = try ServerOptions.run(arguments) { connection in
            switch verb {
            case "create":
                return printer.one(try await connection.createActivity(Wire.CreateActivityRequest(workspaceSID: ws, friendlyName: friendlyName ?? "", available: available)))
            case "get":
                return printer.one(try await connection.fetchActivity(Wire.FetchActivityRequest(workspaceSID: ws, activitySID: sid)))
            case "update":
                return printer.one(try await connection.updateActivity(Wire.UpdateActivityRequest(workspaceSID: ws, activitySID: sid, friendlyName: friendlyName)))
            case "delete":
                return printer.one(try await connection.deleteActivity(Wire.DeleteActivityRequest(workspaceSID: ws, activitySID: sid)))
            default:
                let all = try await ServerCommandSupport.allPages { token in
                    let page = try await connection.listActivities(Wire.ListActivitiesRequest(
                        workspaceSID: ws, friendlyName: friendlyName ?? "", available: available, pageSize: 1000, pageToken: token))
                    return (page.activities, page.nextPageToken)
                }
                return printer.list(all, columns: columns)
            }
        }
        for line in lines { console.write(line) }
        return ExitStatus.success
    }
}

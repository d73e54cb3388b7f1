import AllotClient
import AllotWire

/// `allot worker`: creates, reads, changes and deletes workers, and with
/// `worker channel` their capacity per task channel.
enum WorkerCommand: Command {
    static let name = "worker"
    static let summary = "create, get, list, update or delete workers; 'worker channel' sets their channel capacity"
    static let synopsis = "create|get|list|update|delete [SID] --workspace WS [--name NAME] [--activity WA] [--attributes JSON|@FILE] | channel list|get|update WK [CHANNEL] [--capacity N] [--available true|false]"
    static let options: [OptionSpecification] = [
        .value("workspace", "WS", help: "SID of the workspace (required)"),
        .value("name", "NAME", help: "friendly name, 1 to 64 characters, unique ignoring case (create, update; a filter for list)"),
        .value("activity", "WA", help: "SID of the activity; default the workspace's default activity (create, update; a filter for list)"),
        .value("attributes", "JSON", help: "the worker's attributes, a JSON object or @FILE, at most 4096 bytes (create, update)"),
        .flag("reject-pending-reservations", help: "update: with an unavailable --activity, also reject the worker's pending reservations"),
        .value("if-match-version", "N", help: "update, delete: fail unless the worker's version is N"),
        .value("activity-name", "NAME", help: "list: only workers in the activity with this friendly name"),
        .value("available", "BOOL", help: "list: only workers whose activity has this availability; channel update: whether the channel takes new tasks"),
        .value("target-workers-expression", "EXPR", help: "list: only workers for which this expression is true"),
        .value("task-queue-sid", "WQ", help: "list: only members of this task queue"),
        .value("task-queue-name", "NAME", help: "list: only members of the task queue with this friendly name"),
        .value("ordering", "ORDER", help: "list: \"Field:asc|desc\" clauses, such as DateStatusChanged:desc; default creation order"),
        .value("capacity", "N", help: "channel update: most tasks of the channel the worker holds at once, 0 to 50"),
    ] + ServerOptions.specifications
    static let details = """
        'worker channel get' and 'update' take the worker's SID and the channel's WC SID, TC SID or
        unique name.

        examples:
          allot worker create --workspace WS… --name "Ada" --attributes '{"languages": ["en"]}'
          allot worker list --workspace WS… --available true --target-workers-expression 'languages HAS "en"'
          allot worker update WK… --workspace WS… --activity WA…
          allot worker channel update WK… chat --workspace WS… --capacity 3
        """
    static let columns = ["sid", "friendly_name", "activity_name", "available", "version"]

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, operands) = try ServerCommandSupport.verb(arguments, allowed: ["create", "get", "list", "update", "delete", "channel"], command: name)
        let ws = try ServerCommandSupport.required(arguments, "workspace", command: name)
        if verb == "channel" {
            return try WorkerChannelCommand.run(arguments, operands: operands, workspace: ws, console: &console)
        }
        let printer = ResultPrinter(arguments)
        let lines: [String]
        switch verb {
        case "create":
            lines = try create(arguments, workspace: ws, printer: printer)
        case "list":
            lines = try list(arguments, workspace: ws, printer: printer)
        default:
            let sid = try ServerCommandSupport.sid(operands, verb: verb, command: name)
            lines = try change(verb, sid, arguments, workspace: ws, printer: printer)
        }
        for line in lines { console.write(line) }
        return ExitStatus.success
    }

    private static func create(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let request = Wire.CreateWorkerRequest(
            workspaceSID: ws,
            friendlyName: try ServerCommandSupport.required(arguments, "name", command: name),
            activitySID: arguments.value("activity") ?? "",
            attributes: try ServerCommandSupport.jsonText(arguments, "attributes") ?? "")
        return try ServerOptions.run(arguments) { connection in
            printer.one(try await connection.createWorker(request))
        }
    }

    /// Runs get, update or delete on the worker `sid`.
    private static func change(_ verb: String, _ sid: String, _ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let version = try ServerCommandSupport.number(arguments, "if-match-version", as: UInt64.self)
        switch verb {
        case "get":
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.fetchWorker(Wire.FetchWorkerRequest(workspaceSID: ws, workerSID: sid)))
            }
        case "update":
            let request = Wire.UpdateWorkerRequest(
                workspaceSID: ws, workerSID: sid,
                activitySID: arguments.value("activity"),
                attributes: try ServerCommandSupport.jsonText(arguments, "attributes"),
                friendlyName: arguments.value("name"),
                rejectPendingReservations: arguments.contains("reject-pending-reservations"),
                ifMatchVersion: version)
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.updateWorker(request))
            }
        default:
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.deleteWorker(Wire.DeleteWorkerRequest(workspaceSID: ws, workerSID: sid, ifMatchVersion: version)))
            }
        }
    }

    private static func list(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let request = try listRequest(arguments, workspace: ws)
        return try ServerOptions.run(arguments) { connection in
            let all = try await ServerCommandSupport.allPages { token in
                var pageRequest = request
                pageRequest.pageToken = token
                let page = try await connection.listWorkers(pageRequest)
                return (page.workers, page.nextPageToken)
            }
            return printer.list(all, columns: columns)
        }
    }

    /// Returns the first-page request of `worker list` with every filter given.
    static func listRequest(_ arguments: ParsedArguments, workspace ws: String) throws(CommandFailure) -> Wire.ListWorkersRequest {
        Wire.ListWorkersRequest(
            workspaceSID: ws,
            activityName: arguments.value("activity-name") ?? "",
            activitySID: arguments.value("activity") ?? "",
            available: try BooleanArgument.parse(arguments, "available"),
            friendlyName: arguments.value("name") ?? "",
            targetWorkersExpression: arguments.value("target-workers-expression") ?? "",
            taskQueueSID: arguments.value("task-queue-sid") ?? "",
            taskQueueName: arguments.value("task-queue-name") ?? "",
            ordering: arguments.value("ordering") ?? "",
            pageSize: 1000)
    }
}

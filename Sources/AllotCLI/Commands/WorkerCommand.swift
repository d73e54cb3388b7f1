import AllotClient
import AllotWire

/// `allot worker`: creates, reads, changes and deletes workers, and with
/// `worker channel` their capacity per task channel.
enum WorkerCommand: WorkspaceResourceCommand {
    static let sidKind = SIDKind.worker
    static let name = "worker"
    static let summary = "create, get, list, update or delete workers; 'worker channel' sets their channel capacity"
    static let synopsis = "create|get|list|update|delete [SID] --workspace WS [--name NAME] [--activity WA] [--attributes JSON|@FILE] | channel list|get|update WK [CHANNEL] [--capacity N] [--available true|false]"
    static let options: [OptionSpecification] = [
        .sid("workspace", .workspace, help: "SID of the workspace (required)"),
        .value("name", "NAME", help: "friendly name, 1 to 64 characters, unique ignoring case (create, update; a filter for list)", actions: ["create", "update", "list"]),
        .sid("activity", .activity, help: "SID of the activity; default the workspace's default activity (create, update; a filter for list)",
             actions: ["create", "update", "list"], nameOption: "activity-name"),
        .value("attributes", "JSON", help: "the worker's attributes, a JSON object or @FILE, at most 4096 bytes (create, update)", actions: ["create", "update"]),
        .flag("reject-pending-reservations", help: "update: with an unavailable --activity, also reject the worker's pending reservations", actions: ["update"]),
        .value("if-match-version", "N", help: "update, delete: fail unless the worker's version is N", actions: ["update", "delete"]),
        .value("activity-name", "NAME", help: "friendly name of the activity, instead of --activity (create, update; a filter for list)",
               actions: ["create", "update", "list"]),
        .value("available", "BOOL", help: "list: only workers whose activity has this availability; channel update: whether the channel takes new tasks",
               actions: ["list", "channel update"]),
        .value("target-workers-expression", "EXPR", help: "list: only workers for which this expression is true", actions: ["list"]),
        .sid("task-queue-sid", .taskQueue, help: "list: only members of this task queue", actions: ["list"], nameOption: "task-queue-name"),
        .value("task-queue-name", "NAME", help: "list: only members of the task queue with this friendly name", actions: ["list"]),
        .value("ordering", "ORDER", help: "list: \"Field:asc|desc\" clauses, such as DateStatusChanged:desc; default creation order", actions: ["list"]),
        .value("capacity", "N", help: "channel update: maximum number of the channel's tasks the worker has at once, 0 to 50", actions: ["channel update"]),
    ] + ServerOptions.resourceSpecifications
    static let actions = ["create", "get", "list", "update", "delete", "channel list", "channel get", "channel update"]
    static let details = """
        'worker channel get' and 'update' take the worker's SID and the channel's WC SID, TC SID or
        unique name. List replies leave attributes out, as TaskRouter's do, so 'worker list' fetches
        each worker's attributes with one more call per worker.

        examples:
          allot worker create --workspace WS… --name "Ada" --attributes '{"languages": ["en"]}'
          allot worker list --workspace WS… --available true --target-workers-expression 'languages HAS "en"'
          allot worker update WK… --workspace WS… --activity WA…
          allot worker update WK… --workspace WS… --activity-name Available
          allot worker channel update WK… chat --workspace WS… --capacity 3
        """
    /// List columns; attributes come last because they are the widest.
    static let columns = ["sid", "friendly_name", "activity_name", "available", "version", "attributes"]

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, operands) = try ServerCommandSupport.verb(arguments, allowed: resourceActions + ["channel"], command: name)
        let ws = try ServerCommandSupport.required(arguments, "workspace", command: name)
        if verb == "channel" {
            return try WorkerChannelCommand.run(arguments, operands: operands, workspace: ws, console: &console)
        }
        return try runResourceAction(verb, operands: operands, workspace: ws, arguments, console: &console)
    }

    static func create(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let request = Wire.CreateWorkerRequest(
            workspaceSID: ws,
            friendlyName: try ServerCommandSupport.required(arguments, "name", command: name),
            activitySID: arguments.value("activity") ?? "",
            attributes: try ServerCommandSupport.jsonText(arguments, "attributes") ?? "")
        let activityName = try self.activityName(arguments)
        return try ServerOptions.run(arguments) { connection in
            var resolved = request
            if let activityName { resolved.activitySID = try await NameLookup.activitySID(named: activityName, in: ws, option: "activity-name", connection) }
            return printer.one(try await connection.createWorker(resolved))
        }
    }

    /// Returns `--activity-name`, or nil; giving it with `--activity` is a usage error.
    private static func activityName(_ arguments: ParsedArguments) throws(CommandFailure) -> String? {
        guard let activityName = arguments.value("activity-name") else { return nil }
        if arguments.value("activity") != nil {
            throw CommandFailure(message: "--activity and --activity-name both select the activity; pass one of them")
        }
        return activityName
    }

    /// Runs get, update or delete on the worker `sid`.
    static func change(_ verb: String, _ sid: String, _ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
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
            let activityName = try self.activityName(arguments)
            return try ServerOptions.run(arguments) { connection in
                var resolved = request
                if let activityName { resolved.activitySID = try await NameLookup.activitySID(named: activityName, in: ws, option: "activity-name", connection) }
                return printer.one(try await connection.updateWorker(resolved))
            }
        default:
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.deleteWorker(Wire.DeleteWorkerRequest(workspaceSID: ws, workerSID: sid, ifMatchVersion: version)))
            }
        }
    }

    static func list(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let request = try listRequest(arguments, workspace: ws)
        return try ServerOptions.run(arguments) { connection in
            let all = try await ServerCommandSupport.allPages { token in
                var pageRequest = request
                pageRequest.pageToken = token
                let page = try await connection.listWorkers(pageRequest)
                return (page.workers, page.nextPageToken)
            }
            if printer.sidOnly { return printer.list(all, columns: columns) }
            let fetched = try await ServerCommandSupport.fetchEach(all) { worker async throws(AllotError) in
                try await connection.fetchWorker(Wire.FetchWorkerRequest(workspaceSID: ws, workerSID: worker.sid))
            }
            return printer.list(fetched, columns: columns)
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

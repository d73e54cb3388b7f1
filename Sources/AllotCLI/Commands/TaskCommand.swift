import AllotClient
import AllotWire

/// `allot task`: creates, reads, changes and deletes tasks.
enum TaskCommand: WorkspaceResourceCommand {
    static let sidKind = SIDKind.task
    static let name = "task"
    static let summary = "create, get, list, update or delete tasks"
    static let synopsis = "create|get|list|update|delete [SID] --workspace WS [--attributes JSON|@FILE] [--workflow WW | --workflow-name NAME] [--channel NAME] [--priority N] [--status STATUS]"
    static let options: [OptionSpecification] = [
        .sid("workspace", .workspace, help: "SID of the workspace (required)"),
        .value("attributes", "JSON", help: "the task's attributes, a JSON object or @FILE (create, update)", actions: ["create", "update"]),
        .sid("workflow", .workflow, help: "create: SID of the routing workflow, may be left out when the workspace has one; list: only tasks it routed",
             actions: ["create", "list"], nameOption: "workflow-name"),
        .value("channel", "NAME", help: "task channel unique name or SID; default \"default\" (create, update)", actions: ["create", "update"]),
        .value("priority", "N", help: "priority, 0 to 2147483647 (create, update; a filter for list)", actions: ["create", "update", "list"]),
        .value("timeout", "SECONDS", help: "seconds the task may wait before it is canceled, 1 to 1209600; default 86400 (create)", actions: ["create"]),
        .value("virtual-start-time", "INSTANT", help: "ordering time, ISO 8601, not in the future; default the creation time (create, update)", actions: ["create", "update"]),
        .value("routing-target", "SID", help: "create: route directly to this worker (WK), queue (WQ) or workflow (WW); list: only tasks with this target", actions: ["create", "list"]),
        .value("ignore-capacity", "BOOL", help: "create: with a worker routing target, whether to offer the task regardless of capacity; default true", actions: ["create"]),
        .sid("task-queue-sid", .taskQueue, help: "create: place the task in this queue directly; list: only tasks in this queue",
             actions: ["create", "list"], nameOption: "task-queue-name"),
        .value("status", "STATUS", help: "update: canceled, wrapping or completed; list: only tasks in these comma-separated states (pending, reserved, assigned, wrapping, canceled, completed)",
               actions: ["update", "list"]),
        .value("reason", "TEXT", help: "reason stored with canceled or completed (update)", actions: ["update"]),
        .value("if-match-version", "N", help: "update, delete: fail unless the task's version is N", actions: ["update", "delete"]),
        .value("workflow-name", "NAME", help: "friendly name of the workflow, instead of --workflow (create, list)", actions: ["create", "list"]),
        .value("task-queue-name", "NAME", help: "list: only tasks in the queue with this friendly name", actions: ["list"]),
        .value("evaluate-task-attributes", "EXPR", help: "list: only tasks whose attributes make this expression true", actions: ["list"]),
        .value("ordering", "ORDER", help: "list: \"Field:asc|desc\" clauses over DateCreated, Priority and VirtualStartTime; default DateCreated:asc", actions: ["list"]),
    ] + ServerOptions.resourceSpecifications
    static let actions = ["create", "get", "list", "update", "delete"]
    static let details = """
        examples:
          allot task create --workspace WS… --attributes @task.json
          allot task create --workspace WS… --attributes '{"language": "es"}' --workflow-name "Main"
          allot task create --workspace WS… --attributes '{"type": "callback"}' --routing-target WK…
          allot task list --workspace WS… --status pending,reserved --evaluate-task-attributes 'language == "fr"'
          allot task update WT… --workspace WS… --status completed --reason "resolved"

        List replies leave attributes out, as TaskRouter's do, so 'task list' fetches each task's
        attributes with one more call per task.
        """
    /// List columns; attributes come last because they are the widest.
    static let columns = ["sid", "assignment_status", "priority", "task_queue_friendly_name", "task_channel_unique_name", "age", "attributes"]

    static func create(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let request = Wire.CreateTaskRequest(
            workspaceSID: ws,
            attributes: try ServerCommandSupport.jsonText(arguments, "attributes") ?? "{}",
            priority: try ServerCommandSupport.number(arguments, "priority", as: Int64.self),
            timeout: try ServerCommandSupport.number(arguments, "timeout", as: UInt32.self),
            taskChannel: arguments.value("channel") ?? "",
            workflowSID: arguments.value("workflow") ?? "",
            virtualStartTimeUnixMilliseconds: try virtualStartTime(arguments),
            routingTarget: arguments.value("routing-target") ?? "",
            ignoreCapacity: try BooleanArgument.parse(arguments, "ignore-capacity"),
            taskQueueSID: arguments.value("task-queue-sid") ?? "")
        let workflowName = arguments.value("workflow-name")
        if workflowName != nil && arguments.value("workflow") != nil {
            throw CommandFailure(message: "--workflow and --workflow-name both select the workflow; pass one of them")
        }
        return try ServerOptions.run(arguments) { connection in
            var resolved = request
            if let workflowName {
                resolved.workflowSID = try await NameLookup.workflowSID(named: workflowName, in: ws, option: "workflow-name", connection)
            }
            do {
                return printer.one(try await connection.createTask(resolved))
            } catch var error as AllotError where error.field == "workflow_sid" && resolved.workflowSID.isEmpty {
                // The server names the protocol's fields; name the options that set them.
                error.message += " (in allot: --workflow, --workflow-name or --routing-target)"
                throw error
            }
        }
    }

    /// Runs get, update or delete on the task `sid`.
    static func change(_ verb: String, _ sid: String, _ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let version = try ServerCommandSupport.number(arguments, "if-match-version", as: UInt64.self)
        switch verb {
        case "get":
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.fetchTask(Wire.FetchTaskRequest(workspaceSID: ws, taskSID: sid)))
            }
        case "update":
            let request = Wire.UpdateTaskRequest(
                workspaceSID: ws, taskSID: sid,
                attributes: try ServerCommandSupport.jsonText(arguments, "attributes"),
                assignmentStatus: try arguments.value("status").map { text throws(CommandFailure) in try updateStatus(text) },
                reason: arguments.value("reason") ?? "",
                priority: try ServerCommandSupport.number(arguments, "priority", as: Int64.self),
                taskChannel: arguments.value("channel"),
                virtualStartTimeUnixMilliseconds: try virtualStartTime(arguments),
                ifMatchVersion: version)
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.updateTask(request))
            }
        default:
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.deleteTask(Wire.DeleteTaskRequest(workspaceSID: ws, taskSID: sid, ifMatchVersion: version)))
            }
        }
    }

    static func list(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        var statuses: [Wire.AssignmentStatus] = []
        for text in (arguments.value("status") ?? "").split(separator: ",") {
            statuses.append(try assignmentStatus(text.trimmingCharacters(in: .whitespaces)))
        }
        let request = Wire.ListTasksRequest(
            workspaceSID: ws,
            priority: try ServerCommandSupport.number(arguments, "priority", as: Int64.self),
            assignmentStatus: statuses,
            workflowSID: arguments.value("workflow") ?? "",
            workflowName: arguments.value("workflow-name") ?? "",
            taskQueueSID: arguments.value("task-queue-sid") ?? "",
            taskQueueName: arguments.value("task-queue-name") ?? "",
            evaluateTaskAttributes: arguments.value("evaluate-task-attributes") ?? "",
            routingTarget: arguments.value("routing-target") ?? "",
            ordering: arguments.value("ordering") ?? "",
            pageSize: 1000)
        return try ServerOptions.run(arguments) { connection in
            let all = try await ServerCommandSupport.allPages { token in
                var pageRequest = request
                pageRequest.pageToken = token
                let page = try await connection.listTasks(pageRequest)
                return (page.tasks, page.nextPageToken)
            }
            if printer.sidOnly { return printer.list(all, columns: columns) }
            let fetched = try await ServerCommandSupport.fetchEach(all) { task async throws(AllotError) in
                try await connection.fetchTask(Wire.FetchTaskRequest(workspaceSID: ws, taskSID: task.sid))
            }
            return printer.list(fetched, columns: columns)
        }
    }

    private static func virtualStartTime(_ arguments: ParsedArguments) throws(CommandFailure) -> Int64? {
        try arguments.value("virtual-start-time").map { text throws(CommandFailure) in
            try InstantArgument.unixMilliseconds(text, option: "virtual-start-time")
        }
    }

    /// Parses the `--status` of `task update`: only the statuses a call may set.
    static func updateStatus(_ text: String) throws(CommandFailure) -> Wire.AssignmentStatus {
        switch text {
        case "canceled": return .canceled
        case "wrapping": return .wrapping
        case "completed": return .completed
        default: throw CommandFailure(message: "invalid --status '\(text)' for update: expected canceled, wrapping or completed")
        }
    }

    /// Parses one status of the `--status` list of `task list`.
    static func assignmentStatus(_ text: String) throws(CommandFailure) -> Wire.AssignmentStatus {
        switch text {
        case "pending": return .pending
        case "reserved": return .reserved
        case "assigned": return .assigned
        case "wrapping": return .wrapping
        case "canceled": return .canceled
        case "completed": return .completed
        default: throw CommandFailure(message: "invalid --status '\(text)': expected pending, reserved, assigned, wrapping, canceled or completed")
        }
    }
}

import AllotClient
import AllotCore
import AllotWire

/// `allot queue`: creates, reads, changes and deletes task queues.
enum QueueCommand: WorkspaceResourceCommand {
    static let sidKind = SIDKind.taskQueue
    static let name = "queue"
    static let summary = "create, get, list, update or delete task queues"
    static let synopsis = "create|get|list|update|delete [SID] --workspace WS [--name NAME] [--target-workers EXPR] [--max-reserved-workers N] [--task-order fifo|lifo]"
    static let options: [OptionSpecification] = [
        .sid("workspace", .workspace, help: "SID of the workspace (required)"),
        .value("name", "NAME", help: "friendly name, 1 to 64 characters (create, update; a filter for list)", actions: ["create", "update", "list"]),
        .value("target-workers", "EXPR", help: "expression selecting the member workers; default 1==1, every worker (create, update)", actions: ["create", "update"]),
        .value("max-reserved-workers", "N", help: "workers offered each task at once, 1 to 50; default 1 (create, update)", actions: ["create", "update"]),
        .value("task-order", "ORDER", help: "fifo or lifo: order of tasks of equal priority; default fifo (create, update)", actions: ["create", "update"]),
        .sid("reservation-activity", .activity, help: "activity a worker moves to when reserved, in a single-tasking workspace only; \"\" for none (create, update)", actions: ["create", "update"]),
        .sid("assignment-activity", .activity, help: "activity a worker moves to when it accepts, in a single-tasking workspace only; \"\" for none (create, update)", actions: ["create", "update"]),
        .value("evaluate-worker-attributes", "JSON", help: "list: only queues whose target workers match this attributes object (JSON or @FILE)", actions: ["list"]),
        .sid("worker-sid", .worker, help: "list: only queues this worker belongs to", actions: ["list"]),
        .value("ordering", "ORDER", help: "list: \"Field:asc|desc\" clauses; default creation order", actions: ["list"]),
    ] + ServerOptions.resourceSpecifications
    static let actions = ["create", "get", "list", "update", "delete"]
    static let details = """
        examples:
          allot queue create --workspace WS… --name "English" --target-workers 'languages HAS "en"'
          allot queue list --workspace WS… --evaluate-worker-attributes '{"languages": ["en"]}'
          allot queue update WQ… --workspace WS… --max-reserved-workers 3 --task-order lifo
        """
    static let columns = ["sid", "friendly_name", "target_workers", "max_reserved_workers", "task_order"]

    static func create(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let request = Wire.CreateTaskQueueRequest(
            workspaceSID: ws,
            friendlyName: try ServerCommandSupport.required(arguments, "name", command: name),
            targetWorkers: try targetWorkers(arguments),
            reservationActivitySID: arguments.value("reservation-activity") ?? "",
            assignmentActivitySID: arguments.value("assignment-activity") ?? "",
            maxReservedWorkers: try ServerCommandSupport.number(arguments, "max-reserved-workers", as: UInt32.self) ?? 0,
            taskOrder: try order(arguments) ?? .unspecified)
        let setsActivity = !request.reservationActivitySID.isEmpty || !request.assignmentActivitySID.isEmpty
        return try ServerOptions.run(arguments) { connection in
            let lines = printer.one(try await connection.createTaskQueue(request))
            if setsActivity { try await warnIfMultitasking(connection, workspace: ws) }
            return lines
        }
    }

    /// Runs get, update or delete on the queue `sid`.
    static func change(_ verb: String, _ sid: String, _ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        switch verb {
        case "get":
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.fetchTaskQueue(Wire.FetchTaskQueueRequest(workspaceSID: ws, taskQueueSID: sid)))
            }
        case "update":
            let request = Wire.UpdateTaskQueueRequest(
                workspaceSID: ws, taskQueueSID: sid,
                friendlyName: arguments.value("name"),
                targetWorkers: try targetWorkers(arguments),
                reservationActivitySID: arguments.value("reservation-activity"),
                assignmentActivitySID: arguments.value("assignment-activity"),
                maxReservedWorkers: try ServerCommandSupport.number(arguments, "max-reserved-workers", as: UInt32.self),
                taskOrder: try order(arguments))
            let setsActivity = !(request.reservationActivitySID ?? "").isEmpty || !(request.assignmentActivitySID ?? "").isEmpty
            return try ServerOptions.run(arguments) { connection in
                let lines = printer.one(try await connection.updateTaskQueue(request))
                if setsActivity { try await warnIfMultitasking(connection, workspace: ws) }
                return lines
            }
        default:
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.deleteTaskQueue(Wire.DeleteTaskQueueRequest(workspaceSID: ws, taskQueueSID: sid)))
            }
        }
    }

    static func list(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let evaluate = try arguments.value("evaluate-worker-attributes").map { text throws(CommandFailure) in
            try JSONArgument.parseAttributes(text, option: "evaluate-worker-attributes").jsonText
        }
        let request = Wire.ListTaskQueuesRequest(
            workspaceSID: ws, friendlyName: arguments.value("name") ?? "", evaluateWorkerAttributes: evaluate ?? "",
            workerSID: arguments.value("worker-sid") ?? "", ordering: arguments.value("ordering") ?? "", pageSize: 1000)
        return try ServerOptions.run(arguments) { connection in
            let all = try await ServerCommandSupport.allPages { token in
                var pageRequest = request
                pageRequest.pageToken = token
                let page = try await connection.listTaskQueues(pageRequest)
                return (page.taskQueues, page.nextPageToken)
            }
            return printer.list(all, columns: columns)
        }
    }

    /// Writes a warning to standard error when the workspace `ws` is multitasking, where the
    /// server stores a queue's reservation and assignment activities but does not apply them.
    private static func warnIfMultitasking(_ connection: AllotConnection, workspace ws: String) async throws {
        let workspace = try await connection.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: ws))
        guard workspace.multiTaskEnabled else { return }
        var console = Console()
        console.writeError(multitaskingWarning(ws))
    }

    /// Returns the warning printed after a queue's activities were set in a multitasking workspace.
    static func multitaskingWarning(_ ws: String) -> String {
        "allot queue: warning: workspace \(ws) has multi_task_enabled true, so the queue's reservation and assignment "
            + "activities are stored but not applied: a worker keeps its activity when reserved and when it accepts. "
            + "Move workers with 'allot worker update --activity' instead, or create a workspace with --multi-task false, "
            + "since a multitasking workspace cannot become single-tasking."
    }

    /// Returns `--target-workers` after parsing it here, so that an invalid
    /// expression exits 2 with a caret under its column before any call, as
    /// `workflow` and `eval` do.
    private static func targetWorkers(_ arguments: ParsedArguments) throws(CommandFailure) -> String? {
        guard let source = arguments.value("target-workers") else { return nil }
        do {
            _ = try AllotCore.Expression(source, kind: .queueTargetWorkers)
        } catch {
            throw CommandFailure(message: "--target-workers: invalid expression: \(error)",
                                 detailLines: CaretDiagnostic.lines(for: source, column: error.column))
        }
        return source
    }

    private static func order(_ arguments: ParsedArguments) throws(CommandFailure) -> Wire.QueueOrder? {
        try arguments.value("task-order").map { text throws(CommandFailure) in try taskOrder(text) }
    }

    static func taskOrder(_ text: String) throws(CommandFailure) -> Wire.QueueOrder {
        switch text.lowercased() {
        case "fifo": return .fifo
        case "lifo": return .lifo
        default: throw CommandFailure(message: "invalid --task-order '\(text)': expected fifo or lifo")
        }
    }
}

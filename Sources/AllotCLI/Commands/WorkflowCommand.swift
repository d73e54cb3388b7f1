import AllotClient
import AllotWire

/// `allot workflow`: creates, reads, changes and deletes workflows.
enum WorkflowCommand: WorkspaceResourceCommand {
    static let sidKind = SIDKind.workflow
    static let name = "workflow"
    static let summary = "create, get, list, update or delete workflows"
    static let synopsis = "create|get|list|update|delete [SID] --workspace WS [--name NAME] [--configuration JSON|@FILE] [--reservation-timeout SECONDS]"
    static let options: [OptionSpecification] = [
        .sid("workspace", .workspace, help: "SID of the workspace (required)"),
        .value("name", "NAME", help: "friendly name, 1 to 64 characters (create, update; a filter for list)", actions: ["create", "update", "list"]),
        .value("configuration", "JSON", help: "the routing document with \"task_routing\", as JSON or @FILE; queues by SID or friendly name (create, required; update)", actions: ["create", "update"]),
        .value("reservation-timeout", "SECONDS", help: "seconds a worker has to accept a reservation, 1 to 86400; default 120 (create, update)", actions: ["create", "update"]),
        .value("assignment-callback-url", "URL", help: "stored for TaskRouter compatibility, never called (create, update)", actions: ["create", "update"]),
        .value("fallback-assignment-callback-url", "URL", help: "stored for TaskRouter compatibility, never called (create, update)", actions: ["create", "update"]),
        .flag("re-evaluate-tasks", help: "update: route the workflow's pending and reserved tasks again with the new configuration", actions: ["update"]),
    ] + ServerOptions.resourceSpecifications
    static let actions = ["create", "get", "list", "update", "delete"]
    static let details = """
        The configuration is TaskRouter's routing document, {"task_routing": {"filters": [...],
        "default_filter": {...}}}, as JSON or @FILE. Its "queue" values may be task queue SIDs or
        friendly names of the workspace's queues, which are replaced by the SIDs before the call.
        Every filter and target expression, skip_if and order_by is parsed before the first call.
        "${...}" placeholders are not replaced; 'allot apply' maps them with "substitutions".

        examples:
          allot workflow create --workspace WS… --name "Main" --configuration @workflow.json
          allot workflow list --workspace WS…
          allot workflow update WW… --workspace WS… --configuration @workflow.json --re-evaluate-tasks
        """
    static let columns = ["sid", "friendly_name", "task_reservation_timeout", "document_content_type"]

    static func create(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let friendlyName = try ServerCommandSupport.required(arguments, "name", command: name)
        _ = try ServerCommandSupport.required(arguments, "configuration", command: name)
        let configuration = try WorkflowConfigurationArgument.read(arguments)
        let request = Wire.CreateWorkflowRequest(
            workspaceSID: ws, friendlyName: friendlyName,
            configuration: configuration?.text ?? "",
            taskReservationTimeout: try ServerCommandSupport.number(arguments, "reservation-timeout", as: UInt32.self) ?? 0,
            assignmentCallbackURL: arguments.value("assignment-callback-url") ?? "",
            fallbackAssignmentCallbackURL: arguments.value("fallback-assignment-callback-url") ?? "")
        return try ServerOptions.run(arguments) { connection in
            var resolved = request
            if let configuration { resolved.configuration = try await configuration.resolvingQueueNames(in: ws, connection) }
            return printer.one(try await connection.createWorkflow(resolved))
        }
    }

    /// Runs get, update or delete on the workflow `sid`.
    static func change(_ verb: String, _ sid: String, _ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        switch verb {
        case "get":
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.fetchWorkflow(Wire.FetchWorkflowRequest(workspaceSID: ws, workflowSID: sid)))
            }
        case "update":
            let configuration = try WorkflowConfigurationArgument.read(arguments)
            let request = Wire.UpdateWorkflowRequest(
                workspaceSID: ws, workflowSID: sid,
                friendlyName: arguments.value("name"),
                configuration: configuration?.text,
                taskReservationTimeout: try ServerCommandSupport.number(arguments, "reservation-timeout", as: UInt32.self),
                assignmentCallbackURL: arguments.value("assignment-callback-url"),
                fallbackAssignmentCallbackURL: arguments.value("fallback-assignment-callback-url"),
                reEvaluateTasks: arguments.contains("re-evaluate-tasks"))
            return try ServerOptions.run(arguments) { connection in
                var resolved = request
                if let configuration { resolved.configuration = try await configuration.resolvingQueueNames(in: ws, connection) }
                return printer.one(try await connection.updateWorkflow(resolved))
            }
        default:
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.deleteWorkflow(Wire.DeleteWorkflowRequest(workspaceSID: ws, workflowSID: sid)))
            }
        }
    }

    static func list(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let friendlyName = arguments.value("name") ?? ""
        return try ServerOptions.run(arguments) { connection in
            let all = try await ServerCommandSupport.allPages { token in
                let page = try await connection.listWorkflows(Wire.ListWorkflowsRequest(workspaceSID: ws, friendlyName: friendlyName, pageSize: 1000, pageToken: token))
                return (page.workflows, page.nextPageToken)
            }
            return printer.list(all, columns: columns)
        }
    }
}

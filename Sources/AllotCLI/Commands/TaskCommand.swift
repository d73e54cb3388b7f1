import AllotClient
import AllotWire

/// `allot task`: creates, reads, changes and deletes tasks.
enum TaskCommand: Command {
    static let name = "task"
    static let summary = "create, get, list, update or delete tasks"
    static let synopsis = "create|get|list|update|delete [SID] --workspace WS [--attributes JSON|@FILE] [--workflow WW] [--channel NAME] [--priority N] [--status STATUS]"
    static let options: [OptionSpecification] = [
        .value("workspace", "WS", help: "SID of the workspace (required)"),
        .value("attributes", "JSON", help: "the task's attributes, a JSON object or @FILE (create, update)"),
        .value("workflow", "WW", help: "SID of the routing workflow; may be left out when the workspace has one (create)"),
        .value("channel", "NAME", help: "task channel unique name or SID; default \"default\" (create)"),
        .value("priority", "N", help: "priority, 0 to 2147483647 (create, update)"),
        .value("timeout", "SECONDS", help: "seconds the task may wait before it is canceled (create)"),
        .value("status", "STATUS", help: "update: canceled, wrapping or completed; list: only tasks in this state (pending, reserved, assigned, wrapping, canceled, completed)"),
        .value("reason", "TEXT", help: "reason stored with canceled or completed (update)"),
    ] + ServerOptions.specifications
    static let details = """
        examples:
          allot task create --workspace WS… --attributes @task.json
          allot task list --workspace WS… --status pending
          allot task update WT… --workspace WS… --status completed --reason "resolved"
        """
    static let columns = ["sid", "assignment_status", "priority", "task_queue_friendly_name", "task_channel_unique_name", "age"]

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, operands) = try ServerCommandSupport.verb(arguments, allowed: ["create", "get", "list", "update", "delete"], command: name)
        let ws = try ServerCommandSupport.required(arguments, "workspace", command: name)
        let sid = verb == "create" || verb == "list" ? "" : try ServerCommandSupport.sid(operands, verb: verb, command: name)
        let attributes = try ServerCommandSupport.jsonText(arguments, "attributes")
        let priority = try ServerCommandSupport.number(arguments, "priority", as: Int64.self)
        let timeout = try ServerCommandSupport.number(arguments, "timeout", as: UInt32.self)
        let status = try arguments.value("status").map { text throws(CommandFailure) in try assignmentStatus(text) }
        let printer = ResultPrinter(arguments)
        let workflow = arguments.value("workflow") ?? ""
        let channel = arguments.value("channel") ?? ""
        let reason = arguments.value("reason") ?? ""
        let lines = try ServerOptions.run(arguments) { connection in
            switch verb {
            case "create":
                return printer.one(try await connection.createTask(Wire.CreateTaskRequest(
                    workspaceSID: ws, attributes: attributes ?? "{}", priority: priority, timeout: timeout, taskChannel: channel, workflowSID: workflow)))
            case "get":
                return printer.one(try await connection.fetchTask(Wire.FetchTaskRequest(workspaceSID: ws, taskSID: sid)))
            case "update":
                return printer.one(try await connection.updateTask(Wire.UpdateTaskRequest(
                    workspaceSID: ws, taskSID: sid, attributes: attributes, assignmentStatus: status, reason: reason, priority: priority)))
            case "delete":
                return printer.one(try await connection.deleteTask(Wire.DeleteTaskRequest(workspaceSID: ws, taskSID: sid)))
            default:
                let all = try await ServerCommandSupport.allPages { token in
                    let page = try await connection.listTasks(Wire.ListTasksRequest(
                        workspaceSID: ws, assignmentStatus: status.map { [$0] } ?? [], pageSize: 1000, pageToken: token))
                    return (page.tasks, page.nextPageToken)
                }
                return printer.list(all, columns: columns)
            }
        }
        for line in lines { console.write(line) }
        return ExitStatus.success
    }

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

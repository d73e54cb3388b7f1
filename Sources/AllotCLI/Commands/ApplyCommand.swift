import AllotClient

/// `allot apply`: creates or updates a whole workspace from one JSON file.
enum ApplyCommand: Command {
    static let name = "apply"
    static let summary = "create or update a workspace, its activities, channels, queues, workflows and workers from one JSON file"
    static let synopsis = "-f FILE [--workspace WS] [--server HOST:PORT] [--credentials FILE] [--json]"
    static let options: [OptionSpecification] = [
        .value("f", "FILE", help: "the workspace file (required)"),
        .sid("workspace", .workspace, help: "SID of the workspace to apply the file to; default the one with the file's friendly_name"),
    ] + ServerOptions.resourceSpecifications
    static let details = """
        The file is a JSON object in TaskRouter's field names:
          {"friendly_name": "Support", "multi_task_enabled": true,
           "activities": [{"friendly_name": "Break", "available": false}],
           "task_channels": [{"friendly_name": "Email", "unique_name": "email"}],
           "task_queues": [{"friendly_name": "English", "target_workers": "languages HAS \\"en\\""}],
           "workflows": [{"friendly_name": "Main", "task_reservation_timeout": 30,
                          "configuration": {"task_routing": {"default_filter": {"queue": "English"}}}}],
           "workers": [{"friendly_name": "Ada", "activity": "Available", "attributes": {"languages": ["en"]},
                        "channels": {"chat": {"capacity": 3}}}]}
        A workflow's "queue" values may be queue SIDs or friendly names. A workflow may read its
        document from "configuration_file" and map "${...}" strings in it to queues with
        "substitutions": {"${task_queues.en}": "English"}; a top-level "substitutions" applies to
        every workflow. Each list may also be TaskRouter's keyed map, or come from a published
        document named by "task_queues_file", "workflows_file", "workers_file", "activities_file" or
        "task_channels_file". A keyed map of task queues maps "${task_queues.KEY}" to the queue under
        KEY by itself. Fields may be spelt in snake_case or camelCase.

        Resources are matched by friendly name (channels by unique name): missing ones are created,
        differing ones updated, so applying the same file twice changes nothing. The workspace is the
        one named by the file's "friendly_name", or by --workspace, which also renames it to match;
        when several workspaces have that name, pass --workspace. Before the first server call, every
        expression (queue target_workers, workflow filter and target expressions, skip_if, order_by) is
        parsed locally; then, before the first change, every activity, queue and task channel name the
        file refers to is checked. A file with invalid expressions or broken references changes
        nothing, and the error lists every problem found with its JSON path. When the server rejects a
        call part-way, the error lists the changes already made; running apply again after the fix
        completes the workspace.

        Exit status: 0 when applied; 1 when the server rejected a call (the message names the file and
        JSON path); 2 for an invalid file or arguments.

        examples:
          allot apply -f examples/contact-centre.json
          allot apply -f workspace.json --server 127.0.0.1:7700 --json
        """

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        if let operand = arguments.operands.first {
            throw CommandFailure(message: "unexpected argument '\(operand)'; pass the workspace file with -f, as in 'allot apply -f \(operand)'")
        }
        let file = try ServerCommandSupport.required(arguments, "f", command: name)
        let workspaceSID = arguments.value("workspace")
        let plan: WorkspacePlan
        do {
            plan = try WorkspacePlan.load(file)
        } catch {
            throw error.commandFailure(file: file)
        }
        let printer = ResultPrinter(arguments)
        let changes = try ServerOptions.run(arguments) { connection in
            var applier = WorkspaceApplier(connection: connection, plan: plan, workspaceSID: workspaceSID)
            do {
                return try await applier.apply()
            } catch let failure as ApplyFailure {
                throw failure.commandFailure(file: file)
            }
        }
        for line in printer.list(changes.map(ChangeRow.init), columns: ["action", "kind", "friendly_name", "sid"]) {
            console.write(line)
        }
        return ExitStatus.success
    }

    /// A change as a struct with the field names of the report.
    struct ChangeRow {
        let action: String
        let kind: String
        let friendlyName: String
        let sid: String

        init(_ change: ApplyChange) {
            action = change.action.rawValue
            kind = change.kind
            friendlyName = change.friendlyName
            sid = change.sid
        }
    }
}

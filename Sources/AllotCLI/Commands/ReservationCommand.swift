import AllotClient
import AllotWire

/// `allot reservation`: lists reservations and accepts or rejects them.
enum ReservationCommand: Command {
    static let name = "reservation"
    static let summary = "list, get, accept or reject reservations"
    static let synopsis = "list|get|accept|reject [SID] --workspace WS [--task WT] [--worker WK] [--status STATUS] [--activity WA | --activity-name NAME]"
    static let options: [OptionSpecification] = [
        .sid("workspace", .workspace, help: "SID of the workspace (required)"),
        .sid("task", .task, help: "list: the reservations of this task", actions: ["list"]),
        .sid("worker", .worker, help: "list: the reservations of this worker; with --task, only this worker's reservations of the task", actions: ["list"]),
        .value("status", "STATUS", help: "list: only reservations in this state (pending, accepted, rejected, timeout, canceled, rescinded, wrapping, completed)", actions: ["list"]),
        .sid("activity", .activity, help: "reject: SID of the activity the worker moves to; default its activity before the reservation",
             actions: ["reject"], nameOption: "activity-name"),
        .value("activity-name", "NAME", help: "reject: friendly name of the activity the worker moves to, instead of --activity",
               actions: ["reject"]),
        .value("if-match-version", "N", help: "accept, reject: fail unless the reservation's version is N", actions: ["accept", "reject"]),
    ] + ServerOptions.resourceSpecifications
    static let actions = ["list", "get", "accept", "reject"]
    static let details = """
        list needs --task, --worker or both.

        examples:
          allot reservation list --workspace WS… --worker WK… --status pending
          allot reservation accept WR… --workspace WS…
          allot reservation reject WR… --workspace WS… --activity WA…
          allot reservation reject WR… --workspace WS… --activity-name Unavailable
        """
    static let columns = ["sid", "reservation_status", "task_sid", "worker_name", "task_queue_sid"]

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, operands) = try ServerCommandSupport.verb(arguments, allowed: ["list", "get", "accept", "reject"], command: name)
        let ws = try ServerCommandSupport.required(arguments, "workspace", command: name)
        let printer = ResultPrinter(arguments)
        let lines: [String]
        if verb == "list" {
            lines = try list(arguments, workspace: ws, printer: printer)
        } else {
            let sid = try ServerCommandSupport.sid(operands, verb: verb, command: name, kind: .reservation)
            lines = try change(verb, sid, arguments, workspace: ws, printer: printer)
        }
        for line in lines { console.write(line) }
        return ExitStatus.success
    }

    /// Runs get, accept or reject on the reservation `sid`.
    private static func change(_ verb: String, _ sid: String, _ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        guard verb != "get" else {
            return try ServerOptions.run(arguments) { connection in
                printer.one(try await connection.fetchReservation(Wire.FetchReservationRequest(workspaceSID: ws, reservationSID: sid)))
            }
        }
        let request = Wire.UpdateReservationRequest(
            workspaceSID: ws, reservationSID: sid, reservationStatus: verb == "accept" ? .accepted : .rejected,
            workerActivitySID: verb == "reject" ? arguments.value("activity") ?? "" : "",
            ifMatchVersion: try ServerCommandSupport.number(arguments, "if-match-version", as: UInt64.self))
        let activityName = arguments.value("activity-name")
        if activityName != nil && arguments.value("activity") != nil {
            throw CommandFailure(message: "--activity and --activity-name both select the activity; pass one of them")
        }
        return try ServerOptions.run(arguments) { connection in
            var resolved = request
            if let activityName {
                resolved.workerActivitySID = try await NameLookup.activitySID(named: activityName, in: ws, option: "activity-name", connection)
            }
            return printer.one(try await connection.updateReservation(resolved))
        }
    }

    private static func list(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String] {
        let task = arguments.value("task")
        let worker = arguments.value("worker") ?? ""
        guard task != nil || !worker.isEmpty else {
            throw CommandFailure(message: "list needs --task WT, --worker WK or both")
        }
        let status = try arguments.value("status").map { text throws(CommandFailure) in try reservationStatus(text) } ?? .unspecified
        return try ServerOptions.run(arguments) { connection in
            let all = try await ServerCommandSupport.allPages { token in
                let page = if let task {
                    try await connection.listTaskReservations(Wire.ListTaskReservationsRequest(
                        workspaceSID: ws, taskSID: task, reservationStatus: status, workerSID: worker, pageSize: 1000, pageToken: token))
                } else {
                    try await connection.listWorkerReservations(Wire.ListWorkerReservationsRequest(
                        workspaceSID: ws, workerSID: worker, reservationStatus: status, pageSize: 1000, pageToken: token))
                }
                return (page.reservations, page.nextPageToken)
            }
            return printer.list(all, columns: columns)
        }
    }

    static func reservationStatus(_ text: String) throws(CommandFailure) -> Wire.ReservationStatus {
        let statuses: [String: Wire.ReservationStatus] = [
            "pending": .pending, "accepted": .accepted, "rejected": .rejected, "timeout": .timeout,
            "canceled": .canceled, "rescinded": .rescinded, "wrapping": .wrapping, "completed": .completed,
        ]
        guard let status = statuses[text] else {
            throw CommandFailure(message: "invalid --status '\(text)': expected pending, accepted, rejected, timeout, canceled, rescinded, wrapping or completed")
        }
        return status
    }
}

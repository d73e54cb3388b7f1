import AllotClient
import AllotWire

/// `allot reservation`: lists reservations and accepts or rejects them.
enum ReservationCommand: Command {
    static let name = "reservation"
    static let summary = "list, get, accept or reject reservations"
    static let synopsis = "list|get|accept|reject [SID] --workspace WS [--task WT | --worker WK] [--activity WA]"
    static let options: [OptionSpecification] = [
        .value("workspace", "WS", help: "SID of the workspace (required)"),
        .value("task", "WT", help: "list: the reservations of this task"),
        .value("worker", "WK", help: "list: the reservations of this worker"),
        .value("activity", "WA", help: "reject: SID of the activity the worker moves to; default its activity before the reservation"),
    ] + ServerOptions.specifications
    static let details = """
        examples:
          allot reservation list --workspace WS… --worker WK…
          allot reservation accept WR… --workspace WS…
          allot reservation reject WR… --workspace WS…
        """
    static let columns = ["sid", "reservation_status", "task_sid", "worker_name", "task_queue_sid"]

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, operands) = try ServerCommandSupport.verb(arguments, allowed: ["list", "get", "accept", "reject"], command: name)
        let ws = try ServerCommandSupport.required(arguments, "workspace", command: name)
        let sid = verb == "list" ? "" : try ServerCommandSupport.sid(operands, verb: verb, command: name)
        let task = arguments.value("task")
        let worker = arguments.value("worker")
        if verb == "list" && (task == nil) == (worker == nil) {
            throw CommandFailure(message: "list needs exactly one of --task WT and --worker WK")
        }
        let activity = arguments.value("activity") ?? ""
        let printer = ResultPrinter(arguments)
        let lines = try ServerOptions.run(arguments) { connection in
            switch verb {
            case "get":
                return printer.one(try await connection.fetchReservation(Wire.FetchReservationRequest(workspaceSID: ws, reservationSID: sid)))
            case "accept":
                return printer.one(try await connection.acceptReservation(sid, in: ws))
            case "reject":
                return printer.one(try await connection.rejectReservation(sid, in: ws, activitySID: activity))
            default:
                let all = try await ServerCommandSupport.allPages { token in
                    let page = if let task {
                        try await connection.listTaskReservations(Wire.ListTaskReservationsRequest(workspaceSID: ws, taskSID: task, pageSize: 1000, pageToken: token))
                    } else {
                        try await connection.listWorkerReservations(Wire.ListWorkerReservationsRequest(workspaceSID: ws, workerSID: worker ?? "", pageSize: 1000, pageToken: token))
                    }
                    return (page.reservations, page.nextPageToken)
                }
                return printer.list(all, columns: columns)
            }
        }
        for line in lines { console.write(line) }
        return ExitStatus.success
    }
}

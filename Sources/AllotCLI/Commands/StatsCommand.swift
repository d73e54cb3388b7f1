import AllotClient
import AllotCore
import AllotWire

/// `allot stats`: prints the real-time or cumulative statistics of a
/// workspace, its queues, workflows and workers.
enum StatsCommand: Command {
    static let name = "stats"
    static let summary = "print real-time or cumulative statistics of a workspace, queue, workflow or workers"
    static let synopsis = "workspace|queue|workflow|workers|worker [SID...] [--name NAME] --workspace WS [--cumulative] [--minutes M | --start INSTANT] [--end INSTANT] [--split-by-wait-time SECONDS] [--channel NAME]"
    static let options: [OptionSpecification] = [
        .sid("workspace", .workspace, help: "SID of the workspace (required)"),
        .flag("cumulative", help: "print what happened over a window instead of the state now"),
        .value("minutes", "M", help: "cumulative: the window, in minutes before --end (default now), 1 to 43200; default 15"),
        .value("start", "INSTANT", help: "cumulative: start of the window, ISO 8601, at most 43200 minutes (30 days) ago, though only the last day is kept; not with --minutes"),
        .value("end", "INSTANT", help: "cumulative: end of the window, ISO 8601; default now, and a later end counts as now"),
        .value("channel", "NAME", help: "count only tasks of this task channel (unique name or SID) and their reservations; worker counts and activity durations still cover every worker"),
        .value("name", "NAME", help: "queue, workflow: the friendly name, instead of a WQ or WW SID", actions: ["queue", "workflow"]),
        .value("split-by-wait-time", "SECONDS", help: "cumulative workspace, queue, workflow: ascending wait thresholds in seconds, at most 10, such as 30,60; counts tasks that waited less than each and the rest",
               actions: ["workspace", "queue", "workflow"]),
    ] + ServerOptions.specifications
    static let actions = ["workspace", "queue", "workflow", "workers", "worker"]
    static let details = """
        'stats queue' takes one WQ SID or --name NAME, or for real-time statistics up to 50 SIDs,
        printed one row each.
        'stats workflow' takes a WW SID or --name NAME, and 'stats worker' a WK SID. A single worker's statistics
        always cover a window, so 'stats worker' reads the window options without --cumulative.

        examples:
          allot stats workspace --workspace WS…
          allot stats queue WQ… WQ… --workspace WS…
          allot stats queue --name "English support" --workspace WS…
          allot stats workflow WW… --workspace WS… --cumulative --minutes 60
          allot stats queue WQ… --workspace WS… --cumulative --split-by-wait-time 30,60,120
          allot stats queue WQ… --workspace WS… --channel chat
          allot stats worker WK… --workspace WS… --minutes 60 --channel voice
        """
    /// Columns of the table that `stats queue` prints for several queues.
    static let queueColumns = [
        "task_queue_sid", "total_tasks", "tasks_by_status.pending", "tasks_by_status.reserved", "tasks_by_status.assigned",
        "tasks_by_status.wrapping", "total_eligible_workers", "total_available_workers", "longest_task_waiting_age",
    ]

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, sids) = try ServerCommandSupport.verb(arguments, allowed: ["workspace", "queue", "workflow", "workers", "worker"], command: name)
        let ws = try ServerCommandSupport.required(arguments, "workspace", command: name)
        let cumulative = arguments.contains("cumulative") || verb == "worker"
        let resourceName = arguments.value("name")
        if let resourceName, !sids.isEmpty {
            throw CommandFailure(message: "--name '\(resourceName)' and the SID \(sids[0]) both select the \(verb); pass one of them")
        }
        if resourceName == nil { try checkOperands(sids, verb: verb, cumulative: cumulative) }
        if !cumulative, let option = ["minutes", "start", "end", "split-by-wait-time"].first(where: arguments.contains) {
            throw CommandFailure(message: "--\(option) applies to cumulative statistics only; add --cumulative, or leave --\(option) out for the state now")
        }
        let query = StatisticsQuery(
            workspaceSID: ws, sids: sids, cumulative: cumulative, window: try window(arguments),
            taskChannel: arguments.value("channel") ?? "", splitByWaitTime: try thresholds(arguments))
        let printer = ResultPrinter(arguments)
        let lines = try ServerOptions.run(arguments) { connection in
            var query = query
            if let resourceName {
                query.sids = verb == "queue"
                    ? [try await NameLookup.queueSID(named: resourceName, in: ws, option: "name", connection)]
                    : [try await NameLookup.workflowSID(named: resourceName, in: ws, option: "name", connection)]
            }
            let statistics = try await query.fetch(verb, connection: connection)
            if printer.json { return [WireJSON.text(statistics)] }
            if let list = statistics as? Wire.TaskQueueRealTimeStatisticsList {
                return StatisticsTable.rows(list.taskQueueData, columns: queueColumns)
            }
            return StatisticsTable.lines(statistics)
        }
        for line in lines { console.write(line) }
        return ExitStatus.success
    }

    private static func checkOperands(_ sids: [String], verb: String, cumulative: Bool) throws(CommandFailure) {
        if verb == "queue", let name = sids.first(where: { !$0.hasPrefix("WQ") }) {
            throw CommandFailure(message: "'\(name)' is not a task queue SID; to select the queue by friendly name, pass --name '\(name)'")
        }
        switch verb {
        case "workspace", "workers":
            guard sids.isEmpty else {
                throw CommandFailure(message: "'stats \(verb)' takes no SID; the workspace comes from --workspace")
            }
        case "queue" where !cumulative:
            guard (1...50).contains(sids.count) else {
                throw CommandFailure(message: "'stats queue' takes 1 to 50 task queue SIDs or --name NAME, for example 'allot stats queue WQ… --workspace WS…'")
            }
        default:
            guard sids.count == 1 else {
                let prefix: String
                let byName: String
                switch verb {
                case "workflow":
                    prefix = "WW"
                    byName = " or --name NAME"
                case "worker":
                    prefix = "WK"
                    byName = ""
                default:
                    prefix = "WQ"
                    byName = " or --name NAME"
                }
                throw CommandFailure(message: "'stats \(verb)\(cumulative ? " --cumulative" : "")' takes exactly one SID\(byName), for example 'allot stats \(verb) \(prefix)0123… --workspace WS…'")
            }
        }
    }

    private static func window(_ arguments: ParsedArguments) throws(CommandFailure) -> Wire.StatisticsWindow {
        let minutes = try ServerCommandSupport.number(arguments, "minutes", in: 1...UInt32(Limits.maximumStatisticsWindowMinutes))
        if let minutes, arguments.value("start") != nil {
            throw CommandFailure(message: "--minutes \(minutes) and --start were both given; pass --minutes for a look-back or --start (and --end) for a fixed window")
        }
        return Wire.StatisticsWindow(
            minutes: minutes ?? 0,
            startDateUnixMilliseconds: try arguments.value("start").map { text throws(CommandFailure) in try InstantArgument.unixMilliseconds(text, option: "start") } ?? 0,
            endDateUnixMilliseconds: try arguments.value("end").map { text throws(CommandFailure) in try InstantArgument.unixMilliseconds(text, option: "end") } ?? 0)
    }

    /// Parses `--split-by-wait-time 30,60` into seconds, with the engine's
    /// checks (count, range, order, steps), so a bad list fails before any call.
    private static func thresholds(_ arguments: ParsedArguments) throws(CommandFailure) -> [UInt32] {
        guard let text = arguments.value("split-by-wait-time") else { return [] }
        do {
            return try WaitTimeThresholds.parse(text, field: "--split-by-wait-time").map { UInt32($0) }
        } catch {
            throw CommandFailure(message: error.message)
        }
    }
}

import Foundation
import AllotClient
import AllotCore
import AllotWire

/// `allot events`: lists a workspace's events, and with `--follow` prints
/// new ones as they happen until interrupted.
enum EventsCommand: Command {
    static let name = "events"
    static let summary = "list a workspace's events, or follow them as they happen"
    static let synopsis = "--workspace WS [--after N] [--follow] [--type TYPE] [--minutes M] [--task WT] [--worker WK] ..."
    static let options: [OptionSpecification] = [
        .sid("workspace", .workspace, help: "SID of the workspace (required)"),
        .value("after", "N", help: "only events with a sequence greater than N"),
        .flag("follow", help: "keep running and print each new event, reconnecting after a dropped connection"),
        .value("type", "TYPE", help: "only events of this type, such as task.created; docs/routing.md lists them"),
        .value("minutes", "M", help: "look-back of the listed events, in minutes, 1 to 43200; default 15"),
        .value("start", "INSTANT", help: "oldest event time listed, ISO 8601; not with --minutes or --follow"),
        .value("end", "INSTANT", help: "newest event time listed, ISO 8601; default now (not with --follow)"),
        .sid("task", .task, help: "only events about this task"),
        .sid("worker", .worker, help: "only events about this worker"),
        .sid("reservation", .reservation, help: "only events about this reservation"),
        .sid("task-queue", .taskQueue, help: "only events about this task queue"),
        .sid("workflow", .workflow, help: "only events about this workflow"),
        .value("channel", "NAME", help: "only events about tasks of this task channel, unique name or SID (not with --follow)"),
    ] + ServerOptions.specifications
    static let details = """
        Without --follow the command prints the events of the last --minutes and exits. With --follow
        it prints those, then each new event until interrupted (Ctrl-C). With --follow and --after N it
        starts right after event N, which the server must still hold, so a script can resume where an
        earlier run stopped. After a dropped connection it connects again and resumes after the last
        event printed, so no event is printed twice or skipped while the server still holds it.

        The server keeps events in memory only, so after a clean restart it holds none. Without
        --follow, --after N only filters the listed events, so the list is then empty and a note on
        standard error says why. With --follow, --after N fails when the server no longer holds the
        event after N; the error names the last sequence before the restart to pass instead.

        With --json, a list prints one JSON array; --follow prints one JSON object per line.

        examples:
          allot events --workspace WS… --type task.created
          allot events --workspace WS… --task WT… --start 2024-05-15T09:00:00Z
          allot events --workspace WS… --follow
          allot events --workspace WS… --follow --after 1200 --json
        """

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let ws = try ServerCommandSupport.required(arguments, "workspace", command: name)
        guard arguments.operands.isEmpty else {
            throw CommandFailure(message: "unexpected argument '\(arguments.operands[0])'; events takes only options, for example 'allot events --workspace WS…'")
        }
        let after = try ServerCommandSupport.number(arguments, "after", as: UInt64.self)
        let request = try listRequest(arguments, workspace: ws)
        let json = arguments.contains("json")
        if arguments.contains("follow") {
            if let option = ["start", "end", "channel"].first(where: arguments.contains) {
                throw CommandFailure(message: "--\(option) filters listed events only, and --follow streams new ones; leave out one of the two")
            }
            try InterruptSignals.unblock()
            do {
                try ServerOptions.run(arguments) { connection in
                    try await follow(connection, request: request, after: after, json: json)
                }
            } catch {
                throw naming(error, option: "--after")
            }
            return ExitStatus.success
        }
        let events = try ServerOptions.run(arguments) { connection in
            try await list(connection, request: request, after: after)
        }
        if json {
            console.write(WireJSON.text(events))
        } else {
            console.write(EventLine.header())
            for event in events { console.write(EventLine.text(event)) }
        }
        if events.isEmpty { console.writeError(noEventsNote) }
        return ExitStatus.success
    }

    /// The note on standard error when a list is empty, because an empty
    /// list after a restart looks like lost data.
    static let noEventsNote = "allot events: no events matched. The server keeps events in memory only, so a restart clears them; the list covers the last 15 minutes unless --minutes or --start says otherwise."

    /// Returns `failure` with the protocol's name for the resume point
    /// replaced by the command's option, so that a server message such as
    /// "pass 19, or subscribe without after_sequence" reads "pass 19, or
    /// leave out --after".
    static func naming(_ failure: CommandFailure, option: String) -> CommandFailure {
        var renamed = failure
        for (protocolText, commandText) in [
            ("subscribe without after_sequence", "leave out \(option)"), ("read without AfterSequence", "leave out \(option)"),
            ("after_sequence", option), ("AfterSequence", option),
        ] {
            renamed.message = renamed.message.replacingOccurrences(of: protocolText, with: commandText)
        }
        return renamed
    }

    /// Returns the first-page request of the listed events with every filter given.
    static func listRequest(_ arguments: ParsedArguments, workspace ws: String) throws(CommandFailure) -> Wire.ListEventsRequest {
        func instant(_ name: String) throws(CommandFailure) -> Int64 {
            try arguments.value(name).map { text throws(CommandFailure) in try InstantArgument.unixMilliseconds(text, option: name) } ?? 0
        }
        // The server would let the start win; refusing the pair, as `stats` does, shows
        // which window the command covers.
        if let minutes = arguments.value("minutes"), arguments.value("start") != nil {
            throw CommandFailure(message: "--minutes \(minutes) and --start were both given; pass --minutes for a look-back or --start (and --end) for a fixed window")
        }
        return Wire.ListEventsRequest(
            workspaceSID: ws,
            eventType: try arguments.value("type").map { text throws(CommandFailure) in try eventType(text) } ?? "",
            minutes: try ServerCommandSupport.number(arguments, "minutes", in: 1...UInt32(Limits.maximumEventListMinutes)) ?? 0,
            startDateUnixMilliseconds: try instant("start"),
            endDateUnixMilliseconds: try instant("end"),
            taskSID: arguments.value("task") ?? "",
            workerSID: arguments.value("worker") ?? "",
            workflowSID: arguments.value("workflow") ?? "",
            taskQueueSID: arguments.value("task-queue") ?? "",
            reservationSID: arguments.value("reservation") ?? "",
            taskChannel: arguments.value("channel") ?? "",
            pageSize: 1000)
    }

    /// Returns `text` when it names an event type the engine emits, so that
    /// a misspelt `--type` fails with a suggestion instead of matching nothing.
    static func eventType(_ text: String) throws(CommandFailure) -> String {
        let known = EventType.allCases.map(\.rawValue)
        if known.contains(text) { return text }
        if text.contains(",") {
            throw CommandFailure(message: "--type takes one event type, not a list: '\(text)'; "
                                 + "run 'allot events' once per type, or leave out --type to list every type")
        }
        if let nearest = NearestName.nearest(to: text, among: known) {
            throw CommandFailure(message: "unknown --type '\(text)'; did you mean '\(nearest)'? docs/routing.md lists every event type")
        }
        throw CommandFailure(message: "unknown --type '\(text)'; expected one of \(known.joined(separator: ", "))")
    }

    /// Returns whether a streamed event passes the resource filters of
    /// `request`, which the subscription itself does not apply.
    static func matches(_ event: Wire.Event, _ request: Wire.ListEventsRequest) -> Bool {
        let filters = [
            (request.taskSID, event.taskSID), (request.workerSID, event.workerSID), (request.workflowSID, event.workflowSID),
            (request.taskQueueSID, event.taskQueueSID), (request.reservationSID, event.reservationSID),
        ]
        return filters.allSatisfy { wanted, actual in wanted.isEmpty || wanted == actual }
    }

    /// Returns the events that `request` selects, oldest first, with a sequence greater than `after`.
    static func list(_ connection: AllotConnection, request: Wire.ListEventsRequest, after: UInt64?) async throws -> [Wire.Event] {
        let all = try await ServerCommandSupport.allPages { token in
            var pageRequest = request
            pageRequest.pageToken = token
            let page = try await connection.listEvents(pageRequest)
            return (page.events, page.nextPageToken)
        }
        guard let after else { return all }
        return all.filter { $0.sequence > after }
    }

    /// Prints events as they arrive until the connection is closed or the
    /// stream fails for good.
    ///
    /// Without `after`, the command subscribes first and then lists the
    /// events up to the subscription's start, so that an event happening in
    /// between is printed once, by the stream.
    static func follow(_ connection: AllotConnection, request: Wire.ListEventsRequest, after: UInt64?, json: Bool) async throws {
        var console = Console()
        let print = { (event: Wire.Event) in console.write(json ? EventLine.json(event) : EventLine.text(event)) }
        if !json { console.write(EventLine.header()) }
        let eventTypes = request.eventType.isEmpty ? [] : [request.eventType]
        let stream = try await connection.events(workspace: request.workspaceSID, after: after, eventTypes: eventTypes,
                                                 statusHandler: reportReconnection)
        if after == nil, let start = stream.lastDeliveredSequence {
            for event in try await list(connection, request: request, after: nil) where event.sequence <= start {
                print(event)
            }
        }
        do {
            for try await event in stream where matches(event, request) {
                print(event)
            }
        } catch let error as AllotError where error.code == .outOfRange {
            // The stream subscribed at the start, so this comes from subscribing again.
            let last = stream.lastDeliveredSequence.map { "event \($0)" } ?? "the start of the stream"
            throw CommandFailure(
                message: "the server no longer holds the events after \(last), where following stopped: it restarted "
                    + "without them, or dropped them while the stream was disconnected. Run the command again to follow "
                    + "new events, and 'allot events' without --follow to list the events the server still holds",
                exitStatus: ExitStatus.serverError)
        }
    }

    /// Writes each reconnection attempt and resumption of a followed stream to standard
    /// error, so that a pause in the output is explained.
    @Sendable static func reportReconnection(_ status: EventStreamStatus) {
        var console = Console()
        switch status {
        case .reconnecting(let error, let delay):
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            console.writeError("allot events: the stream is interrupted (\(error.code.name): \(error.message)); retrying in \(String(format: "%.2f", seconds)) s")
        case .resumed(let sequence):
            console.writeError("allot events: the stream resumed" + (sequence.map { " after event \($0)" } ?? ""))
        }
    }
}

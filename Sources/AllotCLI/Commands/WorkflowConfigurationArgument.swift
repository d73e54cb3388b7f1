import AllotClient
import Foundation

/// The `--configuration` of `allot workflow create` and `update`: a
/// TaskRouter routing document whose expressions are checked before any
/// call, and whose `queue` values may be friendly names, replaced by the
/// queues' SIDs as `allot apply` does.
// @unchecked: `document` is parsed JSON, read only by the one task that runs the command.
struct WorkflowConfigurationArgument: @unchecked Sendable {
    /// The JSON text as given.
    var text: String
    /// The parsed document, or nil when it is not a JSON object; the server
    /// then names the problem.
    var document: [String: Any]?

    /// Reads and checks `--configuration`, or returns nil when it was not given.
    ///
    /// - Throws: `CommandFailure` when the text is not JSON, or when an
    ///   expression in it does not parse, naming each one's JSON path.
    static func read(_ arguments: ParsedArguments) throws(CommandFailure) -> WorkflowConfigurationArgument? {
        guard let text = try ServerCommandSupport.jsonText(arguments, "configuration") else { return nil }
        let document = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
        let problems = document.map { RoutingExpressionCheck.problems(in: $0, path: "$") } ?? []
        if problems.count == 1, let problem = problems.first {
            throw CommandFailure(message: "--configuration: \(problem.path): \(problem.message)", detailLines: problem.caretLines)
        }
        if !problems.isEmpty {
            throw CommandFailure(message: "--configuration has \(problems.count) invalid expressions:", detailLines: problems.flatMap { problem in
                ["  \(problem.path): \(problem.message)"] + problem.caretLines.map { "  " + $0 }
            })
        }
        return WorkflowConfigurationArgument(text: text, document: document)
    }

    /// Returns the configuration text with each `queue` friendly name
    /// replaced by the SID of the workspace's queue of that name. The text
    /// stays as given when every `queue` value is already a SID.
    func resolvingQueueNames(in ws: String, _ connection: AllotConnection) async throws -> String {
        guard let document else { return text }
        var problems: [QueueNameResolver.Problem] = []
        _ = QueueNameResolver(queueSIDs: [:]).resolve(document, path: "$", problems: &problems)
        if problems.isEmpty { return text }

        let queueSIDs = try await NameLookup.queueSIDs(in: ws, connection)
        problems = []
        let resolved = QueueNameResolver(queueSIDs: queueSIDs).resolve(document, path: "$", problems: &problems)
        if !problems.isEmpty {
            throw Self.failure(problems, known: Array(queueSIDs.keys), workspace: ws)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: resolved, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            preconditionFailure("a parsed JSON document with names replaced by strings cannot be written back as JSON")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func failure(_ problems: [QueueNameResolver.Problem], known: [String], workspace ws: String) -> CommandFailure {
        let lines = problems.map { problem -> String in
            if problem.tooDeep {
                return "\(problem.path): the document nests deeper than \(QueueNameResolver.maximumDocumentDepth) levels"
            }
            if problem.unsubstituted {
                return "\(problem.path): '\(problem.reference)' is a placeholder; replace it with a queue's friendly name or SID, or apply the workflow with 'allot apply' and \"substitutions\""
            }
            let hint = NameSuggestion.hint(for: problem.name, among: known).map { "; \($0)" } ?? "; the workspace has no task queues"
            return "\(problem.path): no task queue named '\(problem.name)'\(hint)"
        }
        let listCommand = "run 'allot queue list --workspace \(ws)' for the names"
        if lines.count == 1 {
            return CommandFailure(message: "--configuration: \(lines[0]); \(listCommand)")
        }
        return CommandFailure(message: "--configuration names \(lines.count) unknown task queues; \(listCommand):", detailLines: lines.map { "  " + $0 })
    }
}

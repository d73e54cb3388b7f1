import AllotCore

/// `allot eval`: compiles one expression, evaluates it against documents
/// given on the command line, and prints `true` or `false`.
enum EvalCommand: Command {
    static let name = "eval"
    static let summary = "evaluate a routing expression against attributes and print true or false"
    static let synopsis = "--expression TEXT [--kind KIND] [--attributes JSON] [--task JSON] [--worker JSON] [--members JSON] [--now INSTANT]"

    static let options: [OptionSpecification] = [
        .value("expression", "TEXT", help: "the expression to evaluate (required)"),
        .value("kind", "KIND", help: "where the expression is used: queue, filter, target, skip-if or worker-filter; default queue, or target when --task or --worker is given"),
        .value("attributes", "JSON", help: "the document the keys resolve against: worker attributes for queue and worker-filter, task attributes for filter"),
        .value("task", "JSON", help: "the task's attributes, for target (and filter)"),
        .value("worker", "JSON", help: "the worker document, for target (and queue, worker-filter): the worker's attributes at the top level, beside the keys sid, friendly_name, activity_sid, activity_name and channels, e.g. {\"sid\": \"WK1\", \"languages\": [\"en\"]}"),
        .value("members", "JSON", help: "the step queue's members for skip-if: [{\"activity_sid\": \"WA…\", \"available\": true}, …]"),
        .value("now", "INSTANT", help: "the instant taskrouter.* keys read, in ISO 8601 (2024-05-15T09:15:00Z); default the current time"),
    ]

    static let details = """
        Any JSON value may be given as @FILE to read it from FILE.
        A worker document's channels look like {"voice": {"configured_capacity": 1, "active_reservations": 0, "assigned_tasks": 0}}.

        Exit status: 0 when the expression was evaluated, whatever the result; 2 for invalid arguments, JSON or expression.

        examples:
          allot eval --expression 'skills HAS "support"' --attributes '{"skills":["support"]}'
          allot eval --kind filter --expression 'taskrouter.dayOfWeek == "Sat"' --now 2024-05-18T12:00:00Z
          allot eval --expression 'task.language IN worker.languages' --task '{"language":"en"}' --worker @worker.json
          allot eval --kind skip-if --expression 'workers.available == 0' --members '[{"activity_sid":"WA1","available":false}]'
        """

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        guard let source = arguments.value("expression") else {
            throw CommandFailure(message: "--expression is required; run 'allot eval --help' for usage")
        }
        guard arguments.operands.isEmpty else {
            throw CommandFailure(message: "unexpected argument '\(arguments.operands[0])'; give the expression with --expression")
        }
        let kind = try EvalKind.select(arguments)
        let context = try EvalContextBuilder.context(for: kind, arguments)
        let expression: AllotCore.Expression
        do {
            expression = try AllotCore.Expression(source, kind: kind.expressionKind)
        } catch {
            throw CommandFailure(
                message: "invalid expression: \(error)",
                detailLines: CaretDiagnostic.lines(for: source, column: error.column)
            )
        }
        console.write(expression.evaluate(in: context) ? "true" : "false")
        return ExitStatus.success
    }
}

/// A command over one kind of resource in a workspace, such as `allot queue`:
/// `create` and `list` act on the workspace, and every other action on the
/// one resource whose SID is the operand.
protocol WorkspaceResourceCommand: Command {
    /// The kind of SID that the actions on one resource take.
    static var sidKind: SIDKind { get }

    /// Creates a resource from the options and returns the lines to print.
    static func create(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String]

    /// Lists the workspace's resources that match the options.
    static func list(_ arguments: ParsedArguments, workspace ws: String, printer: ResultPrinter) throws(CommandFailure) -> [String]

    /// Runs `verb`, such as get, update or delete, on the resource `sid`.
    static func change(_ verb: String, _ sid: String, _ arguments: ParsedArguments, workspace ws: String,
                       printer: ResultPrinter) throws(CommandFailure) -> [String]
}

extension WorkspaceResourceCommand {
    /// The actions every resource command takes.
    static var resourceActions: [String] { ["create", "get", "list", "update", "delete"] }

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (verb, operands) = try ServerCommandSupport.verb(arguments, allowed: resourceActions, command: name)
        let ws = try ServerCommandSupport.required(arguments, "workspace", command: name)
        return try runResourceAction(verb, operands: operands, workspace: ws, arguments, console: &console)
    }

    /// Runs one of `resourceActions` and prints its result.
    static func runResourceAction(_ verb: String, operands: [String], workspace ws: String, _ arguments: ParsedArguments,
                                  console: inout Console) throws(CommandFailure) -> Int32 {
        let printer = ResultPrinter(arguments)
        let lines: [String]
        switch verb {
        case "create":
            lines = try create(arguments, workspace: ws, printer: printer)
        case "list":
            lines = try list(arguments, workspace: ws, printer: printer)
        default:
            let sid = try ServerCommandSupport.sid(operands, verb: verb, command: name, kind: sidKind)
            lines = try change(verb, sid, arguments, workspace: ws, printer: printer)
        }
        for line in lines { console.write(line) }
        return ExitStatus.success
    }
}

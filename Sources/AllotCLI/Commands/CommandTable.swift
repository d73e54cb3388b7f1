/// The subcommands of `allot` and the dispatch to them.
enum CommandTable {
    /// Every subcommand, in the order `allot --help` lists them.
    static var commands: [any Command.Type] {
        [
            EvalCommand.self, ApplyCommand.self, WorkspaceCommand.self, ActivityCommand.self, ChannelCommand.self, WorkerCommand.self,
            QueueCommand.self, WorkflowCommand.self, TaskCommand.self, ReservationCommand.self, EventsCommand.self, StatsCommand.self,
            SnapshotCommand.self, DataCommand.self,
        ]
    }

    /// Runs the command that `arguments` (without the program name) select,
    /// and returns the exit status.
    static func run(_ arguments: [String], console: inout Console) -> Int32 {
        let arguments = movingGlobalOptions(arguments)
        guard let name = arguments.first else {
            console.writeError(overviewText)
            return ExitStatus.invalidInput
        }
        if name == "--help" || name == "-h" || name == "help" {
            console.write(overviewText)
            return ExitStatus.success
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            console.writeError("allot: unknown command '\(name)'; run 'allot --help' for the list of commands")
            return ExitStatus.invalidInput
        }
        return run(command, Array(arguments.dropFirst()), console: &console)
    }

    private static func run(_ command: any Command.Type, _ arguments: [String], console: inout Console) -> Int32 {
        let options = command.options + [.flag("help", help: "")]
        do {
            let parsed = try ArgumentParser.parse(arguments, options: options)
            if parsed.contains("help") {
                console.write(command.helpText)
                return ExitStatus.success
            }
            try command.checkOptions(parsed)
            return try command.run(parsed, console: &console)
        } catch let error as UsageError {
            console.writeError("allot \(command.name): \(error.message); run 'allot \(command.name) --help' for usage")
            return ExitStatus.invalidInput
        } catch let failure as CommandFailure {
            console.writeError("allot \(command.name): \(failure.message)")
            for line in failure.detailLines { console.writeError(line) }
            return failure.exitStatus
        } catch {
            console.writeError("allot \(command.name): \(error)")
            return ExitStatus.invalidInput
        }
    }

    /// Moves `--server`, `--credentials` and `--json` given before the
    /// command name to after it, so that `allot --server H:P task list`
    /// works as `allot task list --server H:P`.
    static func movingGlobalOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first, first.hasPrefix("--") {
            let name = first.dropFirst(2).split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            guard ServerOptions.specifications.contains(where: { $0.name == name }) else { break }
            leading.append(first)
            rest = rest.dropFirst()
            let takesValue = ServerOptions.specifications.first { $0.name == name }?.valueName != nil
            if takesValue && !first.contains("="), let value = rest.first {
                leading.append(value)
                rest = rest.dropFirst()
            }
        }
        guard let command = rest.first else { return arguments }
        return [command] + leading + Array(rest.dropFirst())
    }

    /// The text of `allot --help`.
    static var overviewText: String {
        var lines = ["usage: allot <command> [options]", "", "commands:"]
        let width = commands.map { $0.name.count }.max() ?? 0
        for command in commands {
            let padding = String(repeating: " ", count: width - command.name.count)
            lines.append("  \(command.name)\(padding)  \(command.summary)")
        }
        lines.append("")
        lines.append("Run 'allot <command> --help' for a command's options and examples.")
        return lines.joined(separator: "\n")
    }
}

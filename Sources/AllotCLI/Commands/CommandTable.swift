/// The subcommands of `allot` and the dispatch to them.
enum CommandTable {
    /// Every subcommand, in the order `allot --help` lists them.
    static var commands: [any Command.Type] {
        [EvalCommand.self]
    }

    /// Runs the command that `arguments` (without the program name) select,
    /// and returns the exit status.
    static func run(_ arguments: [String], console: inout Console) -> Int32 {
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

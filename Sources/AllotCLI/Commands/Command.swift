/// A subcommand of `allot`, such as `allot eval`.
protocol Command {
    /// The word that selects the command: `eval`.
    static var name: String { get }
    /// One line for the command list in `allot --help`.
    static var summary: String { get }
    /// The operands and options in one line, after `allot <name>`.
    static var synopsis: String { get }
    /// Paragraphs printed after the option list by `--help`, with examples.
    static var details: String { get }
    /// The options, `--help` excluded: every command accepts it.
    static var options: [OptionSpecification] { get }
    /// The actions, such as `create` or `channel update`, that options may be
    /// limited to; empty for a command that takes only options.
    static var actions: [String] { get }

    /// Runs the command and returns its exit status.
    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32
}

/// A failure that ends a command: the tool prints the message to standard
/// error and exits with `exitStatus`.
struct CommandFailure: Error {
    /// The failure, naming the value and the fix.
    var message: String
    /// Lines printed after the message, such as an expression with a caret.
    var detailLines: [String] = []
    /// The process exit status.
    var exitStatus: Int32 = ExitStatus.invalidInput
}

/// The exit statuses of `allot`.
enum ExitStatus {
    /// The command did what was requested.
    static let success: Int32 = 0
    /// The server rejected a call, or could not be reached.
    static let serverError: Int32 = 1
    /// `allot snapshot` found a snapshot file damaged, or could not read it.
    static let damagedFile: Int32 = 1
    /// Invalid arguments, JSON or expression: the request cannot be carried out as given.
    static let invalidInput: Int32 = 2
}

extension Command {
    /// The full help text for `allot <name> --help`.
    static var helpText: String {
        var lines = ["usage: allot \(name) \(synopsis)", "", summary, "", "options:"]
        let allOptions = options + [.flag("help", help: "print this help and exit")]
        let width = allOptions.map { $0.synopsis.count }.max() ?? 0
        for option in allOptions {
            let padding = String(repeating: " ", count: width - option.synopsis.count)
            lines.append("  \(option.synopsis)\(padding)  \(option.help)")
        }
        lines.append("")
        lines.append(details)
        return lines.joined(separator: "\n")
    }
}

// The `allot` command line: `allot <command> [options]`. Each subcommand is
// a type in Commands/ listed in CommandTable.
import Foundation

var console = Console()
let status = CommandTable.run(Array(CommandLine.arguments.dropFirst()), console: &console)
exit(status)

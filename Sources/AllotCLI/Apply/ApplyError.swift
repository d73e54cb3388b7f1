/// A problem in a workspace file, located by file and JSON path, such as
/// `contact-centre.json: $.task_queues[2].target_workers: expected a string`.
struct ApplyError: Error {
    let file: String
    let path: String
    let message: String
    /// True when the server rejected a call, false for a problem in the file itself.
    var fromServer = false
    /// Lines printed under the message, such as an expression with a caret under the error.
    var detailLines: [String] = []

    var commandFailure: CommandFailure {
        CommandFailure(message: "\(file): \(path): \(message)", detailLines: detailLines,
                       exitStatus: fromServer ? ExitStatus.serverError : ExitStatus.invalidInput)
    }
}

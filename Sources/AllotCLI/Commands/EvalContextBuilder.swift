import AllotCore

/// Builds the evaluation context of `allot eval` from its options.
enum EvalContextBuilder {
    /// Reads the documents and the instant that `kind` uses; `EvalKind.select`
    /// has already checked that no other document was given.
    static func context(for kind: EvalKind, _ arguments: ParsedArguments) throws(CommandFailure) -> DocumentContext {
        var context = DocumentContext()
        if let text = arguments.value("now") {
            context.nowUnixMilliseconds = try InstantArgument.unixMilliseconds(text, option: "now")
        } else {
            context.nowUnixMilliseconds = InstantArgument.nowUnixMilliseconds()
        }
        if let text = arguments.value("attributes") {
            let attributes = try JSONArgument.parseAttributes(text, option: "attributes")
            if kind == .filter {
                context.taskAttributes = attributes
            } else {
                context.workerAttributes = attributes
            }
        }
        if let text = arguments.value("task") {
            context.taskAttributes = try JSONArgument.parseAttributes(text, option: "task")
        }
        if let text = arguments.value("worker") {
            let document = try JSONArgument.parse(text, option: "worker")
            do {
                try context.setWorker(fromDocument: document)
            } catch {
                throw CommandFailure(message: error.message)
            }
        }
        if let text = arguments.value("members") {
            let document = try JSONArgument.parse(text, option: "members")
            do {
                try context.setQueueMembers(fromDocument: document)
            } catch {
                throw CommandFailure(message: error.message)
            }
        }
        return context
    }
}

import AllotCore
import Testing

/// Helpers shared by the expression tests.
enum ExpressionTesting {
    /// Evaluates `source` as a queue expression over worker attributes given as JSON.
    static func queue(_ source: String, _ attributesJSON: String = "{}") throws -> Bool {
        let expression = try AllotCore.Expression(source, kind: .queueTargetWorkers)
        let context = DocumentContext(workerAttributes: try TestJSON.parse(attributesJSON))
        return expression.evaluate(in: context)
    }

    /// Evaluates `source` as a workflow filter over task attributes given as JSON.
    static func filter(_ source: String, _ attributesJSON: String = "{}", now: Int64 = 0) throws -> Bool {
        let expression = try AllotCore.Expression(source, kind: .taskFilter)
        let context = DocumentContext(taskAttributes: try TestJSON.parse(attributesJSON), nowUnixMilliseconds: now)
        return expression.evaluate(in: context)
    }

    /// Evaluates `source` as a target expression over a task and a worker document.
    static func target(_ source: String, task: String = "{}", worker: String = "{}") throws -> Bool {
        let expression = try AllotCore.Expression(source, kind: .target)
        var context = DocumentContext(taskAttributes: try TestJSON.parse(task))
        try context.setWorker(fromDocument: try TestJSON.parse(worker))
        return expression.evaluate(in: context)
    }

    /// Returns the error that compiling `source` raises, or nil when it compiles.
    static func error(_ source: String, kind: ExpressionKind = .queueTargetWorkers) -> ExpressionError? {
        do {
            _ = try AllotCore.Expression(source, kind: kind)
            return nil
        } catch {
            return error
        }
    }

    /// Returns the tree that `source` parses to.
    static func root(_ source: String, kind: ExpressionKind = .queueTargetWorkers) throws -> ExpressionNode {
        try AllotCore.Expression(source, kind: kind).root
    }

    /// Returns an operand for a path into the worker's attributes.
    static func workerKey(_ names: String...) -> Operand {
        .key(root: .worker, path: names.map { .member($0) })
    }

    /// Returns an operand for a path into the task's attributes.
    static func taskKey(_ names: String...) -> Operand {
        .key(root: .task, path: names.map { .member($0) })
    }
}

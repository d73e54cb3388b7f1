extension WorkspacePlan {
    /// Returns an error for every expression of the plan that the engine's
    /// parser rejects: queue `target_workers`, and each workflow's filter
    /// and target expressions, `skip_if` and `order_by`. It needs no server,
    /// so `allot apply` runs it before the first call.
    func expressionErrors() -> [ApplyError] {
        var problems: [RoutingExpressionCheck.Problem] = []
        for queue in queues {
            if let problem = RoutingExpressionCheck.targetWorkersProblem(queue.targetWorkers, path: queue.targetWorkersPath) {
                problems.append(problem)
            }
        }
        for workflow in workflows {
            problems += RoutingExpressionCheck.problems(in: workflow.configuration, path: workflow.configurationPath)
        }
        return problems.map { problem in
            ApplyError(file: file, path: problem.path, message: problem.message, detailLines: problem.caretLines)
        }
    }
}

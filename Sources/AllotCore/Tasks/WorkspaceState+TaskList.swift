extension WorkspaceState {
    /// Lists tasks by the filters of `request`, scanning the stored tasks:
    /// O(tasks) plus one evaluation per task for `EvaluateTaskAttributes`.
    func listTasks(_ request: ListTasksRequest, now: Timestamp) throws(EngineError) -> Page<TaskInfo> {
        let ordering = try ListOrdering.parse(request.ordering, allowed: ["DateCreated", "Priority", "VirtualStartTime"],
                                              defaultAttribute: "DateCreated")
        let attributes = Set(ordering.clauses.map(\.attribute))
        if attributes.contains("DateCreated") && attributes.contains("VirtualStartTime") {
            throw .invalidArgument(field: "Ordering", message: "Ordering cannot combine DateCreated with VirtualStartTime")
        }
        // Counting commas is cheap, while splitting millions of entries under the shard lock takes seconds.
        let statusCount = request.assignmentStatuses.reduce(0) { $0 + 1 + $1.utf8.count(where: { $0 == UInt8(ascii: ",") }) }
        if statusCount > limits.maximumAssignmentStatusFilters {
            throw .invalidArgument(field: "AssignmentStatus",
                                   message: "AssignmentStatus lists \(statusCount) statuses; the maximum is "
                                       + "\(limits.maximumAssignmentStatusFilters); name each status once")
        }
        var statuses = Set<TaskStatus>()
        for text in request.assignmentStatuses.flatMap({ $0.split(separator: ",").map(String.init) }) {
            guard let status = TaskStatus(rawValue: text.trimmingWhitespace().lowercased()) else {
                throw .invalidArgument(field: "AssignmentStatus",
                                       message: "AssignmentStatus \(EngineError.quoted(text)) is not one of "
                                           + TaskStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            statuses.insert(status)
        }
        let expression = try request.evaluateTaskAttributes.map { text throws(EngineError) in
            try Self.compile(text, kind: .taskFilter, field: "EvaluateTaskAttributes")
        }
        let workflow = try request.workflowSid.map { text throws(EngineError) in try workflowHandle(text, field: "WorkflowSid") }
        let queue = try request.taskQueueSid.map { text throws(EngineError) in try queueHandle(text, field: "TaskQueueSid") }
        if request.hasAddons == true { return Page(items: [], nextPageToken: nil) }
        var rows: [(key: [Int64], item: TaskInfo)] = []
        for handle in tasks.handles {
            let task = tasks[handle]
            if let priority = request.priority, task.priority != priority { continue }
            if !statuses.isEmpty, !statuses.contains(task.status) { continue }
            if let workflow, task.workflow != workflow { continue }
            if let name = request.workflowName, task.workflow.flatMap({ workflows.record(at: $0)?.friendlyName }) != name { continue }
            if let queue, task.queue != queue { continue }
            if let name = request.taskQueueName, task.queue.flatMap({ queues.record(at: $0)?.friendlyName }) != name { continue }
            if let target = request.routingTarget, task.routingTarget?.sid != target { continue }
            if let expression {
                let context = TaskExpressionContext(taskAttributes: task.attributes, nowUnixMilliseconds: now.unixMilliseconds)
                if !expression.evaluate(in: context) { continue }
            }
            let key = ordering.key(tiebreak: task.sequence) { attribute in
                switch attribute {
                case "Priority": Int64(task.priority)
                case "VirtualStartTime": task.virtualStartTime.unixMilliseconds
                default: task.createdAt.unixMilliseconds
                }
            }
            rows.append((key, taskInfo(handle, now: now)))
        }
        rows.sort { $0.key.lexicographicallyPrecedes($1.key) }
        return try Pager.page(rows, request: request.page, scope: PageScope(list: "tasks", owner: settings.sid, ordering: ordering),
                              limits: limits)
    }
}

extension WorkspaceState {
    /// Lists workers by the filters of `request`. `TaskQueueSid` and
    /// `TaskQueueName` read the queue's member set; `TargetWorkersExpression`
    /// narrows through the attribute index and evaluates each candidate.
    func listWorkers(_ request: ListWorkersRequest, now: Timestamp) throws(EngineError) -> Page<WorkerInfo> {
        let ordering = try ListOrdering.parse(request.ordering, allowed: ["DateCreated", "DateStatusChanged"],
                                              defaultAttribute: "DateCreated")
        let available = request.available.map(InputValidation.booleanish)
        let activity = try request.activitySid.map { text throws(EngineError) in try activityHandle(text, field: "ActivitySid") }
        let expression = try request.targetWorkersExpression.map { text throws(EngineError) in
            try Self.compile(text, kind: .workerFilter, field: "TargetWorkersExpression")
        }
        var candidates: [WorkerHandle] = workers.handles
        if let sid = request.taskQueueSid {
            candidates = queues[try queueHandle(sid, field: "TaskQueueSid")].members.sorted()
        } else if let name = request.taskQueueName {
            guard let queue = queues.handles.first(where: { queues[$0].friendlyName == name }) else {
                throw .notFound(field: "TaskQueueName", message: "no task queue is named \(EngineError.quoted(name))")
            }
            candidates = queues[queue].members.sorted()
        }
        if let expression, case .some(let set) = CandidatePlanner(index: workerIndex, taskAttributes: nil).candidates(expression.root) {
            candidates = candidates.filter { set.contains($0) }
        }
        var rows: [(key: [Int64], item: WorkerInfo)] = []
        for handle in candidates {
            let worker = workers[handle]
            let record = activities[worker.activity]
            if let activity, worker.activity != activity { continue }
            if let name = request.activityName, record.friendlyName != name { continue }
            if let available, record.available != available { continue }
            if let name = request.friendlyName, worker.friendlyName.lowercased() != name.lowercased() { continue }
            if let expression {
                let context = WorkerExpressionContext(worker: workerFacts(handle), nowUnixMilliseconds: now.unixMilliseconds)
                if !expression.evaluate(in: context) { continue }
            }
            let key = ordering.key(tiebreak: worker.sequence) { attribute in
                attribute == "DateCreated" ? worker.createdAt.unixMilliseconds : worker.activityChangedAt.unixMilliseconds
            }
            rows.append((key, workerInfo(handle)))
        }
        rows.sort { $0.key.lexicographicallyPrecedes($1.key) }
        return try Pager.page(rows, request: request.page, scope: PageScope(list: "workers", owner: settings.sid, ordering: ordering),
                              limits: limits)
    }
}

extension WorkspaceState {
    /// Lists task queues. `EvaluateWorkerAttributes` evaluates every queue's
    /// `target_workers` against the given attributes: O(queues).
    func listTaskQueues(_ request: ListTaskQueuesRequest, now: Timestamp) throws(EngineError) -> Page<TaskQueueInfo> {
        let ordering = try ListOrdering.parse(request.ordering, allowed: ["DateCreated", "DateUpdated"],
                                              defaultAttribute: "DateCreated")
        let attributes = try request.evaluateWorkerAttributes.map { text throws(EngineError) in
            try JSONInput.attributes(text, field: "EvaluateWorkerAttributes", limits: limits)
        }
        let worker = try request.workerSid.map { text throws(EngineError) in try workerHandle(text, field: "WorkerSid") }
        var rows: [(key: [Int64], item: TaskQueueInfo)] = []
        for handle in queues.handles {
            let queue = queues[handle]
            if let name = request.friendlyName, queue.friendlyName != name { continue }
            if let worker, !queue.members.contains(worker) { continue }
            if let attributes {
                let facts = WorkerFacts(attributes: attributes, sidValue: nil, friendlyName: "", activitySidValue: nil,
                                        activityName: "", channels: [], channelsByUniqueName: [:])
                let context = WorkerExpressionContext(worker: facts, nowUnixMilliseconds: now.unixMilliseconds)
                if !queue.targetWorkers.evaluate(in: context) { continue }
            }
            let key = ordering.key(tiebreak: queue.sequence) { attribute in
                attribute == "DateCreated" ? queue.createdAt.unixMilliseconds : queue.updatedAt.unixMilliseconds
            }
            rows.append((key, taskQueueInfo(handle)))
        }
        rows.sort { $0.key.lexicographicallyPrecedes($1.key) }
        return try Pager.page(rows, request: request.page, scope: PageScope(list: "task-queues", owner: settings.sid, ordering: ordering),
                              limits: limits)
    }
}

extension WorkspaceState {
    mutating func createWorkflow(_ request: CreateWorkflowRequest, now: Timestamp) throws(EngineError) -> WorkflowInfo {
        let name = try InputValidation.friendlyName(request.friendlyName, limits: limits)
        let compiled = try parseWorkflowConfiguration(request.configuration)
        let urls = try callbackURLs(request.assignmentCallbackUrl, request.fallbackAssignmentCallbackUrl)
        let timeout = request.taskReservationTimeout ?? limits.defaultReservationTimeoutSeconds
        try InputValidation.integer(timeout, in: 1...limits.maximumReservationTimeoutSeconds, field: "TaskReservationTimeout")
        if workflows.count >= limits.maximumWorkflows {
            throw .resourceExhausted(field: "FriendlyName", message: "the workspace has \(workflows.count) workflows, the maximum")
        }
        let record = WorkflowRecord(storedSid: StoredSid(sids.nextValue(), .workflow), friendlyName: name, configurationText: request.configuration,
                                    compiled: compiled, assignmentCallbackUrl: urls.assignment,
                                    fallbackAssignmentCallbackUrl: urls.fallback,
                                    taskReservationTimeoutSeconds: timeout, createdAt: now, updatedAt: now,
                                    sequence: takeSequence())
        let handle = workflows.insert(record)
        emit(.workflowCreated, resource: record.eventSid, at: now, workflowEventData(handle))
        return workflowInfo(handle)
    }

    mutating func updateWorkflow(sid: String, _ request: UpdateWorkflowRequest, now: Timestamp) throws(EngineError) -> WorkflowInfo {
        // 1. Validate.
        let handle = try workflowHandle(sid, field: "Sid")
        let name = try request.friendlyName.map { text throws(EngineError) in try InputValidation.friendlyName(text, limits: limits) }
        let compiled = try request.configuration.map { text throws(EngineError) in try parseWorkflowConfiguration(text) }
        let urls = try callbackURLs(request.assignmentCallbackUrl, request.fallbackAssignmentCallbackUrl)
        if let timeout = request.taskReservationTimeout {
            try InputValidation.integer(timeout, in: 1...limits.maximumReservationTimeoutSeconds, field: "TaskReservationTimeout")
        }

        // 2. Apply.
        if let name { workflows[handle].friendlyName = name }
        if let compiled, let text = request.configuration {
            workflows[handle].compiled = compiled
            workflows[handle].configurationText = text
        }
        if let url = urls.assignment { workflows[handle].assignmentCallbackUrl = url }
        if let url = urls.fallback { workflows[handle].fallbackAssignmentCallbackUrl = url }
        if let timeout = request.taskReservationTimeout { workflows[handle].taskReservationTimeoutSeconds = timeout }
        workflows[handle].updatedAt = now
        emit(.workflowUpdated, resourceSid: sid, at: now, workflowEventData(handle))
        if request.reEvaluateTasks == true {
            // A task that a RoutingTarget placed in a queue or with a worker never went
            // through the filters, so there is nothing to evaluate again. Each task is
            // offered as it is routed, so the one a worker would take first goes first.
            // NOTE: the order uses each task's queue and priority before routing, so a
            // priority that the new document's first step sets does not count here.
            let waiting = tasks.handles.filter { task in
                guard tasks[task].workflow == handle, tasks[task].status.isWaiting, case .step = tasks[task].placement else { return false }
                return true
            }.sorted { takesBefore($0, $1) }
            for task in waiting where tasks.contains(task) && tasks[task].status.isWaiting {
                rerouteTask(task, now: now)
            }
        }
        return workflowInfo(handle)
    }

    /// Checks a workflow's two callback URLs against the URL limit.
    private func callbackURLs(_ assignment: String?, _ fallback: String?) throws(EngineError)
        -> (assignment: String?, fallback: String?) {
        let checkedAssignment = try assignment.map { text throws(EngineError) in
            try InputValidation.callbackURL(text, field: "AssignmentCallbackUrl", limits: limits)
        }
        let checkedFallback = try fallback.map { text throws(EngineError) in
            try InputValidation.callbackURL(text, field: "FallbackAssignmentCallbackUrl", limits: limits)
        }
        return (checkedAssignment, checkedFallback)
    }

    /// Deletes a workflow that no unfinished task uses.
    mutating func deleteWorkflow(sid: String, now: Timestamp) throws(EngineError) {
        let handle = try workflowHandle(sid, field: "Sid")
        if workflows[handle].tally.totalCount > 0 {
            throw .failedPrecondition(field: "Sid",
                                      message: "workflow \(sid) has \(workflows[handle].tally.totalCount) unfinished tasks; "
                                          + "wait until they finish or delete them first")
        }
        let data = workflowEventData(handle)
        // Finished tasks kept for reading lose their workflow reference.
        for task in tasks.handles where tasks[task].workflow == handle { tasks[task].workflow = nil }
        // The minute tick reads every watched workflow, so a deleted one must leave the set.
        clockWatchedWorkflows.remove(handle)
        workflows.remove(handle)
        emit(.workflowDeleted, resourceSid: sid, at: now, consume data)
    }

    func fetchWorkflow(sid: String) throws(EngineError) -> WorkflowInfo {
        workflowInfo(try workflowHandle(sid, field: "Sid"))
    }

    func listWorkflows(friendlyName: String?, page: PageRequest) throws(EngineError) -> Page<WorkflowInfo> {
        let rows = workflows.handles
            .filter { friendlyName == nil || workflows[$0].friendlyName == friendlyName }
            .map { (key: [workflows[$0].sequence], item: workflowInfo($0)) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        return try Pager.page(rows, request: page, scope: PageScope(list: "workflows", owner: settings.sid), limits: limits)
    }

    func parseWorkflowConfiguration(_ text: String) throws(EngineError) -> CompiledWorkflow {
        let parser = WorkflowConfigurationParser(limits: limits) { sid in queues.handle(forSid: sid) }
        return try parser.parse(text)
    }

    /// It is always inlined, because an outlined call from a mutating method
    /// copied the whole workspace state.
    @inline(__always)
    func workflowHandle(_ sid: String, field: String) throws(EngineError) -> WorkflowHandle {
        guard let handle = workflows.handle(forSid: sid) else { throw EngineError.unknown("workflow", sid: sid, field: field) }
        return handle
    }

    func workflowInfo(_ handle: WorkflowHandle) -> WorkflowInfo {
        let workflow = workflows[handle]
        return WorkflowInfo(sid: workflow.sid, workspaceSid: settings.sid, accountSid: settings.accountSid,
                            friendlyName: workflow.friendlyName, configuration: workflow.configurationText,
                            assignmentCallbackUrl: workflow.assignmentCallbackUrl,
                            fallbackAssignmentCallbackUrl: workflow.fallbackAssignmentCallbackUrl,
                            taskReservationTimeoutSeconds: workflow.taskReservationTimeoutSeconds,
                            documentContentType: "application/json",
                            dateCreated: workflow.createdAt, dateUpdated: workflow.updatedAt)
    }

    func workflowEventData(_ handle: WorkflowHandle) -> EventData {
        var data = EventData()
        data.setSid(.workflow, workflows[handle].eventSid)
        data.workflowName = workflows[handle].friendlyName
        return data
    }
}

extension Engine {
    public func createTaskQueue(workspace: String, _ request: CreateTaskQueueRequest, account: String,
                                now: Timestamp) throws(EngineError) -> EngineResult<TaskQueueInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in try state.createTaskQueue(request, now: now) }
    }

    public func updateTaskQueue(workspace: String, sid: String, _ request: UpdateTaskQueueRequest, account: String,
                                now: Timestamp) throws(EngineError) -> EngineResult<TaskQueueInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.updateTaskQueue(sid: sid, request, now: now)
        }
    }

    public func deleteTaskQueue(workspace: String, sid: String, account: String,
                                now: Timestamp) throws(EngineError) -> EngineResult<String> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.deleteTaskQueue(sid: sid, now: now)
            return sid
        }
    }

    public func fetchTaskQueue(workspace: String, sid: String, account: String) throws(EngineError) -> TaskQueueInfo {
        try read(workspace, account: account) { state throws(EngineError) in try state.fetchTaskQueue(sid: sid) }
    }

    public func listTaskQueues(workspace: String, _ request: ListTaskQueuesRequest = ListTaskQueuesRequest(), account: String,
                               now: Timestamp) throws(EngineError) -> Page<TaskQueueInfo> {
        try read(workspace, account: account) { state throws(EngineError) in try state.listTaskQueues(request, now: now) }
    }

    public func createWorkflow(workspace: String, _ request: CreateWorkflowRequest, account: String,
                               now: Timestamp) throws(EngineError) -> EngineResult<WorkflowInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in try state.createWorkflow(request, now: now) }
    }

    public func updateWorkflow(workspace: String, sid: String, _ request: UpdateWorkflowRequest, account: String,
                               now: Timestamp) throws(EngineError) -> EngineResult<WorkflowInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.updateWorkflow(sid: sid, request, now: now)
        }
    }

    public func deleteWorkflow(workspace: String, sid: String, account: String,
                               now: Timestamp) throws(EngineError) -> EngineResult<String> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.deleteWorkflow(sid: sid, now: now)
            return sid
        }
    }

    public func fetchWorkflow(workspace: String, sid: String, account: String) throws(EngineError) -> WorkflowInfo {
        try read(workspace, account: account) { state throws(EngineError) in try state.fetchWorkflow(sid: sid) }
    }

    public func listWorkflows(workspace: String, friendlyName: String? = nil, page: PageRequest = PageRequest(),
                              account: String) throws(EngineError) -> Page<WorkflowInfo> {
        try read(workspace, account: account) { state throws(EngineError) in
            try state.listWorkflows(friendlyName: friendlyName, page: page)
        }
    }
}

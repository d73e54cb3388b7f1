extension Engine {
    public func createActivity(workspace: String, _ request: CreateActivityRequest, account: String,
                               now: Timestamp) throws(EngineError) -> EngineResult<ActivityInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in try state.createActivity(request, now: now) }
    }

    public func updateActivity(workspace: String, sid: String, _ request: UpdateActivityRequest, account: String,
                               now: Timestamp) throws(EngineError) -> EngineResult<ActivityInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.updateActivity(sid: sid, request, now: now)
        }
    }

    public func deleteActivity(workspace: String, sid: String, account: String,
                               now: Timestamp) throws(EngineError) -> EngineResult<String> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.deleteActivity(sid: sid, now: now)
            return sid
        }
    }

    public func fetchActivity(workspace: String, sid: String, account: String) throws(EngineError) -> ActivityInfo {
        try read(workspace, account: account) { state throws(EngineError) in try state.fetchActivity(sid: sid) }
    }

    public func listActivities(workspace: String, _ request: ListActivitiesRequest = ListActivitiesRequest(),
                               account: String) throws(EngineError) -> Page<ActivityInfo> {
        try read(workspace, account: account) { state throws(EngineError) in try state.listActivities(request) }
    }

    public func createTaskChannel(workspace: String, _ request: CreateTaskChannelRequest, account: String,
                                  now: Timestamp) throws(EngineError) -> EngineResult<TaskChannelInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in try state.createTaskChannel(request, now: now) }
    }

    public func updateTaskChannel(workspace: String, sid: String, _ request: UpdateTaskChannelRequest, account: String,
                                  now: Timestamp) throws(EngineError) -> EngineResult<TaskChannelInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.updateTaskChannel(sid: sid, request, now: now)
        }
    }

    /// Deletes a task channel by SID or unique name and returns its SID.
    public func deleteTaskChannel(workspace: String, sid: String, account: String,
                                  now: Timestamp) throws(EngineError) -> EngineResult<String> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.deleteTaskChannel(sid: sid, now: now)
        }
    }

    /// Fetches a task channel by SID or unique name.
    public func fetchTaskChannel(workspace: String, sidOrUniqueName: String, account: String) throws(EngineError) -> TaskChannelInfo {
        try read(workspace, account: account) { state throws(EngineError) in try state.fetchTaskChannel(sidOrUniqueName) }
    }

    public func listTaskChannels(workspace: String, page: PageRequest = PageRequest(),
                                 account: String) throws(EngineError) -> Page<TaskChannelInfo> {
        try read(workspace, account: account) { state throws(EngineError) in try state.listTaskChannels(page) }
    }
}

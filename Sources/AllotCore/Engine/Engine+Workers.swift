extension Engine {
    public func createWorker(workspace: String, _ request: CreateWorkerRequest, account: String,
                             now: Timestamp) throws(EngineError) -> EngineResult<WorkerInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in try state.createWorker(request, now: now) }
    }

    public func updateWorker(workspace: String, sid: String, _ request: UpdateWorkerRequest, account: String,
                             now: Timestamp) throws(EngineError) -> EngineResult<WorkerInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.updateWorker(sid: sid, request, now: now)
        }
    }

    public func deleteWorker(workspace: String, sid: String, expectedVersion: UInt64? = nil, account: String,
                             now: Timestamp) throws(EngineError) -> EngineResult<String> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.deleteWorker(sid: sid, expectedVersion: expectedVersion, now: now)
            return sid
        }
    }

    public func fetchWorker(workspace: String, sid: String, account: String) throws(EngineError) -> WorkerInfo {
        try read(workspace, account: account) { state throws(EngineError) in try state.workerInfo(state.workerHandle(sid, field: "Sid")) }
    }

    public func listWorkers(workspace: String, _ request: ListWorkersRequest = ListWorkersRequest(), account: String,
                            now: Timestamp) throws(EngineError) -> Page<WorkerInfo> {
        try read(workspace, account: account) { state throws(EngineError) in try state.listWorkers(request, now: now) }
    }

    /// Updates one worker channel, named by WC SID, task channel SID or unique name.
    public func updateWorkerChannel(workspace: String, workerSid: String, channel: String,
                                    _ request: UpdateWorkerChannelRequest, account: String,
                                    now: Timestamp) throws(EngineError) -> EngineResult<WorkerChannelInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.updateWorkerChannel(workerSid: workerSid, channel: channel, request, now: now)
        }
    }

    public func fetchWorkerChannel(workspace: String, workerSid: String, channel: String,
                                   account: String) throws(EngineError) -> WorkerChannelInfo {
        try read(workspace, account: account) { state throws(EngineError) in
            let worker = try state.workerHandle(workerSid, field: "WorkerSid")
            return state.workerChannelInfo(worker, try state.workerChannelHandle(worker, channel))
        }
    }

    public func listWorkerChannels(workspace: String, workerSid: String, page: PageRequest = PageRequest(),
                                   account: String) throws(EngineError) -> Page<WorkerChannelInfo> {
        try read(workspace, account: account) { state throws(EngineError) in
            let worker = try state.workerHandle(workerSid, field: "WorkerSid")
            let rows = state.channels.handles.map { (key: [state.channels[$0].sequence], item: state.workerChannelInfo(worker, $0)) }
            return try Pager.page(rows, request: page, scope: PageScope(list: "worker-channels", owner: state.settings.sid + "/" + workerSid),
                                  limits: state.limits)
        }
    }
}

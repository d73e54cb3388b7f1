extension Engine {
    /// Creates a task and routes it at once; the events include any
    /// reservations made.
    public func createTask(workspace: String, _ request: CreateTaskRequest, account: String,
                           now: Timestamp) throws(EngineError) -> EngineResult<TaskInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in try state.createTask(request, now: now) }
    }

    public func updateTask(workspace: String, sid: String, _ request: UpdateTaskRequest, account: String,
                           now: Timestamp) throws(EngineError) -> EngineResult<TaskInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.updateTask(sid: sid, request, now: now)
        }
    }

    public func deleteTask(workspace: String, sid: String, expectedVersion: UInt64? = nil, account: String,
                           now: Timestamp) throws(EngineError) -> EngineResult<String> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.deleteTask(sid: sid, expectedVersion: expectedVersion, now: now)
            return sid
        }
    }

    public func fetchTask(workspace: String, sid: String, account: String, now: Timestamp) throws(EngineError) -> TaskInfo {
        try read(workspace, account: account) { state throws(EngineError) in try state.fetchTask(sid: sid, now: now) }
    }

    public func listTasks(workspace: String, _ request: ListTasksRequest = ListTasksRequest(), account: String,
                          now: Timestamp) throws(EngineError) -> Page<TaskInfo> {
        try read(workspace, account: account) { state throws(EngineError) in try state.listTasks(request, now: now) }
    }

    /// Accepts, rejects, wraps or completes through a reservation.
    public func updateReservation(workspace: String, sid: String, _ request: UpdateReservationRequest, account: String,
                                  now: Timestamp) throws(EngineError) -> EngineResult<ReservationInfo> {
        try mutate(workspace, account: account, now: now) { state throws(EngineError) in
            try state.updateReservation(sid: sid, request, now: now)
        }
    }

    public func fetchReservation(workspace: String, sid: String, account: String) throws(EngineError) -> ReservationInfo {
        try read(workspace, account: account) { state throws(EngineError) in try state.fetchReservation(sid: sid) }
    }

    /// Lists a task's reservations, optionally by status and worker.
    public func listTaskReservations(workspace: String, taskSid: String, status: String? = nil, workerSid: String? = nil,
                                     page: PageRequest = PageRequest(), account: String) throws(EngineError) -> Page<ReservationInfo> {
        try read(workspace, account: account) { state throws(EngineError) in
            let task = try state.taskHandle(taskSid, field: "TaskSid")
            return try state.listReservations(state.tasks[task].reservations, status: status, workerSid: workerSid, page: page,
                                              scope: PageScope(list: "task-reservations", owner: state.settings.sid + "/" + taskSid))
        }
    }

    /// Lists a worker's stored reservations, optionally by status.
    public func listWorkerReservations(workspace: String, workerSid: String, status: String? = nil,
                                       page: PageRequest = PageRequest(), account: String) throws(EngineError) -> Page<ReservationInfo> {
        try read(workspace, account: account) { state throws(EngineError) in
            let worker = try state.workerHandle(workerSid, field: "WorkerSid")
            return try state.listReservations(state.workers[worker].reservations, status: status, workerSid: nil, page: page,
                                              scope: PageScope(list: "worker-reservations", owner: state.settings.sid + "/" + workerSid))
        }
    }
}

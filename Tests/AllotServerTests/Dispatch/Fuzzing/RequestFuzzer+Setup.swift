import AllotWire

/// The requests a session sends before random ones, and those that keep it
/// informed. Each account gets a workspace with a queue, a workflow,
/// available workers and an assigned task, so that random requests reach
/// routing from the start. Every workspace is subscribed to, and its
/// activities are listed.
extension RequestFuzzer {
    /// One step of an account's setup.
    enum SetupStep: CaseIterable {
        case workspace, queue, workflow, firstWorker, secondWorker, thirdWorker, task, acceptance
    }

    /// Sets up every account in turn.
    static let setupSteps: [(account: Int, step: SetupStep)] = accounts.indices.flatMap { account in
        SetupStep.allCases.map { (account, $0) }
    }

    /// Returns the next setup or housekeeping request and sets the account it
    /// is sent as, or nil when none is due.
    func nextSetupRequest() -> (name: String, request: Wire.ClientFrame.Request)? {
        for account in Self.accounts.indices {
            let own = generator.pools.workspaces(ofAccount: account)
            if let workspace = own.first(where: { !subscribedWorkspaces[account].contains($0) }) {
                // Pushed events name the reservations that requests then accept and complete.
                subscribedWorkspaces[account].insert(workspace)
                generator.account = account
                return ("subscribe_events", .subscribeEvents(Wire.SubscribeEventsRequest(workspaceSID: workspace)))
            }
            if let workspace = own.first(where: { !listedActivities.contains($0) }) {
                // The create reply names only the default activity; the list names the available ones.
                listedActivities.insert(workspace)
                generator.account = account
                return ("list_activities", .listActivities(Wire.ListActivitiesRequest(workspaceSID: workspace)))
            }
        }
        while setupIndex < Self.setupSteps.count {
            let (account, step) = Self.setupSteps[setupIndex]
            setupIndex += 1
            generator.account = account
            if let request = setupRequest(step, account: account) { return (request.fieldName, request) }
        }
        return nil
    }

    /// Builds one setup request from what earlier replies named; nil when
    /// an earlier step failed, as it may after a random clock move.
    private func setupRequest(_ step: SetupStep, account: Int) -> Wire.ClientFrame.Request? {
        let pools = generator.pools
        if step == .workspace {
            return .createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Fuzz \(account)"))
        }
        guard let workspace = pools.workspaces(ofAccount: account).first, let entry = pools.workspaces[workspace] else { return nil }
        switch step {
        case .workspace:
            return nil
        case .queue:
            return .createTaskQueue(Wire.CreateTaskQueueRequest(workspaceSID: workspace, friendlyName: "Queue", maxReservedWorkers: 2))
        case .workflow:
            guard let queue = entry.known(.taskQueue).first else { return nil }
            let configuration = """
                {"task_routing": {"filters": [{"expression": "level > 2", "targets": [{"queue": "\(queue)", "timeout": 30},
                 {"queue": "\(queue)", "priority": 5, "expression": "worker.level >= task.level"}]}],
                 "default_filter": {"queue": "\(queue)"}}}
                """
            return .createWorkflow(Wire.CreateWorkflowRequest(workspaceSID: workspace, friendlyName: "Workflow", configuration: configuration))
        case .firstWorker, .secondWorker, .thirdWorker:
            let level = step == .firstWorker ? 1 : (step == .secondWorker ? 3 : 5)
            return .createWorker(Wire.CreateWorkerRequest(
                workspaceSID: workspace, friendlyName: "Worker \(level)", activitySID: entry.availableActivities.first ?? "",
                attributes: "{\"skills\": [\"support\"], \"level\": \(level)}"))
        case .task:
            return .createTask(Wire.CreateTaskRequest(workspaceSID: workspace, attributes: "{\"level\": 4}"))
        case .acceptance:
            // The reservation of the task above, which a pushed event named.
            guard let reservation = entry.known(.reservation).last else { return nil }
            return .updateReservation(Wire.UpdateReservationRequest(workspaceSID: workspace, reservationSID: reservation,
                                                                    reservationStatus: .accepted))
        }
    }
}

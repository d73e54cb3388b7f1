import AllotCore

extension ModelCheckRun {
    /// Applies one operation to the reference model and to the engine and
    /// returns both outcomes.
    func perform(_ operation: ScenarioOperation) throws -> (expected: ReferenceModel.Outcome, actual: ReferenceModel.Outcome) {
        switch operation {
        case .createActivity(let available):
            let name = "Activity\(model.activities.count)"
            let expected = model.createActivity(name: name, available: available, at: time)
            let actual = outcome { () throws(EngineError) in
                let sid = try engine.createActivity(workspace: workspace, CreateActivityRequest(friendlyName: name, available: available ? "true" : "false"),
                                                    account: Self.account, now: now).value.sid
                names[sid] = "A\(activitySids.count)"
                activitySids.append(sid)
            }
            return (expected, actual)
        case .createWorker(let attributes, let activity):
            let name = "Worker\(model.workers.count)"
            let expected = model.createWorker(name: name, attributes: attributes, activity: activity, at: time)
            let actual = outcome { () throws(EngineError) in
                let request = CreateWorkerRequest(friendlyName: name, activitySid: activitySids[activity], attributes: attributes.json)
                let sid = try engine.createWorker(workspace: workspace, request, account: Self.account, now: now).value.sid
                names[sid] = "W\(workerSids.count)"
                workerSids.append(sid)
            }
            return (expected, actual)
        case .updateWorkerAttributes(let worker, let attributes):
            let expected = model.updateWorker(worker, attributes: attributes, activity: nil, rejectsPending: false, at: time)
            let actual = outcome { () throws(EngineError) in
                _ = try engine.updateWorker(workspace: workspace, sid: workerSids[worker], UpdateWorkerRequest(attributes: attributes.json),
                                            account: Self.account, now: now)
            }
            return (expected, actual)
        case .updateWorkerActivity(let worker, let activity, let rejectsPending):
            let expected = model.updateWorker(worker, attributes: nil, activity: activity, rejectsPending: rejectsPending, at: time)
            let actual = outcome { () throws(EngineError) in
                let request = UpdateWorkerRequest(activitySid: activitySids[activity], rejectPendingReservations: rejectsPending ? true : nil)
                _ = try engine.updateWorker(workspace: workspace, sid: workerSids[worker], request, account: Self.account, now: now)
            }
            return (expected, actual)
        case .updateWorkerChannel(let worker, let channel, let capacity, let available):
            let expected = model.updateWorkerChannel(worker, channel: channel, capacity: capacity, available: available, at: time)
            let actual = outcome { () throws(EngineError) in
                _ = try engine.updateWorkerChannel(workspace: workspace, workerSid: workerSids[worker],
                                                   channel: ScenarioConfiguration.channels[channel],
                                                   UpdateWorkerChannelRequest(capacity: capacity, available: available),
                                                   account: Self.account, now: now)
            }
            return (expected, actual)
        case .createTask(let attributes, let priority, let channel, let timeToLive):
            let (expected, task) = model.createTask(attributes: attributes, priority: priority, channel: channel,
                                                    timeToLiveSeconds: timeToLive, at: time)
            let actual = outcome { () throws(EngineError) in
                let request = CreateTaskRequest(attributes: attributes.json, priority: priority, timeout: timeToLive,
                                                taskChannel: ScenarioConfiguration.channels[channel])
                let sid = try engine.createTask(workspace: workspace, request, account: Self.account, now: now).value.sid
                if let task {
                    taskSids[task] = sid
                    names[sid] = "T\(task)"
                }
            }
            return (expected, actual)
        default:
            return try performAnswer(operation)
        }
    }

    private func performAnswer(_ operation: ScenarioOperation) throws -> (expected: ReferenceModel.Outcome, actual: ReferenceModel.Outcome) {
        switch operation {
        case .accept(let reservation):
            let expected = model.answer(reservation, accepts: true, activity: nil, at: time)
            return (expected, updateReservation(reservation, UpdateReservationRequest(reservationStatus: "accepted")))
        case .reject(let reservation, let activity):
            let expected = model.answer(reservation, accepts: false, activity: activity, at: time)
            let request = UpdateReservationRequest(reservationStatus: "rejected", workerActivitySid: activity.map { activitySids[$0] })
            return (expected, updateReservation(reservation, request))
        case .wrap(let reservation):
            let expected = model.finish(reservation, completes: false, at: time)
            return (expected, updateReservation(reservation, UpdateReservationRequest(reservationStatus: "wrapping")))
        case .completeReservation(let reservation):
            let expected = model.finish(reservation, completes: true, at: time)
            return (expected, updateReservation(reservation, UpdateReservationRequest(reservationStatus: "completed")))
        case .completeTask(let task):
            let expected = model.changeTaskStatus(task, to: .completed, reason: "done", at: time)
            return (expected, updateTask(task, UpdateTaskRequest(assignmentStatus: "completed", reason: "done")))
        case .cancelTask(let task):
            let expected = model.changeTaskStatus(task, to: .canceled, reason: "canceled by the test", at: time)
            return (expected, updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled", reason: "canceled by the test")))
        case .updateTask(let task, let attributes, let priority):
            let expected = model.updateTask(task, attributes: attributes, priority: priority, at: time)
            return (expected, updateTask(task, UpdateTaskRequest(attributes: attributes?.json, priority: priority)))
        case .advance(let seconds):
            time += seconds
            model.advance(to: time)
            _ = engine.advance(to: now)
            return (.success, .success)
        default:
            preconditionFailure("operation \(operation) has no handler")
        }
    }

    private func updateReservation(_ reservation: Int, _ request: UpdateReservationRequest) -> ReferenceModel.Outcome {
        guard let sid = reservationSids[reservation] else { preconditionFailure("reservation R\(reservation) has no engine SID") }
        return outcome { () throws(EngineError) in _ = try engine.updateReservation(workspace: workspace, sid: sid, request, account: Self.account, now: now) }
    }

    private func updateTask(_ task: Int, _ request: UpdateTaskRequest) -> ReferenceModel.Outcome {
        guard let sid = taskSids[task] else { preconditionFailure("task T\(task) has no engine SID") }
        return outcome { () throws(EngineError) in _ = try engine.updateTask(workspace: workspace, sid: sid, request, account: Self.account, now: now) }
    }

    /// Runs an engine call and returns success or the code of its error.
    private func outcome(_ body: () throws(EngineError) -> Void) -> ReferenceModel.Outcome {
        do {
            try body()
            return .success
        } catch {
            return .failure(error.code)
        }
    }
}

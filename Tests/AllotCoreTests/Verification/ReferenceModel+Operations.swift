import AllotCore

/// The API calls of the reference model. Each one first fires the timers due
/// at `time`, then validates, applies, and lets freed workers take tasks.
extension ReferenceModel {
    /// Runs one call at `time`: the due timers, then `body`, then the workers
    /// it freed look for tasks. A failed call changes nothing and frees no worker.
    mutating func call(at time: Int, _ body: (inout ReferenceModel) -> Outcome) -> Outcome {
        fireDueTimers(upTo: time)
        let outcome = body(&self)
        if outcome == .success { settle() } else { precondition(workersToMatch.isEmpty, "a failed call changed state") }
        return outcome
    }

    /// Fires due timers without any other change, as `Engine.advance(to:)` does.
    mutating func advance(to time: Int) {
        fireDueTimers(upTo: time)
    }

    mutating func createActivity(name: String, available: Bool, at time: Int) -> Outcome {
        call(at: time) { model in
            model.activities.append(Activity(name: name, available: available))
            return .success
        }
    }

    mutating func createWorker(name: String, attributes: ReferenceAttributes, activity: Int, at time: Int) -> Outcome {
        call(at: time) { model in
            let channels = ScenarioConfiguration.channels.map { _ in WorkerChannel() }
            model.workers.append(Worker(name: name, attributes: attributes, activity: activity, channels: channels,
                                        creationOrder: model.workers.count))
            model.markForMatching(model.workers.count - 1)
            return .success
        }
    }

    mutating func updateWorker(_ worker: Int, attributes: ReferenceAttributes?, activity: Int?, rejectsPending: Bool,
                               at time: Int) -> Outcome {
        call(at: time) { model in
            if rejectsPending {
                guard let activity, !model.activities[activity].available else { return .failure(.invalidArgument) }
            }
            if let attributes { model.workers[worker].attributes = attributes }
            if let activity { model.workers[worker].activity = activity }
            if rejectsPending {
                let pending = model.activeReservations(of: worker).filter { model.reservations[$0].status == .pending }
                for reservation in pending.sorted(by: { model.takesBefore(model.reservations[$0].task, model.reservations[$1].task) }) {
                    model.rejectPending(reservation, activity: activity)
                }
            }
            model.markForMatching(worker)
            return .success
        }
    }

    mutating func updateWorkerChannel(_ worker: Int, channel: Int, capacity: Int?, available: Bool?, at time: Int) -> Outcome {
        call(at: time) { model in
            if let capacity { model.workers[worker].channels[channel].capacity = capacity }
            if let available { model.workers[worker].channels[channel].available = available }
            model.markForMatching(worker)
            return .success
        }
    }

    /// Creates a task and routes it, or fails when no filter matches and the
    /// workflow has no default filter. Returns the outcome and the task's number.
    mutating func createTask(attributes: ReferenceAttributes, priority: Int?, channel: Int, timeToLiveSeconds: Int?,
                             at time: Int) -> (Outcome, Int?) {
        var created: Int?
        let outcome = call(at: time) { model in
            if model.configuration.defaultStep == nil && model.firstMatchingFilter(attributes, from: 0) == nil {
                return .failure(.invalidArgument)
            }
            let task = model.tasks.count
            model.tasks.append(Task(attributes: attributes, priority: priority ?? 0, channel: channel, createdAt: model.now,
                                    creationOrder: task, filterOrigin: model.now))
            model.arm(.timeToLive(task: task), at: model.now + (timeToLiveSeconds ?? Self.defaultTaskTimeToLiveSeconds))
            model.route(task, from: .searchFilters(from: 0, origin: model.now, allowsDefault: true, endReason: "Workflow Skipped"))
            created = task
            return .success
        }
        return (outcome, created)
    }

    /// Accepts or rejects a reservation through the API.
    mutating func answer(_ reservation: Int, accepts: Bool, activity: Int?, at time: Int) -> Outcome {
        call(at: time) { model in
            let record = model.reservations[reservation]
            if record.isRemoved { return .failure(.notFound) }
            if record.status == .rescinded && accepts { return .failure(.gone) }
            guard record.status == .pending else { return .failure(.failedPrecondition) }
            if accepts { model.acceptPending(reservation) } else { model.rejectPending(reservation, activity: activity) }
            return .success
        }
    }

    /// Moves an accepted reservation's task to wrapping, or completes it, through the reservation.
    mutating func finish(_ reservation: Int, completes: Bool, at time: Int) -> Outcome {
        call(at: time) { model in
            let record = model.reservations[reservation]
            if record.isRemoved { return .failure(.notFound) }
            let allowed: [ReservationStatus] = completes ? [.accepted, .wrapping] : [.accepted]
            guard allowed.contains(record.status) else { return .failure(.failedPrecondition) }
            if completes { model.completeTask(record.task, reason: nil) } else { model.wrapTask(record.task) }
            return .success
        }
    }

    /// Changes a task's status through the task API: `canceled` or `completed`.
    mutating func changeTaskStatus(_ task: Int, to status: TaskStatus, reason: String, at time: Int) -> Outcome {
        call(at: time) { model in
            if model.tasks[task].isRemoved { return .failure(.notFound) }
            let current = model.tasks[task].status
            switch status {
            case .canceled:
                guard current.isWaiting else { return .failure(.failedPrecondition) }
                model.cancelTask(task, reason: reason)
            case .completed:
                guard current == .assigned || current == .wrapping else { return .failure(.failedPrecondition) }
                model.completeTask(task, reason: reason)
            default:
                preconditionFailure("the scenario changes tasks only to canceled or completed")
            }
            return .success
        }
    }

    /// Updates a task's attributes or priority. New attributes route a pending
    /// task again from the first filter, with deadlines still counted from its
    /// creation, and a reserved one once it waits again. A priority is kept
    /// only when the current step sets none.
    mutating func updateTask(_ task: Int, attributes: ReferenceAttributes?, priority: Int?, at time: Int) -> Outcome {
        call(at: time) { model in
            if model.tasks[task].isRemoved { return .failure(.notFound) }
            if model.tasks[task].status.isFinished { return .failure(.failedPrecondition) }
            let routed = if case .step = model.tasks[task].placement { true } else { false }
            let reroutes = attributes != nil && model.tasks[task].status == .pending
            let reroutesLater = attributes != nil && model.tasks[task].status == .reserved && routed
            if reroutes || reroutesLater, let attributes, model.configuration.defaultStep == nil,
               model.firstMatchingFilter(attributes, from: 0) == nil {
                return .failure(.invalidArgument)
            }
            if let attributes { model.tasks[task].attributes = attributes }
            if let priority, model.currentStep(task)?.priority == nil { model.tasks[task].priority = priority }
            if reroutesLater { model.tasks[task].reroutesWhenWaiting = true }
            if reroutes {
                model.reroute(task)
            } else {
                model.offerTask(task)
            }
            return .success
        }
    }
}

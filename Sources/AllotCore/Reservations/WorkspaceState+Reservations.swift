extension WorkspaceState {
    /// Updates a reservation through the API: accept, reject (with an
    /// optional activity), or move its task to wrapping or completed.
    mutating func updateReservation(sid: String, _ request: UpdateReservationRequest,
                                    now: Timestamp) throws(EngineError) -> ReservationInfo {
        let handle = try reservationHandle(sid, field: "Sid")
        try InputValidation.version(request.expectedVersion, current: reservations[handle].version,
                                    resource: "reservation \(sid)")
        let target = try requestedStatus(request)
        let activity = try request.workerActivitySid.map { text throws(EngineError) in
            try activityHandle(text, field: "WorkerActivitySid")
        }
        if activity != nil && target != .rejected {
            throw .invalidArgument(field: "WorkerActivitySid", message: "WorkerActivitySid is only accepted when rejecting")
        }
        let current = reservations[handle].status
        let task = reservations[handle].task
        switch target {
        case .accepted, .rejected:
            // Only a late accept fails with `gone`, so that the losing worker's
            // client can tell it apart from other refused changes.
            if current == .rescinded && target == .accepted {
                throw .gone(field: "ReservationStatus",
                            message: "reservation \(sid) was rescinded because another worker accepted the task")
            }
            guard current == .pending else { throw notPending(sid, current) }
            if target == .accepted { acceptPending(handle, now: now) } else { rejectPending(handle, activity: activity, now: now) }
        case .wrapping:
            guard current == .accepted else { throw notPending(sid, current, expected: "accepted") }
            wrapTask(task, reason: nil, now: now)
        case .completed:
            guard current == .accepted || current == .wrapping else {
                throw notPending(sid, current, expected: "accepted or wrapping")
            }
            completeTask(task, reason: nil, now: now)
        default:
            preconditionFailure("unhandled reservation status \(target)")
        }
        return reservationInfo(handle)
    }

    private func requestedStatus(_ request: UpdateReservationRequest) throws(EngineError) -> ReservationStatus {
        if let instruction = request.instruction {
            guard let status = ReservationStatus.instructionsInAnyCase.value(named: instruction) else {
                throw .invalidArgument(field: "Instruction",
                                       message: "Instruction \(EngineError.quoted(instruction)) is not supported; use accept or reject")
            }
            return status
        }
        guard let text = request.reservationStatus else {
            throw .invalidArgument(field: "ReservationStatus",
                                   message: "ReservationStatus is missing; pass accepted, rejected, wrapping or completed")
        }
        switch ReservationStatus.namesInAnyCase.value(named: text) {
        case let status? where status == .accepted || status == .rejected || status == .wrapping || status == .completed:
            return status
        default:
            throw .invalidArgument(field: "ReservationStatus",
                                   message: "ReservationStatus \(EngineError.quoted(text)) is not accepted, rejected, "
                                       + "wrapping or completed")
        }
    }

    private func notPending(_ sid: String, _ current: ReservationStatus, expected: String = "pending") -> EngineError {
        let phrase = Self.statePhrase(current)
        // The status name is added only where the phrase does not end with it.
        let description = phrase.hasSuffix(current.rawValue) ? phrase : "\(phrase) (status \(current.rawValue))"
        return .failedPrecondition(field: "ReservationStatus",
                                   message: "reservation \(sid) \(description); it must be \(expected) for this change")
    }

    /// Returns the reservation's status as a verb phrase, because "has timed
    /// out" reads better in a message than "is timeout".
    private static func statePhrase(_ status: ReservationStatus) -> String {
        switch status {
        case .pending: "is pending"
        case .accepted: "was already accepted"
        case .rejected: "was already rejected"
        case .timeout: "has timed out"
        case .canceled: "was canceled"
        case .rescinded: "was rescinded"
        case .wrapping: "is wrapping up"
        case .completed: "is completed"
        }
    }

    func fetchReservation(sid: String) throws(EngineError) -> ReservationInfo {
        reservationInfo(try reservationHandle(sid, field: "Sid"))
    }
}

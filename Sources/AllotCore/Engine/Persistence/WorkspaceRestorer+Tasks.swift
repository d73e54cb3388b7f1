extension WorkspaceRestorer {
    /// Converts a task's image; `attributes`, when given, are its attributes parsed already.
    func taskRecord(_ image: SnapshotImage.Task, attributes: AttributeValue? = nil) throws(SnapshotRestoreError) -> TaskRecord {
        let routingTarget: RoutingTarget?
        do {
            routingTarget = try image.routingTarget.map { text throws(EngineError) in try RoutingTarget.parse(text) }
        } catch {
            throw .inconsistent(workspaceSid: sid, reason: "task \(image.sid) has an invalid routing target: \(error)")
        }
        let parsedAttributes: AttributeValue
        if let attributes {
            parsedAttributes = attributes
        } else {
            parsedAttributes = try parseAttributes(image.attributes, owner: image.sid)
        }
        return TaskRecord(
            sidValue: try sidValue(image.sid, .task, of: "a task"), sequence: image.sequence, createdAt: Timestamp(unixMilliseconds: image.createdMilliseconds),
            updatedAt: Timestamp(unixMilliseconds: image.updatedMilliseconds), version: image.version,
            attributes: parsedAttributes, priority: Int(image.priority),
            timeoutSeconds: Int(image.timeoutSeconds), channel: ChannelHandle(image.taskChannel),
            workflow: image.workflow.map(WorkflowHandle.init),
            virtualStartTime: Timestamp(unixMilliseconds: image.virtualStartMilliseconds), routingTarget: routingTarget,
            ignoreCapacity: image.ignoreCapacity, status: image.status, reason: image.reason,
            placement: try placement(image.placement, task: image.sid),
            filterEnteredAt: Timestamp(unixMilliseconds: image.filterEnteredMilliseconds),
            queue: image.taskQueue.map(QueueHandle.init),
            queueEnteredAt: Timestamp(unixMilliseconds: image.taskQueueEnteredMilliseconds),
            reservations: image.reservations.map(ReservationHandle.init),
            pendingReservationCount: image.pendingReservationCount, assignmentCount: image.assignmentCount,
            rejectedBy: Set(image.rejectedBy), acceptedReservation: image.acceptedReservation.map(ReservationHandle.init),
            assignedAt: image.assignedMilliseconds.map { Timestamp(unixMilliseconds: $0) }, isMatchable: image.isMatchable,
            reroutesWhenWaiting: image.reroutesWhenWaiting,
            // Snapshots written before the flag existed tell a task that left
            // its entry filter by its later filter start, as the engine did then.
            leftEntryFilter: image.leftEntryFilter || image.filterEnteredMilliseconds != image.createdMilliseconds)
    }

    /// Resolves a stored placement, checking that a step exists in its document.
    private func placement(_ image: SnapshotImage.Placement?, task: String) throws(SnapshotRestoreError) -> TaskPlacement {
        switch image {
        case nil:
            return .none
        case .taskQueue(let queue):
            return .queue(QueueHandle(queue))
        case .worker(let worker):
            return .worker(WorkerHandle(worker))
        case .step(let id, let filterIndex, let stepIndex):
            guard let document = documents[id] else {
                throw .inconsistent(workspaceSid: sid, reason: "task \(task) routes by missing routing document \(id)")
            }
            let exists: Bool
            if let filterIndex {
                exists = filterIndex >= 0 && Int(filterIndex) < document.filters.count && stepIndex >= 0
                    && Int(stepIndex) < document.filters[Int(filterIndex)].steps.count
            } else {
                exists = document.defaultStep != nil && stepIndex == 0
            }
            guard exists else {
                throw .inconsistent(workspaceSid: sid, reason: "task \(task) is at a step its routing document \(id) lacks")
            }
            return .step(workflow: document, filterIndex: filterIndex.map(Int.init), stepIndex: Int(stepIndex))
        }
    }
}

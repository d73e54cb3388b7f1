extension WorkspaceState {
    func taskImage(_ handle: TaskHandle, documentIDs: [ObjectIdentifier: UInt32]) -> SnapshotImage.Task {
        Self.taskImage(tasks[handle], handle: handle, documentIDs: documentIDs)
    }

    /// Takes the task borrowed from its table's slot, which saves copying, and so retaining,
    /// every field of each of a million tasks.
    private static func taskImage(_ task: borrowing TaskRecord, handle: TaskHandle,
                                  documentIDs: [ObjectIdentifier: UInt32]) -> SnapshotImage.Task {
        var image = SnapshotImage.Task()
        image.handle = handle.index
        image.sid = task.sid
        image.sequence = task.sequence
        image.createdMilliseconds = task.createdAt.unixMilliseconds
        image.updatedMilliseconds = task.updatedAt.unixMilliseconds
        image.version = task.version
        image.attributes = task.attributes.jsonText
        image.priority = Int64(task.priority)
        image.timeoutSeconds = Int64(task.timeoutSeconds)
        image.taskChannel = task.channel.index
        image.workflow = task.workflow?.index
        image.virtualStartMilliseconds = task.virtualStartTime.unixMilliseconds
        image.routingTarget = task.routingTarget?.sid
        image.ignoreCapacity = task.ignoreCapacity
        image.status = task.status
        image.reason = task.reason
        switch task.placement {
        case .none:
            image.placement = nil
        case .step(let document, let filterIndex, let stepIndex):
            guard let id = documentIDs[ObjectIdentifier(document)] else {
                preconditionFailure("routing document of task \(task.sid) not registered")
            }
            image.placement = .step(document: id, filterIndex: filterIndex.map(Int32.init), stepIndex: Int32(stepIndex))
        case .queue(let queue):
            image.placement = .taskQueue(queue.index)
        case .worker(let worker):
            image.placement = .worker(worker.index)
        }
        image.filterEnteredMilliseconds = task.filterEnteredAt.unixMilliseconds
        image.taskQueue = task.queue?.index
        image.taskQueueEnteredMilliseconds = task.queueEnteredAt.unixMilliseconds
        image.reservations = task.reservations.map(\.index)
        image.pendingReservationCount = task.pendingReservationCount
        image.assignmentCount = task.assignmentCount
        image.rejectedBy = task.rejectedBy.sorted()
        image.acceptedReservation = task.acceptedReservation?.index
        image.assignedMilliseconds = task.assignedAt?.unixMilliseconds
        image.isMatchable = task.isMatchable
        image.reroutesWhenWaiting = task.reroutesWhenWaiting
        image.leftEntryFilter = task.leftEntryFilter
        return image
    }

    func reservationImage(_ handle: ReservationHandle) -> SnapshotImage.Reservation {
        let reservation = reservations[handle]
        var image = SnapshotImage.Reservation()
        image.handle = handle.index
        image.sid = reservation.sid
        image.sequence = reservation.sequence
        image.task = reservation.task.index
        image.worker = reservation.worker.index
        image.workerSid = reservation.workerSid
        image.workerName = reservation.workerName
        image.taskQueue = reservation.queue?.index
        image.workflow = reservation.workflow?.index
        image.taskQueueSid = reservation.queueSid
        image.workflowSid = reservation.workflowSid
        image.taskChannel = reservation.channel.index
        image.status = reservation.status
        image.createdMilliseconds = reservation.createdAt.unixMilliseconds
        image.updatedMilliseconds = reservation.updatedAt.unixMilliseconds
        image.version = reservation.version
        image.previousActivity = reservation.previousActivity.index
        image.timeoutSeconds = Int64(reservation.timeoutSeconds)
        return image
    }

    static func timerImage(_ entry: TimerHeap.Entry) -> SnapshotImage.Timer {
        var image = SnapshotImage.Timer()
        switch entry.id {
        case .taskTimeToLive(let task):
            image.kind = .taskTimeToLive
            image.target = task.index
        case .stepTimeout(let task):
            image.kind = .stepTimeout
            image.target = task.index
        case .assignedLifetime(let task):
            image.kind = .assignedLifetime
            image.target = task.index
        case .retention(let task):
            image.kind = .retention
            image.target = task.index
        case .reservationTimeout(let reservation):
            image.kind = .reservationTimeout
            image.target = reservation.index
        case .clockMinute:
            image.kind = .clockMinute
            image.target = 0
        }
        image.deadlineMilliseconds = entry.key.deadline.unixMilliseconds
        image.sequence = entry.key.sequence
        return image
    }

    static func tableImage<Record>(_ table: ResourceTable<Record>) -> SnapshotImage.Table {
        SnapshotImage.Table(slotCount: Int32(table.slots.count), freeSlots: Array(table.freeSlots))
    }

    static func countersImage(_ counters: CumulativeCounters) -> SnapshotImage.Counters {
        var image = SnapshotImage.Counters()
        image.reservationsCreated = Int64(counters.reservationsCreated)
        image.reservationsAccepted = Int64(counters.reservationsAccepted)
        image.reservationsRejected = Int64(counters.reservationsRejected)
        image.reservationsTimedOut = Int64(counters.reservationsTimedOut)
        image.reservationsCanceled = Int64(counters.reservationsCanceled)
        image.reservationsRescinded = Int64(counters.reservationsRescinded)
        image.tasksEntered = Int64(counters.tasksEntered)
        image.tasksCanceled = Int64(counters.tasksCanceled)
        image.tasksCompleted = Int64(counters.tasksCompleted)
        image.tasksDeleted = Int64(counters.tasksDeleted)
        image.tasksMoved = Int64(counters.tasksMoved)
        image.tasksTimedOutInWorkflow = Int64(counters.tasksTimedOutInWorkflow)
        image.waitUntilAccepted = durationImage(counters.waitUntilAccepted)
        image.waitUntilCanceled = durationImage(counters.waitUntilCanceled)
        image.waitInQueueUntilAccepted = durationImage(counters.waitInQueueUntilAccepted)
        return image
    }

    static func durationImage(_ summary: DurationSummary) -> SnapshotImage.DurationValues {
        var image = SnapshotImage.DurationValues()
        image.count = Int64(summary.count)
        image.totalMilliseconds = summary.totalMilliseconds
        image.minimumMilliseconds = summary.minimumMilliseconds
        image.maximumMilliseconds = summary.maximumMilliseconds
        return image
    }

    /// Durations by activity, in activity handle order so that the output
    /// does not depend on dictionary order.
    static func durationsImage(_ durations: [ActivityHandle: DurationSummary]) -> [SnapshotImage.ActivityDuration] {
        durations.sorted { $0.key < $1.key }.map { SnapshotImage.ActivityDuration(activity: $0.key.index, summary: durationImage($0.value)) }
    }
}

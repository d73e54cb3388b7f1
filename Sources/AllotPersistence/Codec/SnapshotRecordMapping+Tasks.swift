import AllotCore
import AllotWire

extension SnapshotRecordMapping {
    static func wire(_ image: SnapshotImage.Task) -> Wire.SnapshotTask {
        Wire.SnapshotTask(
            handle: image.handle, sid: image.sid, sequence: image.sequence,
            createdUnixMilliseconds: image.createdMilliseconds, updatedUnixMilliseconds: image.updatedMilliseconds,
            version: image.version, attributes: image.attributes, priority: image.priority,
            timeoutSeconds: image.timeoutSeconds, taskChannel: image.taskChannel, workflow: image.workflow,
            virtualStartTimeUnixMilliseconds: image.virtualStartMilliseconds, routingTarget: image.routingTarget,
            ignoreCapacity: image.ignoreCapacity, status: wire(image.status), reason: image.reason,
            placement: image.placement.map(wire), filterEnteredUnixMilliseconds: image.filterEnteredMilliseconds,
            taskQueue: image.taskQueue, taskQueueEnteredUnixMilliseconds: image.taskQueueEnteredMilliseconds,
            reservations: image.reservations, pendingReservationCount: image.pendingReservationCount,
            assignmentCount: image.assignmentCount, rejectedBy: image.rejectedBy,
            acceptedReservation: image.acceptedReservation, assignedUnixMilliseconds: image.assignedMilliseconds,
            isMatchable: image.isMatchable, reroutesWhenWaiting: image.reroutesWhenWaiting,
            leftEntryFilter: image.leftEntryFilter)
    }

    static func image(_ wire: Wire.SnapshotTask) throws(PersistenceCodecError) -> SnapshotImage.Task {
        var image = SnapshotImage.Task()
        image.handle = wire.handle
        image.sid = wire.sid
        image.sequence = wire.sequence
        image.createdMilliseconds = wire.createdUnixMilliseconds
        image.updatedMilliseconds = wire.updatedUnixMilliseconds
        image.version = wire.version
        image.attributes = wire.attributes
        image.priority = wire.priority
        image.timeoutSeconds = wire.timeoutSeconds
        image.taskChannel = wire.taskChannel
        image.workflow = wire.workflow
        image.virtualStartMilliseconds = wire.virtualStartTimeUnixMilliseconds
        image.routingTarget = wire.routingTarget
        image.ignoreCapacity = wire.ignoreCapacity
        image.status = try taskStatus(wire.status, task: wire.sid)
        image.reason = wire.reason
        image.placement = wire.placement.map(placement)
        image.filterEnteredMilliseconds = wire.filterEnteredUnixMilliseconds
        image.taskQueue = wire.taskQueue
        image.taskQueueEnteredMilliseconds = wire.taskQueueEnteredUnixMilliseconds
        image.reservations = wire.reservations
        image.pendingReservationCount = wire.pendingReservationCount
        image.assignmentCount = wire.assignmentCount
        image.rejectedBy = wire.rejectedBy
        image.acceptedReservation = wire.acceptedReservation
        image.assignedMilliseconds = wire.assignedUnixMilliseconds
        image.isMatchable = wire.isMatchable
        image.reroutesWhenWaiting = wire.reroutesWhenWaiting
        image.leftEntryFilter = wire.leftEntryFilter
        return image
    }

    static func wire(_ placement: SnapshotImage.Placement) -> Wire.SnapshotTask.Placement {
        switch placement {
        case .step(let document, let filterIndex, let stepIndex):
            .step(Wire.SnapshotStepPlacement(document: document, filterIndex: filterIndex, stepIndex: stepIndex))
        case .taskQueue(let queue):
            .placementTaskQueue(queue)
        case .worker(let worker):
            .placementWorker(worker)
        }
    }

    static func placement(_ wire: Wire.SnapshotTask.Placement) -> SnapshotImage.Placement {
        switch wire {
        case .step(let step): .step(document: step.document, filterIndex: step.filterIndex, stepIndex: step.stepIndex)
        case .placementTaskQueue(let queue): .taskQueue(queue)
        case .placementWorker(let worker): .worker(worker)
        }
    }

    static func wire(_ status: TaskStatus) -> Wire.SnapshotTaskStatus {
        switch status {
        case .pending: .pending
        case .reserved: .reserved
        case .assigned: .assigned
        case .canceled: .canceled
        case .completed: .completed
        case .wrapping: .wrapping
        }
    }

    static func taskStatus(_ wire: Wire.SnapshotTaskStatus, task: String) throws(PersistenceCodecError) -> TaskStatus {
        switch wire {
        case .pending: return .pending
        case .reserved: return .reserved
        case .assigned: return .assigned
        case .canceled: return .canceled
        case .completed: return .completed
        case .wrapping: return .wrapping
        case .unspecified, .unrecognized: throw .invalidField(kind: "task \(task)", field: "status", value: wire.name)
        }
    }

    static func wire(_ image: SnapshotImage.Reservation) -> Wire.SnapshotReservation {
        Wire.SnapshotReservation(
            handle: image.handle, sid: image.sid, sequence: image.sequence, task: image.task, worker: image.worker,
            workerSID: image.workerSid, workerName: image.workerName, taskQueue: image.taskQueue,
            workflow: image.workflow, taskQueueSID: image.taskQueueSid, workflowSID: image.workflowSid,
            taskChannel: image.taskChannel, status: wire(image.status),
            createdUnixMilliseconds: image.createdMilliseconds, updatedUnixMilliseconds: image.updatedMilliseconds,
            version: image.version, previousActivity: image.previousActivity, timeoutSeconds: image.timeoutSeconds)
    }

    static func image(_ wire: Wire.SnapshotReservation) throws(PersistenceCodecError) -> SnapshotImage.Reservation {
        var image = SnapshotImage.Reservation()
        image.handle = wire.handle
        image.sid = wire.sid
        image.sequence = wire.sequence
        image.task = wire.task
        image.worker = wire.worker
        image.workerSid = wire.workerSID
        image.workerName = wire.workerName
        image.taskQueue = wire.taskQueue
        image.workflow = wire.workflow
        image.taskQueueSid = wire.taskQueueSID
        image.workflowSid = wire.workflowSID
        image.taskChannel = wire.taskChannel
        image.status = try reservationStatus(wire.status, reservation: wire.sid)
        image.createdMilliseconds = wire.createdUnixMilliseconds
        image.updatedMilliseconds = wire.updatedUnixMilliseconds
        image.version = wire.version
        image.previousActivity = wire.previousActivity
        image.timeoutSeconds = wire.timeoutSeconds
        return image
    }

    static func wire(_ status: ReservationStatus) -> Wire.SnapshotReservationStatus {
        switch status {
        case .pending: .pending
        case .accepted: .accepted
        case .rejected: .rejected
        case .timeout: .timeout
        case .canceled: .canceled
        case .rescinded: .rescinded
        case .wrapping: .wrapping
        case .completed: .completed
        }
    }

    static func reservationStatus(_ wire: Wire.SnapshotReservationStatus,
                                  reservation: String) throws(PersistenceCodecError) -> ReservationStatus {
        switch wire {
        case .pending: return .pending
        case .accepted: return .accepted
        case .rejected: return .rejected
        case .timeout: return .timeout
        case .canceled: return .canceled
        case .rescinded: return .rescinded
        case .wrapping: return .wrapping
        case .completed: return .completed
        case .unspecified, .unrecognized:
            throw .invalidField(kind: "reservation \(reservation)", field: "status", value: wire.name)
        }
    }

    static func wire(_ image: SnapshotImage.Timer) -> Wire.SnapshotTimer {
        let kind: Wire.SnapshotTimerKind = switch image.kind {
        case .taskTimeToLive: .taskTimeToLive
        case .stepTimeout: .stepTimeout
        case .assignedLifetime: .assignedLifetime
        case .retention: .retention
        case .reservationTimeout: .reservationTimeout
        case .clockMinute: .clockMinute
        }
        return Wire.SnapshotTimer(kind: kind, target: image.target, deadlineUnixMilliseconds: image.deadlineMilliseconds,
                                  sequence: image.sequence)
    }

    static func image(_ wire: Wire.SnapshotTimer) throws(PersistenceCodecError) -> SnapshotImage.Timer {
        var image = SnapshotImage.Timer()
        switch wire.kind {
        case .taskTimeToLive: image.kind = .taskTimeToLive
        case .stepTimeout: image.kind = .stepTimeout
        case .assignedLifetime: image.kind = .assignedLifetime
        case .retention: image.kind = .retention
        case .reservationTimeout: image.kind = .reservationTimeout
        case .clockMinute: image.kind = .clockMinute
        case .unspecified, .unrecognized: throw .invalidField(kind: "timer", field: "kind", value: wire.kind.name)
        }
        image.target = wire.target
        image.deadlineMilliseconds = wire.deadlineUnixMilliseconds
        image.sequence = wire.sequence
        return image
    }
}

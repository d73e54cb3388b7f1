import AllotCore
import AllotWire

extension SnapshotRecordMapping {
    static func wire(_ image: SnapshotImage.Activity) -> Wire.SnapshotActivity {
        Wire.SnapshotActivity(handle: image.handle, sid: image.sid, friendlyName: image.friendlyName,
                              available: image.available, createdUnixMilliseconds: image.createdMilliseconds,
                              updatedUnixMilliseconds: image.updatedMilliseconds, sequence: image.sequence)
    }

    static func image(_ wire: Wire.SnapshotActivity) -> SnapshotImage.Activity {
        var image = SnapshotImage.Activity()
        image.handle = wire.handle
        image.sid = wire.sid
        image.friendlyName = wire.friendlyName
        image.available = wire.available
        image.createdMilliseconds = wire.createdUnixMilliseconds
        image.updatedMilliseconds = wire.updatedUnixMilliseconds
        image.sequence = wire.sequence
        return image
    }

    static func wire(_ image: SnapshotImage.TaskChannel) -> Wire.SnapshotTaskChannel {
        Wire.SnapshotTaskChannel(handle: image.handle, sid: image.sid, friendlyName: image.friendlyName,
                                 uniqueName: image.uniqueName, channelOptimizedRouting: image.channelOptimizedRouting,
                                 createdUnixMilliseconds: image.createdMilliseconds,
                                 updatedUnixMilliseconds: image.updatedMilliseconds, sequence: image.sequence)
    }

    static func image(_ wire: Wire.SnapshotTaskChannel) -> SnapshotImage.TaskChannel {
        var image = SnapshotImage.TaskChannel()
        image.handle = wire.handle
        image.sid = wire.sid
        image.friendlyName = wire.friendlyName
        image.uniqueName = wire.uniqueName
        image.channelOptimizedRouting = wire.channelOptimizedRouting
        image.createdMilliseconds = wire.createdUnixMilliseconds
        image.updatedMilliseconds = wire.updatedUnixMilliseconds
        image.sequence = wire.sequence
        return image
    }

    static func wire(_ image: SnapshotImage.WorkerChannel) -> Wire.SnapshotWorkerChannel {
        Wire.SnapshotWorkerChannel(taskChannel: image.taskChannel, sid: image.sid,
                                   configuredCapacity: image.configuredCapacity, available: image.available,
                                   activeCount: image.activeCount, assignedCount: image.assignedCount,
                                   idleTicket: image.idleTicket, createdUnixMilliseconds: image.createdMilliseconds,
                                   updatedUnixMilliseconds: image.updatedMilliseconds)
    }

    static func image(_ wire: Wire.SnapshotWorkerChannel) -> SnapshotImage.WorkerChannel {
        var image = SnapshotImage.WorkerChannel()
        image.taskChannel = wire.taskChannel
        image.sid = wire.sid
        image.configuredCapacity = wire.configuredCapacity
        image.available = wire.available
        image.activeCount = wire.activeCount
        image.assignedCount = wire.assignedCount
        image.idleTicket = wire.idleTicket
        image.createdMilliseconds = wire.createdUnixMilliseconds
        image.updatedMilliseconds = wire.updatedUnixMilliseconds
        return image
    }

    static func wire(_ image: SnapshotImage.Worker) -> Wire.SnapshotWorker {
        Wire.SnapshotWorker(
            handle: image.handle, sid: image.sid, friendlyName: image.friendlyName, attributes: image.attributes,
            activity: image.activity, activityChangedUnixMilliseconds: image.activityChangedMilliseconds,
            createdUnixMilliseconds: image.createdMilliseconds, updatedUnixMilliseconds: image.updatedMilliseconds,
            version: image.version, sequence: image.sequence, taskQueues: image.taskQueues,
            channelSlotCount: UInt32(clamping: image.channelSlotCount), channels: image.channels.map(wire),
            idleTicket: image.idleTicket, activeReservations: image.activeReservations,
            reservations: image.reservations, counters: wire(image.counters),
            activityDurations: image.activityDurations.map(wire), recentStatistics: image.recentStatistics.map(wire))
    }

    static func image(_ wire: Wire.SnapshotWorker) -> SnapshotImage.Worker {
        var image = SnapshotImage.Worker()
        image.handle = wire.handle
        image.sid = wire.sid
        image.friendlyName = wire.friendlyName
        image.attributes = wire.attributes
        image.activity = wire.activity
        image.activityChangedMilliseconds = wire.activityChangedUnixMilliseconds
        image.createdMilliseconds = wire.createdUnixMilliseconds
        image.updatedMilliseconds = wire.updatedUnixMilliseconds
        image.version = wire.version
        image.sequence = wire.sequence
        image.taskQueues = wire.taskQueues
        image.channelSlotCount = Int32(exactly: wire.channelSlotCount) ?? -1
        image.channels = wire.channels.map { Self.image($0) }
        image.idleTicket = wire.idleTicket
        image.activeReservations = wire.activeReservations
        image.reservations = wire.reservations
        image.counters = counters(wire.counters)
        image.activityDurations = wire.activityDurations.map(activityDuration)
        image.recentStatistics = wire.recentStatistics.map { Self.image($0) }
        return image
    }

    static func wire(_ image: SnapshotImage.TaskQueue) -> Wire.SnapshotTaskQueue {
        Wire.SnapshotTaskQueue(
            handle: image.handle, sid: image.sid, friendlyName: image.friendlyName, targetWorkers: image.targetWorkers,
            reservationActivity: image.reservationActivity, assignmentActivity: image.assignmentActivity,
            maxReservedWorkers: image.maxReservedWorkers, taskOrder: wire(image.taskOrder),
            createdUnixMilliseconds: image.createdMilliseconds, updatedUnixMilliseconds: image.updatedMilliseconds,
            sequence: image.sequence, counters: wire(image.counters), recentStatistics: image.recentStatistics.map(wire))
    }

    static func image(_ wire: Wire.SnapshotTaskQueue) throws(PersistenceCodecError) -> SnapshotImage.TaskQueue {
        var image = SnapshotImage.TaskQueue()
        image.handle = wire.handle
        image.sid = wire.sid
        image.friendlyName = wire.friendlyName
        image.targetWorkers = wire.targetWorkers
        image.reservationActivity = wire.reservationActivity
        image.assignmentActivity = wire.assignmentActivity
        image.maxReservedWorkers = wire.maxReservedWorkers
        image.taskOrder = try taskOrder(wire.taskOrder, kind: "task queue \(wire.sid)")
        image.createdMilliseconds = wire.createdUnixMilliseconds
        image.updatedMilliseconds = wire.updatedUnixMilliseconds
        image.sequence = wire.sequence
        image.counters = counters(wire.counters)
        image.recentStatistics = wire.recentStatistics.map { Self.image($0) }
        return image
    }

    static func wire(_ image: SnapshotImage.RoutingDocument) -> Wire.SnapshotRoutingDocument {
        Wire.SnapshotRoutingDocument(id: image.id, configuration: image.configuration)
    }

    static func image(_ wire: Wire.SnapshotRoutingDocument) -> SnapshotImage.RoutingDocument {
        var image = SnapshotImage.RoutingDocument()
        image.id = wire.id
        image.configuration = wire.configuration
        return image
    }

    static func wire(_ image: SnapshotImage.Workflow) -> Wire.SnapshotWorkflow {
        Wire.SnapshotWorkflow(
            handle: image.handle, sid: image.sid, friendlyName: image.friendlyName, document: image.document,
            assignmentCallbackURL: image.assignmentCallbackUrl,
            fallbackAssignmentCallbackURL: image.fallbackAssignmentCallbackUrl,
            taskReservationTimeoutSeconds: image.taskReservationTimeoutSeconds,
            createdUnixMilliseconds: image.createdMilliseconds, updatedUnixMilliseconds: image.updatedMilliseconds,
            sequence: image.sequence, counters: wire(image.counters), recentStatistics: image.recentStatistics.map(wire))
    }

    static func image(_ wire: Wire.SnapshotWorkflow) -> SnapshotImage.Workflow {
        var image = SnapshotImage.Workflow()
        image.handle = wire.handle
        image.sid = wire.sid
        image.friendlyName = wire.friendlyName
        image.document = wire.document
        image.assignmentCallbackUrl = wire.assignmentCallbackURL
        image.fallbackAssignmentCallbackUrl = wire.fallbackAssignmentCallbackURL
        image.taskReservationTimeoutSeconds = wire.taskReservationTimeoutSeconds
        image.createdMilliseconds = wire.createdUnixMilliseconds
        image.updatedMilliseconds = wire.updatedUnixMilliseconds
        image.sequence = wire.sequence
        image.counters = counters(wire.counters)
        image.recentStatistics = wire.recentStatistics.map { Self.image($0) }
        return image
    }
}

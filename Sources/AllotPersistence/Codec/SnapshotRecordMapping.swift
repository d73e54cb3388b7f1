import AllotCore
import AllotWire

/// Conversion between the engine's snapshot images and the generated
/// `Wire.Snapshot*` messages of proto/storage.proto.
enum SnapshotRecordMapping {
    static func wire(_ image: SnapshotImage.Workspace) -> Wire.SnapshotWorkspace {
        Wire.SnapshotWorkspace(
            sid: image.sid, accountSID: image.accountSid, friendlyName: image.friendlyName,
            eventCallbackURL: image.eventCallbackUrl, eventsFiltered: image.eventsFilter != nil,
            eventsFilter: image.eventsFilter ?? [], defaultActivity: image.defaultActivity,
            timeoutActivity: image.timeoutActivity, multiTaskEnabled: image.multiTaskEnabled,
            prioritizeQueueOrder: wire(image.prioritizeQueueOrder), createdUnixMilliseconds: image.createdMilliseconds,
            updatedUnixMilliseconds: image.updatedMilliseconds, sidGeneratorState: image.sidGeneratorState,
            nextSequence: image.nextSequence, nextIdleTicket: image.nextIdleTicket,
            nextTimerSequence: image.nextTimerSequence, nextEventSequence: image.nextEventSequence,
            counters: wire(image.counters), activityDurations: image.activityDurations.map(wire),
            activities: wire(image.activities), taskChannels: wire(image.taskChannels), workers: wire(image.workers),
            taskQueues: wire(image.taskQueues), workflows: wire(image.workflows), tasks: wire(image.tasks),
            reservations: wire(image.reservations), recentStatistics: image.recentStatistics.map(wire))
    }

    static func image(_ wire: Wire.SnapshotWorkspace) throws(PersistenceCodecError) -> SnapshotImage.Workspace {
        var image = SnapshotImage.Workspace()
        image.sid = wire.sid
        image.accountSid = wire.accountSID
        image.friendlyName = wire.friendlyName
        image.eventCallbackUrl = wire.eventCallbackURL
        image.eventsFilter = wire.eventsFiltered ? wire.eventsFilter : nil
        image.defaultActivity = wire.defaultActivity
        image.timeoutActivity = wire.timeoutActivity
        image.multiTaskEnabled = wire.multiTaskEnabled
        image.prioritizeQueueOrder = try taskOrder(wire.prioritizeQueueOrder, kind: "workspace")
        image.createdMilliseconds = wire.createdUnixMilliseconds
        image.updatedMilliseconds = wire.updatedUnixMilliseconds
        image.sidGeneratorState = wire.sidGeneratorState
        image.nextSequence = wire.nextSequence
        image.nextIdleTicket = wire.nextIdleTicket
        image.nextTimerSequence = wire.nextTimerSequence
        image.nextEventSequence = wire.nextEventSequence
        image.counters = counters(wire.counters)
        image.activityDurations = wire.activityDurations.map(activityDuration)
        image.recentStatistics = wire.recentStatistics.map { Self.image($0) }
        image.activities = table(wire.activities)
        image.taskChannels = table(wire.taskChannels)
        image.workers = table(wire.workers)
        image.taskQueues = table(wire.taskQueues)
        image.workflows = table(wire.workflows)
        image.tasks = table(wire.tasks)
        image.reservations = table(wire.reservations)
        return image
    }

    // MARK: Shared pieces

    static func wire(_ table: SnapshotImage.Table) -> Wire.SnapshotTable {
        Wire.SnapshotTable(slotCount: UInt32(clamping: table.slotCount), freeSlots: table.freeSlots)
    }

    static func table(_ wire: Wire.SnapshotTable?) -> SnapshotImage.Table {
        guard let wire else { return SnapshotImage.Table() }
        // A count beyond Int32 becomes -1, which the restorer rejects with a message.
        return SnapshotImage.Table(slotCount: Int32(exactly: wire.slotCount) ?? -1, freeSlots: wire.freeSlots)
    }

    static func wire(_ values: SnapshotImage.DurationValues) -> Wire.SnapshotDurationSummary {
        Wire.SnapshotDurationSummary(count: values.count, totalMilliseconds: values.totalMilliseconds,
                                     minimumMilliseconds: values.minimumMilliseconds,
                                     maximumMilliseconds: values.maximumMilliseconds)
    }

    static func durationValues(_ wire: Wire.SnapshotDurationSummary?) -> SnapshotImage.DurationValues {
        var values = SnapshotImage.DurationValues()
        guard let wire else { return values }
        values.count = wire.count
        values.totalMilliseconds = wire.totalMilliseconds
        values.minimumMilliseconds = wire.minimumMilliseconds
        values.maximumMilliseconds = wire.maximumMilliseconds
        return values
    }

    static func wire(_ duration: SnapshotImage.ActivityDuration) -> Wire.SnapshotActivityDuration {
        Wire.SnapshotActivityDuration(activity: duration.activity, summary: wire(duration.summary))
    }

    static func activityDuration(_ wire: Wire.SnapshotActivityDuration) -> SnapshotImage.ActivityDuration {
        SnapshotImage.ActivityDuration(activity: wire.activity, summary: durationValues(wire.summary))
    }

    static func wire(_ counters: SnapshotImage.Counters) -> Wire.SnapshotCounters {
        Wire.SnapshotCounters(
            reservationsCreated: counters.reservationsCreated, reservationsAccepted: counters.reservationsAccepted,
            reservationsRejected: counters.reservationsRejected, reservationsTimedOut: counters.reservationsTimedOut,
            reservationsCanceled: counters.reservationsCanceled, reservationsRescinded: counters.reservationsRescinded,
            tasksEntered: counters.tasksEntered, tasksCanceled: counters.tasksCanceled,
            tasksCompleted: counters.tasksCompleted, tasksDeleted: counters.tasksDeleted, tasksMoved: counters.tasksMoved,
            tasksTimedOutInWorkflow: counters.tasksTimedOutInWorkflow,
            waitUntilAccepted: wire(counters.waitUntilAccepted), waitUntilCanceled: wire(counters.waitUntilCanceled),
            waitInQueueUntilAccepted: wire(counters.waitInQueueUntilAccepted))
    }

    static func counters(_ wire: Wire.SnapshotCounters?) -> SnapshotImage.Counters {
        var counters = SnapshotImage.Counters()
        guard let wire else { return counters }
        counters.reservationsCreated = wire.reservationsCreated
        counters.reservationsAccepted = wire.reservationsAccepted
        counters.reservationsRejected = wire.reservationsRejected
        counters.reservationsTimedOut = wire.reservationsTimedOut
        counters.reservationsCanceled = wire.reservationsCanceled
        counters.reservationsRescinded = wire.reservationsRescinded
        counters.tasksEntered = wire.tasksEntered
        counters.tasksCanceled = wire.tasksCanceled
        counters.tasksCompleted = wire.tasksCompleted
        counters.tasksDeleted = wire.tasksDeleted
        counters.tasksMoved = wire.tasksMoved
        counters.tasksTimedOutInWorkflow = wire.tasksTimedOutInWorkflow
        counters.waitUntilAccepted = durationValues(wire.waitUntilAccepted)
        counters.waitUntilCanceled = durationValues(wire.waitUntilCanceled)
        counters.waitInQueueUntilAccepted = durationValues(wire.waitInQueueUntilAccepted)
        return counters
    }

    static func wire(_ order: TaskOrder) -> Wire.SnapshotTaskOrder {
        switch order {
        case .fifo: .fifo
        case .lifo: .lifo
        }
    }

    static func taskOrder(_ wire: Wire.SnapshotTaskOrder, kind: String) throws(PersistenceCodecError) -> TaskOrder {
        switch wire {
        case .fifo: return .fifo
        case .lifo: return .lifo
        case .unspecified, .unrecognized:
            throw .invalidField(kind: kind, field: "task order", value: wire.name)
        }
    }
}

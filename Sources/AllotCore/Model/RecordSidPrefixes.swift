/// The SID prefix of each record type, with which its table reads SIDs into
/// the 128-bit keys of its SID index.
extension ActivityRecord {
    static let sidPrefix = SidPrefix.activity
}

extension TaskChannelRecord {
    static let sidPrefix = SidPrefix.taskChannel
}

extension WorkerRecord {
    static let sidPrefix = SidPrefix.worker
}

extension TaskQueueRecord {
    static let sidPrefix = SidPrefix.taskQueue
}

extension WorkflowRecord {
    static let sidPrefix = SidPrefix.workflow
}

extension TaskRecord {
    static let sidPrefix = SidPrefix.task
}

extension ReservationRecord {
    static let sidPrefix = SidPrefix.reservation
}

/// A reservation: one offer of one task to one worker.
struct ReservationRecord: TableRecord {
    let sidValue: SidValue
    let sequence: Int64
    let task: TaskHandle
    /// Valid while the reservation has capacity. A finished reservation
    /// may outlive its worker, so it also keeps the worker's SID and name.
    let worker: WorkerHandle
    let workerSidValue: SidValue
    let workerName: String
    /// Valid while the task is unfinished; the SIDs are kept for reading
    /// because a finished task's queue or workflow may be deleted.
    let queue: QueueHandle?
    let workflow: WorkflowHandle?
    let queueSidValue: SidValue?
    let workflowSidValue: SidValue?
    let channel: ChannelHandle
    var status: ReservationStatus = .pending
    let createdAt: Timestamp
    var updatedAt: Timestamp
    var version: UInt64 = 1
    /// The worker's activity when the reservation was created, restored on
    /// reject (by default) and, in single-tasking workspaces, on rescind and cancel.
    let previousActivity: ActivityHandle
    let timeoutSeconds: Int

    var workerSid: String { workerSidValue.formatted(.worker) }
    var queueSid: String? { queueSidValue?.formatted(.taskQueue) }
    var workflowSid: String? { workflowSidValue?.formatted(.workflow) }
}

/// A reservation as the API returns it.
public struct ReservationInfo: Sendable, Hashable {
    /// The storage of `sid`, which keeps the generated SID as bits, as
    /// `taskSidStorage` and `workerSidStorage` do for theirs.
    var sidStorage: InfoSid
    public var workspaceSid: String
    public var accountSid: String
    var taskSidStorage: InfoSid
    var workerSidStorage: InfoSid
    public var workerName: String
    public var taskQueueSid: String?
    public var workflowSid: String?
    public var reservationStatus: ReservationStatus
    public var timeoutSeconds: Int
    public var dateCreated: Timestamp
    public var dateUpdated: Timestamp
    /// The `If-Match` value.
    public var version: UInt64

    /// The reservation's SID. The engine keeps it and the task's and worker's
    /// SIDs as bits and formats them on every read, so read each once.
    public var sid: String {
        get { sidStorage.text }
        set { sidStorage = InfoSid(text: newValue) }
    }

    public var taskSid: String {
        get { taskSidStorage.text }
        set { taskSidStorage = InfoSid(text: newValue) }
    }

    public var workerSid: String {
        get { workerSidStorage.text }
        set { workerSidStorage = InfoSid(text: newValue) }
    }
}

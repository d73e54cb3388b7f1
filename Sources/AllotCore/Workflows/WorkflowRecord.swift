/// A workflow: its routing document and settings.
struct WorkflowRecord: StoredSidRecord {
    let storedSid: StoredSid
    var sidValue: SidValue { storedSid.value }
    var sid: String { storedSid.text }
    var friendlyName: String
    /// The configuration exactly as the client sent it.
    var configurationText: String
    var compiled: CompiledWorkflow
    var assignmentCallbackUrl: String?
    var fallbackAssignmentCallbackUrl: String?
    var taskReservationTimeoutSeconds: Int
    let createdAt: Timestamp
    var updatedAt: Timestamp
    let sequence: Int64
    var tally = TaskTally()
    var counters = CumulativeCounters()
    /// The counters per minute, for cumulative statistics windows.
    var recentStatistics = MinuteBuckets()
}

/// A workflow as the API returns it.
public struct WorkflowInfo: Sendable, Hashable {
    public var sid: String
    public var workspaceSid: String
    public var accountSid: String
    public var friendlyName: String
    public var configuration: String
    public var assignmentCallbackUrl: String?
    public var fallbackAssignmentCallbackUrl: String?
    public var taskReservationTimeoutSeconds: Int
    public var documentContentType: String
    public var dateCreated: Timestamp
    public var dateUpdated: Timestamp
}

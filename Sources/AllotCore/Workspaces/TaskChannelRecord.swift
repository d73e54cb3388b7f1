/// A task channel such as `voice` or `chat`.
struct TaskChannelRecord: StoredSidRecord {
    let storedSid: StoredSid
    var sidValue: SidValue { storedSid.value }
    var sid: String { storedSid.text }
    var friendlyName: String
    let uniqueName: String
    /// When true, worker order for this channel uses the time since the
    /// worker's last task on this channel only.
    var channelOptimizedRouting: Bool
    let createdAt: Timestamp
    var updatedAt: Timestamp
    let sequence: Int64
}

/// A task channel as the API returns it.
public struct TaskChannelInfo: Sendable, Hashable {
    public var sid: String
    public var workspaceSid: String
    public var accountSid: String
    public var friendlyName: String
    public var uniqueName: String
    public var channelOptimizedRouting: Bool
    public var dateCreated: Timestamp
    public var dateUpdated: Timestamp
}

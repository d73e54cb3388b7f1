/// A workspace's own settings.
struct WorkspaceRecord: Sendable {
    let sid: String
    /// The account that owns the workspace; other accounts never see it.
    let accountSid: String
    var friendlyName: String
    var eventCallbackUrl: String?
    /// Event types delivered to subscribers; nil delivers every type.
    var eventsFilter: Set<EventType>?
    var defaultActivity: ActivityHandle
    var timeoutActivity: ActivityHandle
    var multiTaskEnabled: Bool
    /// The kind of queue (FIFO or LIFO) that a worker in both kinds drains first.
    var prioritizeQueueOrder: TaskOrder
    let createdAt: Timestamp
    var updatedAt: Timestamp
}

/// A workspace as the API returns it.
public struct WorkspaceInfo: Sendable, Hashable {
    public var sid: String
    public var accountSid: String
    public var friendlyName: String
    public var eventCallbackUrl: String?
    /// Comma-separated event types, or nil for every type.
    public var eventsFilter: String?
    public var defaultActivitySid: String
    public var defaultActivityName: String
    public var timeoutActivitySid: String
    public var timeoutActivityName: String
    public var multiTaskEnabled: Bool
    public var prioritizeQueueOrder: TaskOrder
    public var dateCreated: Timestamp
    public var dateUpdated: Timestamp
}

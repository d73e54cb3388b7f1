/// Parameters of creating a workspace.
public struct CreateWorkspaceRequest: Sendable, Hashable {
    public var friendlyName: String
    /// A SID to use; nil derives one deterministically from the account,
    /// the name and `now`. A journal should record the SID the engine returns.
    public var sid: String?
    public var eventCallbackUrl: String?
    /// Comma-separated event types to deliver; nil delivers all.
    public var eventsFilter: String?
    /// Defaults to true.
    public var multiTaskEnabled: Bool?
    /// `NONE` (default) or `FIFO`, which also creates a queue and a workflow
    /// that routes every task to it.
    public var template: String?
    /// `FIFO` (default) or `LIFO`.
    public var prioritizeQueueOrder: String?

    public init(friendlyName: String, sid: String? = nil) {
        self.friendlyName = friendlyName
        self.sid = sid
    }
}

/// Parameters of updating a workspace; nil leaves a field unchanged.
public struct UpdateWorkspaceRequest: Sendable, Hashable {
    public var friendlyName: String?
    public var defaultActivitySid: String?
    public var timeoutActivitySid: String?
    public var eventCallbackUrl: String?
    /// Comma-separated event types; the empty string delivers all.
    public var eventsFilter: String?
    public var multiTaskEnabled: Bool?
    public var prioritizeQueueOrder: String?

    public init() {}
}

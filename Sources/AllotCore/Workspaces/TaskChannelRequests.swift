/// Parameters of creating a task channel.
public struct CreateTaskChannelRequest: Sendable, Hashable {
    public var friendlyName: String
    /// Letters, digits, `_` and `$`, not starting with a digit; unique in the workspace.
    public var uniqueName: String
    public var channelOptimizedRouting: Bool?

    public init(friendlyName: String, uniqueName: String, channelOptimizedRouting: Bool? = nil) {
        self.friendlyName = friendlyName
        self.uniqueName = uniqueName
        self.channelOptimizedRouting = channelOptimizedRouting
    }
}

/// Parameters of updating a task channel.
public struct UpdateTaskChannelRequest: Sendable, Hashable {
    public var friendlyName: String?
    public var channelOptimizedRouting: Bool?

    public init(friendlyName: String? = nil, channelOptimizedRouting: Bool? = nil) {
        self.friendlyName = friendlyName
        self.channelOptimizedRouting = channelOptimizedRouting
    }
}

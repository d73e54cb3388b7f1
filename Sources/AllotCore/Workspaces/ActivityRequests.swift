/// Parameters of creating an activity.
public struct CreateActivityRequest: Sendable, Hashable {
    public var friendlyName: String
    /// Boolean-ish: `true`, `1` or `yes` make the activity available; any
    /// other value, or nil, makes it unavailable.
    public var available: String?

    public init(friendlyName: String, available: String? = nil) {
        self.friendlyName = friendlyName
        self.available = available
    }
}

/// Parameters of updating an activity. Only the name can change.
public struct UpdateActivityRequest: Sendable, Hashable {
    public var friendlyName: String?
    /// Rejected when set: an activity's availability is fixed at creation.
    public var available: String?

    public init(friendlyName: String? = nil, available: String? = nil) {
        self.friendlyName = friendlyName
        self.available = available
    }
}

/// Filters of listing activities.
public struct ListActivitiesRequest: Sendable, Hashable {
    public var friendlyName: String?
    /// Boolean-ish.
    public var available: String?
    public var page = PageRequest()

    public init(friendlyName: String? = nil, available: String? = nil, page: PageRequest = PageRequest()) {
        self.friendlyName = friendlyName
        self.available = available
        self.page = page
    }
}

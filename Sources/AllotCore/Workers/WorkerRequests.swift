/// Parameters of creating a worker.
public struct CreateWorkerRequest: Sendable, Hashable {
    /// Unique in the workspace, compared case-insensitively.
    public var friendlyName: String
    /// Defaults to the workspace's default activity.
    public var activitySid: String?
    /// A JSON object; defaults to `{}`.
    public var attributes: String?

    public init(friendlyName: String, activitySid: String? = nil, attributes: String? = nil) {
        self.friendlyName = friendlyName
        self.activitySid = activitySid
        self.attributes = attributes
    }
}

/// Parameters of updating a worker; nil leaves a field unchanged.
public struct UpdateWorkerRequest: Sendable, Hashable {
    public var friendlyName: String?
    public var activitySid: String?
    public var attributes: String?
    /// Only valid with an unavailable `activitySid`: rejects the worker's
    /// pending reservations.
    public var rejectPendingReservations: Bool?
    /// `If-Match`: the version the caller last saw.
    public var expectedVersion: UInt64?

    public init(friendlyName: String? = nil, activitySid: String? = nil, attributes: String? = nil,
                rejectPendingReservations: Bool? = nil, expectedVersion: UInt64? = nil) {
        self.friendlyName = friendlyName
        self.activitySid = activitySid
        self.attributes = attributes
        self.rejectPendingReservations = rejectPendingReservations
        self.expectedVersion = expectedVersion
    }
}

/// Parameters of updating one worker channel.
public struct UpdateWorkerChannelRequest: Sendable, Hashable {
    /// 0 to the channel capacity limit; 0 stops new reservations.
    public var capacity: Int?
    public var available: Bool?

    public init(capacity: Int? = nil, available: Bool? = nil) {
        self.capacity = capacity
        self.available = available
    }
}

/// Filters of listing workers.
public struct ListWorkersRequest: Sendable, Hashable {
    public var activityName: String?
    public var activitySid: String?
    /// Boolean-ish.
    public var available: String?
    public var friendlyName: String?
    /// An expression over worker attributes and the system fields `sid`,
    /// `friendly_name`, `activity_sid` and `activity_name`.
    public var targetWorkersExpression: String?
    /// Workers eligible for this queue.
    public var taskQueueSid: String?
    public var taskQueueName: String?
    /// `DateCreated` or `DateStatusChanged`, with `:asc` (default) or `:desc`.
    public var ordering: String?
    public var page = PageRequest()

    public init() {}
}

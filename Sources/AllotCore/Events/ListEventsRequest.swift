/// Filters of listing a workspace's events, over the events its ring still holds.
public struct ListEventsRequest: Sendable, Hashable {
    public var eventType: String?
    /// Look-back from `now` in minutes when no `startDate` is given; defaults to 15.
    public var minutes: Int?
    public var startDate: Timestamp?
    public var endDate: Timestamp?
    public var taskSid: String?
    public var workerSid: String?
    public var workflowSid: String?
    public var taskQueueSid: String?
    public var reservationSid: String?
    /// Task channel SID or unique name.
    public var taskChannel: String?
    /// The event's own SID.
    public var sid: String?
    public var page = PageRequest()

    public init() {}
}

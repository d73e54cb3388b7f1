/// An activity: a worker state that is either available for tasks or not.
struct ActivityRecord: StoredSidRecord {
    let storedSid: StoredSid
    var sidValue: SidValue { storedSid.value }
    var sid: String { storedSid.text }
    var friendlyName: String
    /// Fixed at creation, as in TaskRouter.
    let available: Bool
    let createdAt: Timestamp
    var updatedAt: Timestamp
    let sequence: Int64
}

/// An activity as the API returns it.
public struct ActivityInfo: Sendable, Hashable {
    public var sid: String
    public var workspaceSid: String
    public var accountSid: String
    public var friendlyName: String
    public var available: Bool
    public var dateCreated: Timestamp
    public var dateUpdated: Timestamp
}

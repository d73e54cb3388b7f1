import AllotCore
import AllotWire

extension Wire.Activity {
    init(_ info: ActivityInfo) {
        self.init(
            sid: info.sid,
            workspaceSID: info.workspaceSid,
            friendlyName: info.friendlyName,
            available: info.available,
            accountSID: info.accountSid,
            dateCreatedUnixMilliseconds: info.dateCreated.unixMilliseconds,
            dateUpdatedUnixMilliseconds: info.dateUpdated.unixMilliseconds
        )
    }
}

extension Wire.ActivityPage {
    init(_ page: Page<ActivityInfo>) {
        self.init(activities: page.items.map(Wire.Activity.init), nextPageToken: page.nextPageToken.orEmpty)
    }
}

extension CreateActivityRequest {
    /// Converts a create request. The protocol makes a new activity
    /// available unless the request sets `available` to false, and the
    /// engine's default is the reverse, so the value is always passed.
    init(_ wire: Wire.CreateActivityRequest) {
        self.init(friendlyName: wire.friendlyName, available: (wire.available ?? true).booleanText)
    }
}

extension UpdateActivityRequest {
    init(_ wire: Wire.UpdateActivityRequest) {
        self.init(friendlyName: wire.friendlyName)
    }
}

extension ListActivitiesRequest {
    init(_ wire: Wire.ListActivitiesRequest) {
        self.init(friendlyName: wire.friendlyName.nonEmpty, available: wire.available?.booleanText,
                  page: PageRequest(pageSize: wire.pageSize, pageToken: wire.pageToken))
    }
}

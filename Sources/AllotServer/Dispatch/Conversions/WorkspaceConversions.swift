import AllotCore
import AllotWire

extension Wire.Workspace {
    init(_ info: WorkspaceInfo) {
        self.init(
            sid: info.sid,
            accountSID: info.accountSid,
            friendlyName: info.friendlyName,
            eventsFilter: info.eventsFilter.orEmpty,
            defaultActivitySID: info.defaultActivitySid,
            defaultActivityName: info.defaultActivityName,
            timeoutActivitySID: info.timeoutActivitySid,
            timeoutActivityName: info.timeoutActivityName,
            multiTaskEnabled: info.multiTaskEnabled,
            prioritizeQueueOrder: Wire.QueueOrder(info.prioritizeQueueOrder),
            eventCallbackURL: info.eventCallbackUrl.orEmpty,
            dateCreatedUnixMilliseconds: info.dateCreated.unixMilliseconds,
            dateUpdatedUnixMilliseconds: info.dateUpdated.unixMilliseconds
        )
    }
}

extension Wire.WorkspacePage {
    init(_ page: Page<WorkspaceInfo>) {
        self.init(workspaces: page.items.map(Wire.Workspace.init), nextPageToken: page.nextPageToken.orEmpty)
    }
}

extension CreateWorkspaceRequest {
    init(_ wire: Wire.CreateWorkspaceRequest) {
        self.init(friendlyName: wire.friendlyName)
        eventCallbackUrl = wire.eventCallbackURL.nonEmpty
        eventsFilter = wire.eventsFilter.nonEmpty
        multiTaskEnabled = wire.multiTaskEnabled
        template = wire.template.engineText
        prioritizeQueueOrder = wire.prioritizeQueueOrder.engineText
    }
}

extension UpdateWorkspaceRequest {
    init(_ wire: Wire.UpdateWorkspaceRequest) {
        self.init()
        friendlyName = wire.friendlyName
        defaultActivitySid = wire.defaultActivitySID
        timeoutActivitySid = wire.timeoutActivitySID
        eventCallbackUrl = wire.eventCallbackURL
        eventsFilter = wire.eventsFilter
        multiTaskEnabled = wire.multiTaskEnabled
        // A set field that is UNSPECIFIED passes by its .proto name, which the engine rejects.
        prioritizeQueueOrder = wire.prioritizeQueueOrder.map { $0.engineText ?? $0.name }
    }
}

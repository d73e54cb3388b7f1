import AllotCore
import AllotWire

extension Wire.TaskChannel {
    init(_ info: TaskChannelInfo) {
        self.init(
            sid: info.sid,
            workspaceSID: info.workspaceSid,
            friendlyName: info.friendlyName,
            uniqueName: info.uniqueName,
            channelOptimizedRouting: info.channelOptimizedRouting,
            accountSID: info.accountSid,
            dateCreatedUnixMilliseconds: info.dateCreated.unixMilliseconds,
            dateUpdatedUnixMilliseconds: info.dateUpdated.unixMilliseconds
        )
    }
}

extension Wire.TaskChannelPage {
    init(_ page: Page<TaskChannelInfo>) {
        self.init(taskChannels: page.items.map(Wire.TaskChannel.init), nextPageToken: page.nextPageToken.orEmpty)
    }
}

extension CreateTaskChannelRequest {
    init(_ wire: Wire.CreateTaskChannelRequest) {
        self.init(friendlyName: wire.friendlyName, uniqueName: wire.uniqueName,
                  channelOptimizedRouting: wire.channelOptimizedRouting)
    }
}

extension UpdateTaskChannelRequest {
    init(_ wire: Wire.UpdateTaskChannelRequest) {
        self.init(friendlyName: wire.friendlyName, channelOptimizedRouting: wire.channelOptimizedRouting)
    }
}

import AllotCore
import AllotWire

extension Wire.Worker {
    /// A worker as fetch and update return it; list pages pass
    /// `includesAttributes: false`, as TaskRouter leaves them out of lists.
    init(_ info: WorkerInfo, includesAttributes: Bool = true) {
        self.init(
            sid: info.sid,
            workspaceSID: info.workspaceSid,
            friendlyName: info.friendlyName,
            attributes: includesAttributes ? info.attributes.jsonText : "",
            activitySID: info.activitySid,
            activityName: info.activityName,
            available: info.available,
            dateStatusChangedUnixMilliseconds: info.dateStatusChanged.unixMilliseconds,
            version: info.version,
            accountSID: info.accountSid,
            dateCreatedUnixMilliseconds: info.dateCreated.unixMilliseconds,
            dateUpdatedUnixMilliseconds: info.dateUpdated.unixMilliseconds
        )
    }
}

extension Wire.WorkerPage {
    init(_ page: Page<WorkerInfo>) {
        self.init(workers: page.items.map { Wire.Worker($0, includesAttributes: false) }, nextPageToken: page.nextPageToken.orEmpty)
    }
}

extension CreateWorkerRequest {
    init(_ wire: Wire.CreateWorkerRequest) {
        self.init(friendlyName: wire.friendlyName, activitySid: wire.activitySID.nonEmpty, attributes: wire.attributes.nonEmpty)
    }
}

extension UpdateWorkerRequest {
    init(_ wire: Wire.UpdateWorkerRequest) {
        self.init(friendlyName: wire.friendlyName, activitySid: wire.activitySID, attributes: wire.attributes,
                  rejectPendingReservations: wire.rejectPendingReservations ? true : nil,
                  expectedVersion: wire.ifMatchVersion)
    }
}

extension ListWorkersRequest {
    init(_ wire: Wire.ListWorkersRequest) {
        self.init()
        activityName = wire.activityName.nonEmpty
        activitySid = wire.activitySID.nonEmpty
        available = wire.available?.booleanText
        friendlyName = wire.friendlyName.nonEmpty
        targetWorkersExpression = wire.targetWorkersExpression.nonEmpty
        taskQueueSid = wire.taskQueueSID.nonEmpty
        taskQueueName = wire.taskQueueName.nonEmpty
        ordering = wire.ordering.nonEmpty
        page = PageRequest(pageSize: wire.pageSize, pageToken: wire.pageToken)
    }
}

extension Wire.WorkerChannel {
    init(_ info: WorkerChannelInfo) {
        self.init(
            sid: info.sid,
            workspaceSID: info.workspaceSid,
            workerSID: info.workerSid,
            taskChannelSID: info.taskChannelSid,
            taskChannelUniqueName: info.taskChannelUniqueName,
            configuredCapacity: UInt32(saturating: info.configuredCapacity),
            available: info.available,
            assignedTasks: UInt32(saturating: info.assignedTasks),
            availableCapacityPercentage: UInt32(saturating: info.availableCapacityPercentage),
            accountSID: info.accountSid,
            dateCreatedUnixMilliseconds: info.dateCreated.unixMilliseconds,
            dateUpdatedUnixMilliseconds: info.dateUpdated.unixMilliseconds
        )
    }
}

extension Wire.WorkerChannelPage {
    init(_ page: Page<WorkerChannelInfo>) {
        self.init(workerChannels: page.items.map(Wire.WorkerChannel.init), nextPageToken: page.nextPageToken.orEmpty)
    }
}

extension UpdateWorkerChannelRequest {
    init(_ wire: Wire.UpdateWorkerChannelRequest) {
        self.init(capacity: wire.capacity.map { Int($0) }, available: wire.available)
    }
}

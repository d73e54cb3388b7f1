import AllotCore
import AllotWire

extension Wire.Workflow {
    init(_ info: WorkflowInfo) {
        self.init(
            sid: info.sid,
            workspaceSID: info.workspaceSid,
            friendlyName: info.friendlyName,
            configuration: info.configuration,
            taskReservationTimeout: UInt32(saturating: info.taskReservationTimeoutSeconds),
            assignmentCallbackURL: info.assignmentCallbackUrl.orEmpty,
            fallbackAssignmentCallbackURL: info.fallbackAssignmentCallbackUrl.orEmpty,
            documentContentType: info.documentContentType,
            accountSID: info.accountSid,
            dateCreatedUnixMilliseconds: info.dateCreated.unixMilliseconds,
            dateUpdatedUnixMilliseconds: info.dateUpdated.unixMilliseconds
        )
    }
}

extension Wire.WorkflowPage {
    init(_ page: Page<WorkflowInfo>) {
        self.init(workflows: page.items.map(Wire.Workflow.init), nextPageToken: page.nextPageToken.orEmpty)
    }
}

extension CreateWorkflowRequest {
    init(_ wire: Wire.CreateWorkflowRequest) {
        self.init(friendlyName: wire.friendlyName,
                  configuration: wire.configuration,
                  assignmentCallbackUrl: wire.assignmentCallbackURL.nonEmpty,
                  fallbackAssignmentCallbackUrl: wire.fallbackAssignmentCallbackURL.nonEmpty,
                  taskReservationTimeout: wire.taskReservationTimeout == 0 ? nil : Int(wire.taskReservationTimeout))
    }
}

extension UpdateWorkflowRequest {
    init(_ wire: Wire.UpdateWorkflowRequest) {
        self.init(friendlyName: wire.friendlyName,
                  configuration: wire.configuration,
                  assignmentCallbackUrl: wire.assignmentCallbackURL,
                  fallbackAssignmentCallbackUrl: wire.fallbackAssignmentCallbackURL,
                  taskReservationTimeout: wire.taskReservationTimeout.map { Int($0) },
                  reEvaluateTasks: wire.reEvaluateTasks ? true : nil)
    }
}

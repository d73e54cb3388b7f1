import AllotCore
import AllotWire

extension Wire.Event {
    /// Converts an engine event. The engine does not store the workspace's
    /// name with each event, so the caller passes the current one.
    init(_ event: EngineEvent, workspaceName: String) {
        let data = event.data
        let type = event.resourceType
        func sid(_ field: String?, ifResourceIs resourceType: String) -> String {
            field ?? (type == resourceType ? event.resourceSid : "")
        }
        self.init(
            sid: event.sid,
            sequence: event.sequence,
            eventType: event.type.rawValue,
            description: event.type.sentence,
            workspaceSID: event.workspaceSid,
            workspaceName: workspaceName,
            resourceType: type,
            resourceSID: event.resourceSid,
            actorType: event.actor.rawValue,
            actorSID: event.actor == .account ? event.accountSid : "",
            eventDateUnixMilliseconds: event.timestamp.unixMilliseconds,
            eventData: data.jsonText,
            accountSID: event.accountSid,
            taskSID: sid(data.taskSid, ifResourceIs: "task"),
            workerSID: sid(data.workerSid, ifResourceIs: "worker"),
            reservationSID: sid(data.reservationSid, ifResourceIs: "reservation"),
            taskQueueSID: sid(data.taskQueueSid, ifResourceIs: "task_queue"),
            workflowSID: sid(data.workflowSid, ifResourceIs: "workflow"),
            taskChannelSID: sid(data.taskChannelSid, ifResourceIs: "task_channel")
        )
    }
}

extension Wire.EventPage {
    init(_ page: Page<EngineEvent>, workspaceName: String) {
        self.init(events: page.items.map { Wire.Event($0, workspaceName: workspaceName) }, nextPageToken: page.nextPageToken.orEmpty)
    }
}

/// The kind of actor an event reports.
enum EventActor: String {
    /// A call made with the account's credentials.
    case account
    /// Routing and timers.
    case system
}

extension EngineEvent {
    /// The actor reported for the event: the system for every event a timer
    /// caused, such as a worker moved to the timeout activity or a task
    /// canceled by its time to live, else the one its type implies.
    var actor: EventActor {
        causedByTimer ? .system : type.actor
    }
}

extension EventType {
    /// The actor reported for events of this type when a call caused them:
    /// the account for the change the call asked for, the system for the
    /// routing steps that followed.
    var actor: EventActor {
        switch self {
        case .reservationCreated, .reservationTimeout, .reservationCanceled, .reservationRescinded, .reservationFailed,
             .taskSystemDeleted, .taskQueueEntered, .taskQueueTimeout, .taskQueueMoved,
             .workflowEntered, .workflowTargetMatched, .workflowTimeout, .workflowSkipped:
            .system
        default:
            .account
        }
    }
}

extension EventData {
    /// The fields as a JSON object with TaskRouter's snake_case names,
    /// leaving out the ones that are not set. Task attributes are a JSON
    /// string inside it, as TaskRouter sends them.
    var jsonText: String {
        var members: [(key: String, value: AttributeValue)] = []
        func add(_ key: String, _ value: String?) {
            if let value { members.append((key, .string(value))) }
        }
        func add(_ key: String, _ value: Int64?) {
            if let value { members.append((key, .number(Double(value)))) }
        }
        func add(_ key: String, _ value: Bool?) {
            if let value { members.append((key, .bool(value))) }
        }
        add("task_sid", taskSid)
        add("task_attributes", taskAttributes?.jsonText)
        add("task_age", taskAgeSeconds)
        add("task_priority", taskPriority.map(Int64.init))
        add("task_assignment_status", taskAssignmentStatus?.rawValue)
        add("task_canceled_reason", taskCanceledReason)
        add("task_completed_reason", taskCompletedReason)
        add("task_queue_sid", taskQueueSid)
        add("task_queue_name", taskQueueName)
        add("task_queue_target_expression", taskQueueTargetExpression)
        add("previous_task_queue_sid", previousTaskQueueSid)
        add("task_channel_sid", taskChannelSid)
        add("task_channel_unique_name", taskChannelUniqueName)
        add("task_channel_name", taskChannelName)
        add("task_channel_optimized_routing", taskChannelOptimizedRouting)
        add("workflow_sid", workflowSid)
        add("workflow_name", workflowName)
        add("workflow_filter_name", workflowFilterName)
        add("worker_sid", workerSid)
        add("worker_name", workerName)
        add("worker_attributes", workerAttributes?.jsonText)
        add("worker_version", workerVersion.map { Int64(truncatingIfNeeded: $0) })
        add("worker_activity_sid", workerActivitySid)
        add("worker_activity_name", workerActivityName)
        add("worker_previous_activity_sid", workerPreviousActivitySid)
        add("worker_time_in_previous_activity", workerTimeInPreviousActivityMilliseconds.map { $0 / 1_000 })
        add("worker_time_in_previous_activity_ms", workerTimeInPreviousActivityMilliseconds)
        add("worker_channel_capacity", workerChannelCapacity.map(Int64.init))
        add("worker_channel_previous_capacity", workerChannelPreviousCapacity.map(Int64.init))
        add("worker_channel_available", workerChannelAvailable)
        add("worker_channel_available_capacity", workerChannelAvailableCapacity.map(Int64.init))
        add("worker_channel_task_count", workerChannelTaskCount.map(Int64.init))
        add("reservation_sid", reservationSid)
        add("activity_sid", activitySid)
        add("activity_name", activityName)
        add("activity_available", activityAvailable)
        add("known_worker_sid", knownWorkerSid)
        return AttributeValue.object(AttributeObject(members)).jsonText
    }
}

extension ListEventsRequest {
    init(_ wire: Wire.ListEventsRequest) {
        self.init()
        eventType = wire.eventType.nonEmpty
        minutes = wire.minutes == 0 ? nil : Int(wire.minutes)
        startDate = wire.startDateUnixMilliseconds == 0 ? nil : Timestamp(unixMilliseconds: wire.startDateUnixMilliseconds)
        endDate = wire.endDateUnixMilliseconds == 0 ? nil : Timestamp(unixMilliseconds: wire.endDateUnixMilliseconds)
        taskSid = wire.taskSID.nonEmpty
        workerSid = wire.workerSID.nonEmpty
        workflowSid = wire.workflowSID.nonEmpty
        taskQueueSid = wire.taskQueueSID.nonEmpty
        reservationSid = wire.reservationSID.nonEmpty
        taskChannel = wire.taskChannel.nonEmpty
        sid = wire.sid.nonEmpty
        page = PageRequest(pageSize: wire.pageSize, pageToken: wire.pageToken)
    }
}

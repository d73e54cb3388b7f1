extension WorkspaceState {
    static let maximumEventMinutes = Limits.maximumEventListMinutes

    /// Age in minutes after which a listed event no longer shows the task's
    /// attributes: 30 days, as TaskRouter redacts them.
    static let taskAttributesRetentionMinutes = 43_200

    /// Lists held events matching every given filter, oldest first.
    ///
    /// - Complexity: O(events held in the ring).
    func listEvents(_ request: ListEventsRequest, now: Timestamp) throws(EngineError) -> Page<EngineEvent> {
        let minutes = request.minutes ?? 15
        try InputValidation.integer(minutes, in: 1...Self.maximumEventMinutes, field: "Minutes")
        let start = request.startDate ?? now.adding(seconds: -minutes * 60)
        let end = request.endDate ?? now
        if end < start {
            throw .invalidArgument(field: "EndDate",
                                   message: "EndDate \(end.iso8601) is before the start of the window, \(start.iso8601); "
                                       + "pass an EndDate at or after the start, or zero for now")
        }
        let type = try request.eventType.map { text throws(EngineError) -> EventType in
            guard let type = EventType(rawValue: text) else {
                throw .invalidArgument(field: "EventType", message: "EventType \(EngineError.quoted(text)) is not a known event type; "
                                           + "use a type such as task.created or reservation.accepted")
            }
            return type
        }
        let redactBefore = now.adding(seconds: -Self.taskAttributesRetentionMinutes * 60)
        let channel = try request.taskChannel.map { text throws(EngineError) in channels[try channelHandle(text, field: "TaskChannel")].sid }
        var rows: [(key: [Int64], item: EngineEvent)] = []
        events.forEach { entry in
            guard entry.timestamp >= start, entry.timestamp <= end else { return }
            let data = entry.fields
            if let type, entry.type != type { return }
            if let sid = request.sid, entry.sid != sid { return }
            if let sid = request.taskSid, data.taskSid?.text != sid { return }
            if let sid = request.workerSid, data.workerSid?.text != sid { return }
            if let sid = request.workflowSid, data.workflowSid?.text != sid { return }
            if let sid = request.taskQueueSid, data.taskQueueSid?.text != sid { return }
            if let sid = request.reservationSid, data.reservationSid?.text != sid { return }
            if let channel, data.taskChannelSid?.text != channel { return }
            var listed = events.event(entry)
            if entry.timestamp < redactBefore, data.taskAttributes != nil {
                listed = listed.changingData { $0.taskAttributes = nil }
            }
            rows.append(([Int64(entry.sequence)], listed))
        }
        return try Pager.page(rows, request: request.page, scope: PageScope(list: "events", owner: settings.sid), limits: limits)
    }
}

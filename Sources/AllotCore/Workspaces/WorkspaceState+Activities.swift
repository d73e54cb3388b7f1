extension WorkspaceState {
    mutating func createActivity(_ request: CreateActivityRequest, now: Timestamp) throws(EngineError) -> ActivityInfo {
        let name = try InputValidation.friendlyName(request.friendlyName, limits: limits)
        if activities.count >= limits.maximumActivities {
            throw .resourceExhausted(field: "FriendlyName",
                                     message: "the workspace has \(activities.count) activities, the maximum; "
                                         + "delete one before creating another")
        }
        let record = ActivityRecord(
            storedSid: StoredSid(sids.nextValue(), .activity), friendlyName: name,
            available: request.available.map(InputValidation.booleanish) ?? false,
            createdAt: now, updatedAt: now, sequence: takeSequence())
        let handle = activities.insert(record)
        emit(.activityCreated, resource: record.eventSid, at: now, activityEventData(handle))
        return activityInfo(handle)
    }

    mutating func updateActivity(sid: String, _ request: UpdateActivityRequest, now: Timestamp) throws(EngineError) -> ActivityInfo {
        let handle = try activityHandle(sid, field: "Sid")
        if let available = request.available {
            throw .invalidArgument(
                field: "Available",
                message: "Available \(EngineError.quoted(available)) cannot be changed after creation; "
                    + "create a new activity with the availability you need")
        }
        if let name = request.friendlyName {
            activities[handle].friendlyName = try InputValidation.friendlyName(name, limits: limits)
        }
        activities[handle].updatedAt = now
        emit(.activityUpdated, resourceSid: sid, at: now, activityEventData(handle))
        return activityInfo(handle)
    }

    /// Deletes an activity that nothing references: no worker is in it, and
    /// it is neither a workspace default nor a queue's reservation or
    /// assignment activity.
    mutating func deleteActivity(sid: String, now: Timestamp) throws(EngineError) {
        let handle = try activityHandle(sid, field: "Sid")
        if settings.defaultActivity == handle || settings.timeoutActivity == handle {
            throw .failedPrecondition(field: "Sid",
                                      message: "activity \(sid) is the workspace's default or timeout activity; "
                                          + "point the workspace at another activity first")
        }
        if let count = workerCountsByActivity[handle], count > 0 {
            throw .failedPrecondition(field: "Sid",
                                      message: "\(count) workers are in activity \(sid); move them to another activity first")
        }
        for queueHandle in queues.handles {
            let queue = queues[queueHandle]
            if queue.reservationActivity == handle || queue.assignmentActivity == handle {
                throw .failedPrecondition(field: "Sid",
                                          message: "task queue \(queue.sid) uses activity \(sid); update the queue first")
            }
        }
        // Only a pending reservation restores its worker's earlier activity, when it is
        // rejected or withdrawn; an accepted one never does.
        for reservationHandle in reservations.handles where reservations[reservationHandle].previousActivity == handle
            && reservations[reservationHandle].status == .pending {
            throw .failedPrecondition(field: "Sid",
                                      message: "reservation \(reservations[reservationHandle].sid) may restore activity "
                                          + "\(sid); retry once it has ended")
        }
        let data = activityEventData(handle)
        dropActivityPeriods(of: handle)
        activities.remove(handle)
        emit(.activityDeleted, resourceSid: sid, at: now, consume data)
    }

    func fetchActivity(sid: String) throws(EngineError) -> ActivityInfo {
        activityInfo(try activityHandle(sid, field: "Sid"))
    }

    func listActivities(_ request: ListActivitiesRequest) throws(EngineError) -> Page<ActivityInfo> {
        let available = request.available.map(InputValidation.booleanish)
        var rows: [(key: [Int64], item: ActivityInfo)] = []
        for handle in activities.handles {
            let activity = activities[handle]
            if let name = request.friendlyName, activity.friendlyName != name { continue }
            if let available, activity.available != available { continue }
            rows.append(([activity.sequence], activityInfo(handle)))
        }
        rows.sort { $0.key.lexicographicallyPrecedes($1.key) }
        return try Pager.page(rows, request: request.page, scope: PageScope(list: "activities", owner: settings.sid), limits: limits)
    }

    func activityHandle(_ sid: String, field: String) throws(EngineError) -> ActivityHandle {
        guard let handle = activities.handle(forSid: sid) else { throw EngineError.unknown("activity", sid: sid, field: field) }
        return handle
    }

    func activityInfo(_ handle: ActivityHandle) -> ActivityInfo {
        let activity = activities[handle]
        return ActivityInfo(sid: activity.sid, workspaceSid: settings.sid, accountSid: settings.accountSid,
                            friendlyName: activity.friendlyName, available: activity.available,
                            dateCreated: activity.createdAt, dateUpdated: activity.updatedAt)
    }

    func activityEventData(_ handle: ActivityHandle) -> EventData {
        var data = EventData()
        data.setSid(.activity, activities[handle].eventSid)
        data.activityName = activities[handle].friendlyName
        data.activityAvailable = activities[handle].available
        return data
    }
}

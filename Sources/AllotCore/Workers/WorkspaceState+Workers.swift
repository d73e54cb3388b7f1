extension WorkspaceState {
    mutating func createWorker(_ request: CreateWorkerRequest, now: Timestamp) throws(EngineError) -> WorkerInfo {
        // 1. Validate everything before changing anything.
        let name = try InputValidation.friendlyName(request.friendlyName, limits: limits)
        if workersByLowercasedName[name.lowercased()] != nil {
            throw .alreadyExists(field: "FriendlyName",
                                 message: "a worker named \(EngineError.quoted(name)) already exists; worker names "
                                     + "are unique regardless of case")
        }
        if workers.count >= limits.maximumWorkers {
            throw .resourceExhausted(field: "FriendlyName",
                                     message: "the workspace has \(workers.count) workers, the maximum")
        }
        let activity = try request.activitySid.map { sid throws(EngineError) in try activityHandle(sid, field: "ActivitySid") }
            ?? settings.defaultActivity
        let attributes = try request.attributes.map { text throws(EngineError) in
            try JSONInput.attributes(text, field: "Attributes", limits: limits)
        } ?? .emptyObject

        // 2. Insert the worker, its channels and its index entries.
        let sequence = takeSequence()
        let keys = WorkerAttributeIndex.keys(for: attributes)
        let record = WorkerRecord(sidValue: sids.nextValue(), friendlyName: name, attributes: attributes,
                                  activity: activity, activityChangedAt: now, createdAt: now, updatedAt: now,
                                  sequence: sequence, idleTicket: Self.neverReservedTicket(sequence: sequence))
        let handle = workers.insert(record)
        workersByLowercasedName[name.lowercased()] = handle
        workerCountsByActivity[activity, default: 0] += 1
        workerIndex.insert(handle, keys: keys)
        // Sized once for every channel slot: growing by appending left room
        // for up to twice as many channel states.
        workers[handle].channels = Array(repeating: nil, count: channels.slots.count)
        for channel in channels.handles { installWorkerChannel(handle, channel: channel, now: now) }

        // 3. Join queues, announce, and offer waiting tasks.
        recomputeMemberships(of: handle, now: now)
        emit(.workerCreated, resource: record.eventSid, at: now, workerEventData(handle))
        markForMatching(handle)
        return workerInfo(handle)
    }

    mutating func updateWorker(sid: String, _ request: UpdateWorkerRequest, now: Timestamp) throws(EngineError) -> WorkerInfo {
        // 1. Validate.
        let handle = try workerHandle(sid, field: "Sid")
        try InputValidation.version(request.expectedVersion, current: workers[handle].version, resource: "worker \(sid)")
        let name = try request.friendlyName.map { text throws(EngineError) in try InputValidation.friendlyName(text, limits: limits) }
        if let name, let other = workersByLowercasedName[name.lowercased()], other != handle {
            throw .alreadyExists(field: "FriendlyName",
                                 message: "a worker named \(EngineError.quoted(name)) already exists; worker names "
                                     + "are unique regardless of case")
        }
        let activity = try request.activitySid.map { text throws(EngineError) in try activityHandle(text, field: "ActivitySid") }
        let attributes = try request.attributes.map { text throws(EngineError) in
            try JSONInput.attributes(text, field: "Attributes", limits: limits)
        }
        if request.rejectPendingReservations == true {
            guard let activity, !activities[activity].available else {
                throw .invalidArgument(field: "RejectPendingReservations",
                                       message: "RejectPendingReservations needs an ActivitySid of an unavailable "
                                           + "activity in the same request")
            }
        }

        // 2. Apply. The version moves first so that the events below carry
        // it, and a change of activity moves it once more.
        workers[handle].version += 1
        if let name {
            workersByLowercasedName[workers[handle].friendlyName.lowercased()] = nil
            workersByLowercasedName[name.lowercased()] = handle
            workers[handle].friendlyName = name
        }
        if let attributes { replaceAttributes(handle, attributes, now: now) }
        if let activity, activity != workers[handle].activity {
            changeActivity(handle, to: activity, now: now)
        }
        if request.rejectPendingReservations == true, let activity {
            // Each rejected task is offered to other workers at once, so the
            // task that a worker would take first is rejected first.
            let pending = workers[handle].activeReservations.filter { reservations[$0].status == .pending }
            for reservation in pending.sorted(by: { takesBefore(reservations[$0].task, reservations[$1].task) }) {
                rejectPending(reservation, activity: activity, now: now)
            }
        }
        workers[handle].updatedAt = now
        markForMatching(handle)
        return workerInfo(handle)
    }

    /// Replaces a worker's attributes, refiles it in the index and recomputes
    /// its queue memberships.
    mutating func replaceAttributes(_ handle: WorkerHandle, _ attributes: AttributeValue, now: Timestamp) {
        let keys = WorkerAttributeIndex.keys(for: attributes)
        // The keys follow from the attributes, so they are computed again
        // rather than stored with every worker.
        workerIndex.remove(handle, keys: WorkerAttributeIndex.keys(for: workers[handle].attributes))
        workers[handle].attributes = attributes
        workerIndex.insert(handle, keys: keys)
        recomputeMemberships(of: handle, now: now)
        emit(.workerAttributesUpdate, resource: workers[handle].eventSid, at: now, workerEventData(handle))
    }

    /// Moves a worker to `activity`, updating statistics, ready sets and
    /// duration totals, and emits `worker.activity.update`.
    mutating func changeActivity(_ handle: WorkerHandle, to activity: ActivityHandle, now: Timestamp) {
        let previous = workers[handle].activity
        guard previous != activity else { return }
        let elapsed = now.milliseconds(since: workers[handle].activityChangedAt)
        countActivityPeriod(handle, activity: previous, milliseconds: elapsed, at: now)
        workers[handle].activity = activity
        workers[handle].activityChangedAt = now
        workers[handle].version += 1
        let remaining = (workerCountsByActivity[previous] ?? 0) - 1
        workerCountsByActivity[previous] = remaining == 0 ? nil : remaining
        workerCountsByActivity[activity, default: 0] += 1
        for queue in workers[handle].queues {
            let left = (queues[queue].memberCountsByActivity[previous] ?? 0) - 1
            queues[queue].memberCountsByActivity[previous] = left == 0 ? nil : left
            queues[queue].memberCountsByActivity[activity, default: 0] += 1
        }
        refreshReadiness(handle)
        var data = workerEventData(handle)
        data.setSid(.workerPreviousActivity, activities[previous].eventSid)
        data.workerTimeInPreviousActivityMilliseconds = Swift.max(0, elapsed)
        emit(.workerActivityUpdate, resource: workers[handle].eventSid, at: now, consume data)
    }

    /// Deletes a worker that has no reservation and no task routed to it.
    mutating func deleteWorker(sid: String, expectedVersion: UInt64?, now: Timestamp) throws(EngineError) {
        let handle = try workerHandle(sid, field: "Sid")
        try InputValidation.version(expectedVersion, current: workers[handle].version, resource: "worker \(sid)")
        if !workers[handle].activeReservations.isEmpty {
            throw .failedPrecondition(field: "Sid",
                                      message: "worker \(sid) has \(workers[handle].activeReservations.count) active "
                                          + "reservations; reject, complete or cancel them first")
        }
        if !workers[handle].directTasks.isEmpty {
            throw .failedPrecondition(field: "Sid",
                                      message: "\(workers[handle].directTasks.count) tasks are routed to worker \(sid); "
                                          + "cancel them first")
        }
        let data = workerEventData(handle)
        for queue in workers[handle].queues { removeMembership(queue, handle) }
        workerIndex.remove(handle, keys: WorkerAttributeIndex.keys(for: workers[handle].attributes))
        let activity = workers[handle].activity
        let remaining = (workerCountsByActivity[activity] ?? 0) - 1
        workerCountsByActivity[activity] = remaining == 0 ? nil : remaining
        workersByLowercasedName[workers[handle].friendlyName.lowercased()] = nil
        workers.remove(handle)
        emit(.workerDeleted, resourceSid: sid, at: now, consume data)
    }

    mutating func updateWorkerChannel(workerSid: String, channel: String, _ request: UpdateWorkerChannelRequest,
                                      now: Timestamp) throws(EngineError) -> WorkerChannelInfo {
        let handle = try workerHandle(workerSid, field: "WorkerSid")
        let channelHandle = try workerChannelHandle(handle, channel)
        if let capacity = request.capacity {
            try InputValidation.integer(capacity, in: 0...limits.maximumChannelCapacity, field: "Capacity")
        }
        let before = workers[handle].channel(channelHandle)
        workers[handle].updateChannel(channelHandle) { state in
            if let capacity = request.capacity { state.configuredCapacity = capacity }
            if let available = request.available { state.available = available }
            state.updatedAt = now
        }
        refreshReadiness(handle)
        let after = workers[handle].channel(channelHandle)
        var data = workerEventData(handle)
        data.setSid(.taskChannel, channels[channelHandle].eventSid)
        data.taskChannelUniqueName = channels[channelHandle].uniqueName
        data.workerChannelCapacity = after?.configuredCapacity
        data.workerChannelPreviousCapacity = before?.configuredCapacity
        data.workerChannelAvailable = after?.available
        data.workerChannelAvailableCapacity = after.map { $0.available ? $0.configuredCapacity : 0 }
        data.workerChannelTaskCount = after?.assignedCount
        if before?.configuredCapacity != after?.configuredCapacity {
            emit(.workerCapacityUpdate, resourceSid: workerSid, at: now, data)
        }
        if before?.available != after?.available {
            emit(.workerChannelAvailabilityUpdate, resourceSid: workerSid, at: now, consume data)
        }
        markForMatching(handle)
        return workerChannelInfo(handle, channelHandle)
    }

    /// Resolves a worker channel by WC SID, task channel SID or unique name.
    func workerChannelHandle(_ worker: WorkerHandle, _ identifier: String) throws(EngineError) -> ChannelHandle {
        for state in workers[worker].channels.compactMap({ $0 }) where state.sid == identifier {
            return state.channel
        }
        return try channelHandle(identifier, field: "Sid")
    }

    /// It is always inlined, because an outlined call from a mutating method
    /// copied the whole workspace state.
    @inline(__always)
    func workerHandle(_ sid: String, field: String) throws(EngineError) -> WorkerHandle {
        guard let handle = workers.handle(forSid: sid) else { throw EngineError.unknown("worker", sid: sid, field: field) }
        return handle
    }

    func workerInfo(_ handle: WorkerHandle) -> WorkerInfo {
        let worker = workers[handle]
        let activity = activities[worker.activity]
        return WorkerInfo(sid: worker.sid, workspaceSid: settings.sid, accountSid: settings.accountSid,
                          friendlyName: worker.friendlyName, attributes: worker.attributes, activitySid: activity.sid,
                          activityName: activity.friendlyName, available: activity.available,
                          dateCreated: worker.createdAt, dateUpdated: worker.updatedAt,
                          dateStatusChanged: worker.activityChangedAt, version: worker.version)
    }

    func workerChannelInfo(_ worker: WorkerHandle, _ channel: ChannelHandle) -> WorkerChannelInfo {
        guard let state = workers[worker].channel(channel) else {
            preconditionFailure("worker \(workers[worker].sid) has no channel \(channel)")
        }
        return WorkerChannelInfo(sid: state.sid, workerSid: workers[worker].sid, workspaceSid: settings.sid,
                                 accountSid: settings.accountSid, taskChannelSid: channels[channel].sid,
                                 taskChannelUniqueName: channels[channel].uniqueName,
                                 configuredCapacity: state.configuredCapacity, available: state.available,
                                 assignedTasks: state.assignedCount, activeReservations: state.activeCount,
                                 availableCapacityPercentage: state.availableCapacityPercentage,
                                 dateCreated: state.createdAt, dateUpdated: state.updatedAt)
    }

    func workerEventData(_ handle: WorkerHandle) -> EventData {
        let worker = workers[handle]
        var data = EventData()
        data.setSid(.worker, worker.eventSid)
        data.workerName = worker.friendlyName
        data.workerAttributes = worker.attributes
        data.workerVersion = worker.version
        data.setSid(.workerActivity, activities[worker.activity].eventSid)
        data.workerActivityName = activities[worker.activity].friendlyName
        return data
    }
}

extension WorkspaceRestorer {
    /// Largest attributes text a restore accepts. Stored text is the engine's
    /// compact form, which can be longer than what the client sent (numbers
    /// such as `1E5` are written out as `100000`), so the client limit would
    /// reject valid snapshots.
    static let maximumRestoredAttributesBytes = 16 * Limits.maximumAttributesBytes

    /// Reads a stored SID into its bits, or throws naming the record.
    func sidValue(_ text: String, _ prefix: SidPrefix, of owner: String) throws(SnapshotRestoreError) -> SidValue {
        guard let value = SidValue(generated: text, prefix: prefix) else {
            throw .inconsistent(workspaceSid: sid, reason: "\(owner) has an invalid \(prefix.rawValue) SID \(EngineError.quoted(text))")
        }
        return value
    }

    func activityRecord(_ image: SnapshotImage.Activity) throws(SnapshotRestoreError) -> ActivityRecord {
        ActivityRecord(storedSid: StoredSid(try sidValue(image.sid, .activity, of: "an activity"), .activity), friendlyName: image.friendlyName, available: image.available,
                       createdAt: Timestamp(unixMilliseconds: image.createdMilliseconds),
                       updatedAt: Timestamp(unixMilliseconds: image.updatedMilliseconds), sequence: image.sequence)
    }

    func channelRecord(_ image: SnapshotImage.TaskChannel) throws(SnapshotRestoreError) -> TaskChannelRecord {
        TaskChannelRecord(storedSid: StoredSid(try sidValue(image.sid, .taskChannel, of: "a task channel"), .taskChannel), friendlyName: image.friendlyName, uniqueName: image.uniqueName,
                          channelOptimizedRouting: image.channelOptimizedRouting,
                          createdAt: Timestamp(unixMilliseconds: image.createdMilliseconds),
                          updatedAt: Timestamp(unixMilliseconds: image.updatedMilliseconds), sequence: image.sequence)
    }

    func workerRecord(_ image: SnapshotImage.Worker) throws(SnapshotRestoreError) -> WorkerRecord {
        guard image.channelSlotCount >= 0, image.channelSlotCount <= Self.maximumSlotCount else {
            throw .inconsistent(workspaceSid: sid, reason: "worker \(image.sid) has \(image.channelSlotCount) channel slots")
        }
        var channels = [WorkerChannelState?](repeating: nil, count: Int(image.channelSlotCount))
        for channel in image.channels {
            guard channel.taskChannel >= 0, Int(channel.taskChannel) < channels.count, channels[Int(channel.taskChannel)] == nil else {
                throw .inconsistent(workspaceSid: sid, reason: "worker \(image.sid) lists channel \(channel.taskChannel) wrongly")
            }
            guard let sidValue = SidValue(parsing: channel.sid, prefix: .workerChannel) else {
                throw .inconsistent(workspaceSid: sid, reason: "worker \(image.sid) has a channel with an invalid SID "
                                        + EngineError.quoted(channel.sid))
            }
            channels[Int(channel.taskChannel)] = WorkerChannelState(
                sidValue: sidValue, channel: ChannelHandle(channel.taskChannel),
                configuredCapacity: Int(channel.configuredCapacity), available: channel.available,
                activeCount: Int(channel.activeCount), assignedCount: Int(channel.assignedCount),
                idleTicket: channel.idleTicket, createdAt: Timestamp(unixMilliseconds: channel.createdMilliseconds),
                updatedAt: Timestamp(unixMilliseconds: channel.updatedMilliseconds))
        }
        let attributes = try parseAttributes(image.attributes, owner: image.sid)
        var record = WorkerRecord(
            sidValue: try sidValue(image.sid, .worker, of: "a worker"), friendlyName: image.friendlyName, attributes: attributes,
            activity: ActivityHandle(image.activity),
            activityChangedAt: Timestamp(unixMilliseconds: image.activityChangedMilliseconds),
            createdAt: Timestamp(unixMilliseconds: image.createdMilliseconds),
            updatedAt: Timestamp(unixMilliseconds: image.updatedMilliseconds), version: image.version,
            sequence: image.sequence, queues: image.taskQueues.map(QueueHandle.init), channels: channels,
            idleTicket: image.idleTicket, activeReservations: image.activeReservations.map(ReservationHandle.init),
            reservations: image.reservations.map(ReservationHandle.init),
            counters: Self.counters(image.counters),
            activityDurations: Self.durations(image.activityDurations))
        record.recentStatistics = try history(image.recentStatistics, owner: image.sid)
        return record
    }

    func queueRecord(_ image: SnapshotImage.TaskQueue) throws(SnapshotRestoreError) -> TaskQueueRecord {
        let expression: Expression
        do {
            expression = try WorkspaceState.compileTargetWorkers(image.targetWorkers)
        } catch {
            throw .doesNotCompile(workspaceSid: sid, resourceSid: image.sid, cause: error)
        }
        var record = TaskQueueRecord(
            storedSid: StoredSid(try sidValue(image.sid, .taskQueue, of: "a task queue"), .taskQueue), friendlyName: image.friendlyName, targetWorkers: expression,
            reservationActivity: image.reservationActivity.map(ActivityHandle.init),
            assignmentActivity: image.assignmentActivity.map(ActivityHandle.init),
            maxReservedWorkers: Int(image.maxReservedWorkers), taskOrder: image.taskOrder,
            createdAt: Timestamp(unixMilliseconds: image.createdMilliseconds),
            updatedAt: Timestamp(unixMilliseconds: image.updatedMilliseconds), sequence: image.sequence,
            counters: Self.counters(image.counters))
        record.recentStatistics = try history(image.recentStatistics, owner: image.sid)
        return record
    }

    func workflowRecord(_ image: SnapshotImage.Workflow) throws(SnapshotRestoreError) -> WorkflowRecord {
        guard let document = documents[image.document] else {
            throw .inconsistent(workspaceSid: sid, reason: "workflow \(image.sid) names missing routing document \(image.document)")
        }
        var record = WorkflowRecord(
            storedSid: StoredSid(try sidValue(image.sid, .workflow, of: "a workflow"), .workflow), friendlyName: image.friendlyName, configurationText: document.configurationText,
            compiled: document, assignmentCallbackUrl: image.assignmentCallbackUrl,
            fallbackAssignmentCallbackUrl: image.fallbackAssignmentCallbackUrl,
            taskReservationTimeoutSeconds: Int(image.taskReservationTimeoutSeconds),
            createdAt: Timestamp(unixMilliseconds: image.createdMilliseconds),
            updatedAt: Timestamp(unixMilliseconds: image.updatedMilliseconds), sequence: image.sequence,
            counters: Self.counters(image.counters))
        record.recentStatistics = try history(image.recentStatistics, owner: image.sid)
        return record
    }

    func reservationRecord(_ image: SnapshotImage.Reservation) throws(SnapshotRestoreError) -> ReservationRecord {
        let owner = "reservation \(image.sid)"
        let queueSidValue = try image.taskQueueSid.map { text throws(SnapshotRestoreError) in
            try sidValue(text, .taskQueue, of: owner)
        }
        let workflowSidValue = try image.workflowSid.map { text throws(SnapshotRestoreError) in
            try sidValue(text, .workflow, of: owner)
        }
        return ReservationRecord(
            sidValue: try sidValue(image.sid, .reservation, of: "a reservation"), sequence: image.sequence,
            task: TaskHandle(image.task), worker: WorkerHandle(image.worker),
            workerSidValue: try sidValue(image.workerSid, .worker, of: owner), workerName: image.workerName,
            queue: image.taskQueue.map(QueueHandle.init), workflow: image.workflow.map(WorkflowHandle.init),
            queueSidValue: queueSidValue, workflowSidValue: workflowSidValue, channel: ChannelHandle(image.taskChannel), status: image.status,
            createdAt: Timestamp(unixMilliseconds: image.createdMilliseconds),
            updatedAt: Timestamp(unixMilliseconds: image.updatedMilliseconds), version: image.version,
            previousActivity: ActivityHandle(image.previousActivity), timeoutSeconds: Int(image.timeoutSeconds))
    }

    func parseAttributes(_ text: String, owner: String) throws(SnapshotRestoreError) -> AttributeValue {
        do {
            return try AttributeValue(parsingAttributes: text, maximumBytes: Self.maximumRestoredAttributesBytes,
                                      maximumDepth: Limits.maximumAttributesDepth)
        } catch {
            throw .inconsistent(workspaceSid: sid, reason: "attributes of \(owner) are not valid: \(error.message)")
        }
    }

    static func counters(_ image: SnapshotImage.Counters) -> CumulativeCounters {
        var counters = CumulativeCounters()
        counters.reservationsCreated = Int(image.reservationsCreated)
        counters.reservationsAccepted = Int(image.reservationsAccepted)
        counters.reservationsRejected = Int(image.reservationsRejected)
        counters.reservationsTimedOut = Int(image.reservationsTimedOut)
        counters.reservationsCanceled = Int(image.reservationsCanceled)
        counters.reservationsRescinded = Int(image.reservationsRescinded)
        counters.tasksEntered = Int(image.tasksEntered)
        counters.tasksCanceled = Int(image.tasksCanceled)
        counters.tasksCompleted = Int(image.tasksCompleted)
        counters.tasksDeleted = Int(image.tasksDeleted)
        counters.tasksMoved = Int(image.tasksMoved)
        counters.tasksTimedOutInWorkflow = Int(image.tasksTimedOutInWorkflow)
        counters.waitUntilAccepted = duration(image.waitUntilAccepted)
        counters.waitUntilCanceled = duration(image.waitUntilCanceled)
        counters.waitInQueueUntilAccepted = duration(image.waitInQueueUntilAccepted)
        return counters
    }

    static func duration(_ image: SnapshotImage.DurationValues) -> DurationSummary {
        DurationSummary(count: Int(image.count), totalMilliseconds: image.totalMilliseconds,
                        minimumMilliseconds: image.minimumMilliseconds, maximumMilliseconds: image.maximumMilliseconds)
    }

    static func durations(_ images: [SnapshotImage.ActivityDuration]) -> [ActivityHandle: DurationSummary] {
        var durations: [ActivityHandle: DurationSummary] = [:]
        for image in images { durations[ActivityHandle(image.activity)] = duration(image.summary) }
        return durations
    }
}

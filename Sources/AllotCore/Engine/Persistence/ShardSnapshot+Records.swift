extension ShardSnapshot {
    /// Calls `body` with every record of the captured shard: workspaces in
    /// SID order, each followed by its resources in the order
    /// `SnapshotImage.Record` lists. Runs outside any lock.
    ///
    /// - Complexity: O(size of the shard's state).
    package func forEachRecord(_ body: (SnapshotImage.Record) throws -> Void) rethrows {
        for sid in state.sids.sorted() {
            guard let workspace = state.workspace(sid) else { continue }
            try workspace.forEachSnapshotRecord(body)
        }
    }
}

extension WorkspaceState {
    /// Calls `body` with this workspace's snapshot records.
    func forEachSnapshotRecord(_ body: (SnapshotImage.Record) throws -> Void) rethrows {
        try body(.workspace(workspaceImage()))
        for handle in activities.handles { try body(.activity(activityImage(handle))) }
        for handle in channels.handles { try body(.taskChannel(channelImage(handle))) }
        for handle in workers.handles { try body(.worker(workerImage(handle))) }
        for handle in queues.handles { try body(.taskQueue(queueImage(handle))) }

        // Documents are numbered in order of first use, by the workflows and
        // then by the tasks routing by an older version of one.
        var documentIDs: [ObjectIdentifier: UInt32] = [:]
        func register(_ document: CompiledWorkflow) throws {
            let identity = ObjectIdentifier(document)
            guard documentIDs[identity] == nil else { return }
            let id = UInt32(documentIDs.count)
            documentIDs[identity] = id
            var image = SnapshotImage.RoutingDocument()
            image.id = id
            image.configuration = document.configurationText
            try body(.routingDocument(image))
        }
        for handle in workflows.handles { try register(workflows[handle].compiled) }
        for handle in tasks.handles {
            if case .step(let document, _, _) = tasks[handle].placement { try register(document) }
        }

        for handle in workflows.handles {
            try body(.workflow(workflowImage(handle, document: documentID(workflows[handle].compiled, in: documentIDs))))
        }
        for handle in tasks.handles { try body(.task(taskImage(handle, documentIDs: documentIDs))) }
        for handle in reservations.handles { try body(.reservation(reservationImage(handle))) }
        for entry in timers.entries { try body(.timer(Self.timerImage(entry))) }
    }

    private func documentID(_ document: CompiledWorkflow, in ids: [ObjectIdentifier: UInt32]) -> UInt32 {
        guard let id = ids[ObjectIdentifier(document)] else {
            preconditionFailure("routing document not registered before use")
        }
        return id
    }

    private func workspaceImage() -> SnapshotImage.Workspace {
        var image = SnapshotImage.Workspace()
        image.sid = settings.sid
        image.accountSid = settings.accountSid
        image.friendlyName = settings.friendlyName
        image.eventCallbackUrl = settings.eventCallbackUrl
        image.eventsFilter = settings.eventsFilter.map { $0.map(\.rawValue).sorted() }
        image.defaultActivity = settings.defaultActivity.index
        image.timeoutActivity = settings.timeoutActivity.index
        image.multiTaskEnabled = settings.multiTaskEnabled
        image.prioritizeQueueOrder = settings.prioritizeQueueOrder
        image.createdMilliseconds = settings.createdAt.unixMilliseconds
        image.updatedMilliseconds = settings.updatedAt.unixMilliseconds
        image.sidGeneratorState = sids.state
        image.nextSequence = nextSequence
        image.nextIdleTicket = nextIdleTicket
        image.nextTimerSequence = nextTimerSequence
        image.nextEventSequence = events.nextSequence
        image.counters = Self.countersImage(counters)
        image.activityDurations = Self.durationsImage(activityDurations)
        image.recentStatistics = Self.bucketsImage(recentStatistics)
        image.activities = Self.tableImage(activities)
        image.taskChannels = Self.tableImage(channels)
        image.workers = Self.tableImage(workers)
        image.taskQueues = Self.tableImage(queues)
        image.workflows = Self.tableImage(workflows)
        image.tasks = Self.tableImage(tasks)
        image.reservations = Self.tableImage(reservations)
        return image
    }

    private func activityImage(_ handle: ActivityHandle) -> SnapshotImage.Activity {
        let activity = activities[handle]
        var image = SnapshotImage.Activity()
        image.handle = handle.index
        image.sid = activity.sid
        image.friendlyName = activity.friendlyName
        image.available = activity.available
        image.createdMilliseconds = activity.createdAt.unixMilliseconds
        image.updatedMilliseconds = activity.updatedAt.unixMilliseconds
        image.sequence = activity.sequence
        return image
    }

    private func channelImage(_ handle: ChannelHandle) -> SnapshotImage.TaskChannel {
        let channel = channels[handle]
        var image = SnapshotImage.TaskChannel()
        image.handle = handle.index
        image.sid = channel.sid
        image.friendlyName = channel.friendlyName
        image.uniqueName = channel.uniqueName
        image.channelOptimizedRouting = channel.channelOptimizedRouting
        image.createdMilliseconds = channel.createdAt.unixMilliseconds
        image.updatedMilliseconds = channel.updatedAt.unixMilliseconds
        image.sequence = channel.sequence
        return image
    }

    private func workerImage(_ handle: WorkerHandle) -> SnapshotImage.Worker {
        let worker = workers[handle]
        var image = SnapshotImage.Worker()
        image.handle = handle.index
        image.sid = worker.sid
        image.friendlyName = worker.friendlyName
        image.attributes = worker.attributes.jsonText
        image.activity = worker.activity.index
        image.activityChangedMilliseconds = worker.activityChangedAt.unixMilliseconds
        image.createdMilliseconds = worker.createdAt.unixMilliseconds
        image.updatedMilliseconds = worker.updatedAt.unixMilliseconds
        image.version = worker.version
        image.sequence = worker.sequence
        image.taskQueues = worker.queues.map(\.index)
        image.channelSlotCount = Int32(worker.channels.count)
        image.channels = worker.channels.compactMap { $0.map(Self.workerChannelImage) }
        image.idleTicket = worker.idleTicket
        image.activeReservations = worker.activeReservations.map(\.index)
        image.reservations = worker.reservations.map(\.index)
        image.counters = Self.countersImage(worker.counters)
        image.activityDurations = Self.durationsImage(worker.activityDurations)
        image.recentStatistics = Self.bucketsImage(worker.recentStatistics)
        return image
    }

    private static func workerChannelImage(_ state: WorkerChannelState) -> SnapshotImage.WorkerChannel {
        var image = SnapshotImage.WorkerChannel()
        image.taskChannel = state.channel.index
        image.sid = state.sid
        image.configuredCapacity = Int32(state.configuredCapacity)
        image.available = state.available
        image.activeCount = Int32(state.activeCount)
        image.assignedCount = Int32(state.assignedCount)
        image.idleTicket = state.idleTicket
        image.createdMilliseconds = state.createdAt.unixMilliseconds
        image.updatedMilliseconds = state.updatedAt.unixMilliseconds
        return image
    }

    private func queueImage(_ handle: QueueHandle) -> SnapshotImage.TaskQueue {
        let queue = queues[handle]
        var image = SnapshotImage.TaskQueue()
        image.handle = handle.index
        image.sid = queue.sid
        image.friendlyName = queue.friendlyName
        image.targetWorkers = queue.targetWorkers.source
        image.reservationActivity = queue.reservationActivity?.index
        image.assignmentActivity = queue.assignmentActivity?.index
        image.maxReservedWorkers = Int32(queue.maxReservedWorkers)
        image.taskOrder = queue.taskOrder
        image.createdMilliseconds = queue.createdAt.unixMilliseconds
        image.updatedMilliseconds = queue.updatedAt.unixMilliseconds
        image.sequence = queue.sequence
        image.counters = Self.countersImage(queue.counters)
        image.recentStatistics = Self.bucketsImage(queue.recentStatistics)
        return image
    }

    private func workflowImage(_ handle: WorkflowHandle, document: UInt32) -> SnapshotImage.Workflow {
        let workflow = workflows[handle]
        var image = SnapshotImage.Workflow()
        image.handle = handle.index
        image.sid = workflow.sid
        image.friendlyName = workflow.friendlyName
        image.document = document
        image.assignmentCallbackUrl = workflow.assignmentCallbackUrl
        image.fallbackAssignmentCallbackUrl = workflow.fallbackAssignmentCallbackUrl
        image.taskReservationTimeoutSeconds = Int32(workflow.taskReservationTimeoutSeconds)
        image.createdMilliseconds = workflow.createdAt.unixMilliseconds
        image.updatedMilliseconds = workflow.updatedAt.unixMilliseconds
        image.sequence = workflow.sequence
        image.counters = Self.countersImage(workflow.counters)
        image.recentStatistics = Self.bucketsImage(workflow.recentStatistics)
        return image
    }
}

extension WorkspaceState {
    mutating func createTaskChannel(_ request: CreateTaskChannelRequest, now: Timestamp) throws(EngineError) -> TaskChannelInfo {
        let name = try validateChannelFriendlyName(request.friendlyName)
        try Self.validateChannelUniqueName(request.uniqueName)
        if channelsByUniqueName[request.uniqueName] != nil {
            throw .alreadyExists(field: "UniqueName",
                                 message: "a task channel named \(EngineError.quoted(request.uniqueName)) already exists")
        }
        if channels.count >= limits.maximumTaskChannels {
            throw .resourceExhausted(field: "UniqueName",
                                     message: "the workspace has \(channels.count) task channels, the maximum")
        }
        let handle = insertChannel(friendlyName: name, uniqueName: request.uniqueName,
                                   channelOptimizedRouting: request.channelOptimizedRouting ?? false, now: now)
        emit(.taskChannelCreated, resourceSid: channels[handle].sid, at: now, channelEventData(handle))
        return taskChannelInfo(handle)
    }

    /// Inserts a channel and gives every worker a worker channel for it.
    @discardableResult
    mutating func insertChannel(friendlyName: String, uniqueName: String, channelOptimizedRouting: Bool,
                                now: Timestamp) -> ChannelHandle {
        let record = TaskChannelRecord(storedSid: StoredSid(sids.nextValue(), .taskChannel), friendlyName: friendlyName, uniqueName: uniqueName,
                                       channelOptimizedRouting: channelOptimizedRouting, createdAt: now,
                                       updatedAt: now, sequence: takeSequence())
        let handle = channels.insert(record)
        channelsByUniqueName[uniqueName] = handle
        for workerHandle in workers.handles {
            installWorkerChannel(workerHandle, channel: handle, now: now)
            refreshReadiness(workerHandle)
        }
        return handle
    }

    mutating func installWorkerChannel(_ worker: WorkerHandle, channel: ChannelHandle, now: Timestamp) {
        let state = WorkerChannelState(
            sidValue: sids.nextValue(), channel: channel,
            idleTicket: Self.neverReservedTicket(sequence: workers[worker].sequence), createdAt: now, updatedAt: now)
        let index = Int(channel.index)
        if workers[worker].channels.count <= index {
            workers[worker].channels.append(contentsOf: Array(repeating: nil, count: index + 1 - workers[worker].channels.count))
        }
        workers[worker].channels[index] = state
    }

    /// Returns a channel's friendly name when it is valid: a friendly name
    /// without hyphens, which TaskRouter rejects in channel names.
    func validateChannelFriendlyName(_ text: String) throws(EngineError) -> String {
        let name = try InputValidation.friendlyName(text, limits: limits)
        if name.contains("-") {
            throw .invalidArgument(field: "FriendlyName",
                                   message: "FriendlyName \(EngineError.quoted(name)) contains a hyphen; remove it")
        }
        return name
    }

    static func validateChannelUniqueName(_ name: String) throws(EngineError) {
        let isIdentifierByte: (UInt8) -> Bool = { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
        }
        let bytes = Array(name.utf8)
        guard let first = bytes.first, !(first >= 0x30 && first <= 0x39), bytes.allSatisfy(isIdentifierByte),
              bytes.count <= 64 else {
            throw .invalidArgument(
                field: "UniqueName",
                message: "UniqueName \(EngineError.quoted(name)) must be 1 to 64 letters, digits, '_' or '$' "
                    + "and must not start with a digit")
        }
    }

    mutating func updateTaskChannel(sid: String, _ request: UpdateTaskChannelRequest, now: Timestamp) throws(EngineError) -> TaskChannelInfo {
        let handle = try channelHandle(sid, field: "Sid")
        let name = try request.friendlyName.map { text throws(EngineError) in try validateChannelFriendlyName(text) }
        if let name { channels[handle].friendlyName = name }
        if let optimized = request.channelOptimizedRouting, optimized != channels[handle].channelOptimizedRouting {
            channels[handle].channelOptimizedRouting = optimized
            // The channel's workers move between the shared ready order and
            // one of its own in every queue.
            if !optimized {
                for queueHandle in queues.handles { queues[queueHandle].readyWorkers.removeChannelOrder(handle.index) }
            }
            for workerHandle in workers.handles { refreshReadiness(workerHandle) }
        }
        channels[handle].updatedAt = now
        emit(.taskChannelUpdated, resourceSid: channels[handle].sid, at: now, channelEventData(handle))
        return taskChannelInfo(handle)
    }

    /// Unique name of the channel that tasks created without a `TaskChannel` get.
    static let defaultChannelUniqueName = "default"

    /// Deletes a task channel, other than `default`, that no stored task uses. Its worker channels go with it.
    /// `sid` may be the channel's unique name, and the channel's SID is returned.
    @discardableResult
    mutating func deleteTaskChannel(sid: String, now: Timestamp) throws(EngineError) -> String {
        let handle = try channelHandle(sid, field: "Sid")
        let channelSid = channels[handle].sid
        let resource = channels[handle].eventSid
        if channels[handle].uniqueName == Self.defaultChannelUniqueName {
            throw .failedPrecondition(field: "Sid",
                                      message: "task channel \(channelSid) is 'default', the channel of tasks created without "
                                          + "a TaskChannel, so it cannot be deleted; leave it unused instead")
        }
        for taskHandle in tasks.handles where tasks[taskHandle].channel == handle {
            let task = tasks[taskHandle]
            let name = channels[handle].uniqueName
            if task.status.isFinished {
                // A finished task is kept until its retention timer removes it.
                let removal = task.updatedAt.adding(seconds: limits.finishedTaskRetentionSeconds)
                throw .failedPrecondition(field: "Sid",
                                          message: "task \(task.sid) uses task channel \(name) and is \(task.status.rawValue), "
                                              + "kept until \(removal.iso8601); delete the task, or delete the channel after that")
            }
            throw .failedPrecondition(field: "Sid",
                                      message: "task \(task.sid) uses task channel \(name) and is \(task.status.rawValue); "
                                          + "finish and delete its tasks first")
        }
        let data = channelEventData(handle)
        for queueHandle in queues.handles {
            queues[queueHandle].readyWorkers.removeChannelOrder(handle.index)
            queues[queueHandle].pendingTasks[handle.index] = nil
        }
        for workerHandle in workers.handles {
            workers[workerHandle].channels[Int(handle.index)] = nil
        }
        unattributeFigures(of: handle)
        channelsByUniqueName[channels[handle].uniqueName] = nil
        channels.remove(handle)
        // A worker ready only on the deleted channel leaves the shared ready orders.
        for workerHandle in workers.handles { refreshReadiness(workerHandle) }
        emit(.taskChannelDeleted, resource: resource, at: now, consume data)
        return channelSid
    }

    /// Fetches a channel by SID or unique name.
    func fetchTaskChannel(_ sidOrUniqueName: String) throws(EngineError) -> TaskChannelInfo {
        taskChannelInfo(try channelHandle(sidOrUniqueName, field: "Sid"))
    }

    func listTaskChannels(_ page: PageRequest) throws(EngineError) -> Page<TaskChannelInfo> {
        let rows = channels.handles.map { (key: [channels[$0].sequence], item: taskChannelInfo($0)) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        return try Pager.page(rows, request: page, scope: PageScope(list: "task-channels", owner: settings.sid), limits: limits)
    }

    /// Resolves a channel by SID or unique name.
    /// Returns the `default` channel, which tasks created without a
    /// `TaskChannel` get.
    ///
    /// A workspace creates it first, so its first slot is checked before the
    /// table of unique names, because comparing a short name costs less than
    /// hashing it. A workspace whose `default` channel is in another slot
    /// finds it through the table.
    @inline(__always)
    func defaultChannelHandle() throws(EngineError) -> ChannelHandle {
        let first = ChannelHandle(0)
        if channels.contains(first), channels[first].uniqueName == Self.defaultChannelUniqueName { return first }
        return try channelHandle(Self.defaultChannelUniqueName, field: "TaskChannel")
    }

    /// It is always inlined, because an outlined call from a mutating method
    /// copied the whole workspace state.
    @inline(__always)
    func channelHandle(_ sidOrUniqueName: String, field: String) throws(EngineError) -> ChannelHandle {
        if let handle = channels.handle(forSid: sidOrUniqueName) ?? channelsByUniqueName[sidOrUniqueName] {
            return handle
        }
        throw Self.channelNotFound(sidOrUniqueName, field: field)
    }

    static func channelNotFound(_ sidOrUniqueName: String, field: String) -> EngineError {
        .notFound(field: field,
                  message: "task channel \(EngineError.quoted(sidOrUniqueName)) was not found; pass a TC SID "
                      + "or a unique name such as 'voice'")
    }

    func taskChannelInfo(_ handle: ChannelHandle) -> TaskChannelInfo {
        let channel = channels[handle]
        return TaskChannelInfo(sid: channel.sid, workspaceSid: settings.sid, accountSid: settings.accountSid,
                               friendlyName: channel.friendlyName, uniqueName: channel.uniqueName,
                               channelOptimizedRouting: channel.channelOptimizedRouting,
                               dateCreated: channel.createdAt, dateUpdated: channel.updatedAt)
    }

    func channelEventData(_ handle: ChannelHandle) -> EventData {
        var data = EventData()
        data.setSid(.taskChannel, channels[handle].eventSid)
        data.taskChannelUniqueName = channels[handle].uniqueName
        data.taskChannelName = channels[handle].friendlyName
        data.taskChannelOptimizedRouting = channels[handle].channelOptimizedRouting
        return data
    }
}

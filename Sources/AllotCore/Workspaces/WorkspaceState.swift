/// Everything one workspace owns, as a value: copying it under the shard
/// lock is cheap (copy-on-write arrays), which is how snapshots capture it.
///
/// Operations are split by domain into `WorkspaceState+*.swift` files. Each
/// public operation validates its whole request before changing anything,
/// so a thrown error leaves the state as it was.
struct WorkspaceState: Sendable {
    var settings: WorkspaceRecord
    let configuration: EngineConfiguration
    var activities = ResourceTable<ActivityRecord>()
    var channels = ResourceTable<TaskChannelRecord>() {
        // Channels change only when the workspace is created or restored
        // and on channel requests, so the scan runs rarely. Every change
        // sets the flag again.
        didSet { hasOptimizedChannel = channels.handles.contains { channels[$0].channelOptimizedRouting } }
    }
    /// Whether any channel uses channel-optimized routing. Without one, every
    /// channel shares one ready order, and `readyKeys(_:)` stops at the
    /// worker's first ready channel instead of looking up every channel.
    private(set) var hasOptimizedChannel = false
    var workers = ResourceTable<WorkerRecord>()
    var queues = ResourceTable<TaskQueueRecord>()
    var workflows = ResourceTable<WorkflowRecord>()
    var tasks = ResourceTable<TaskRecord>()
    var reservations = ResourceTable<ReservationRecord>()
    var workerIndex = WorkerAttributeIndex()
    var timers = WorkspaceTimers()
    var events: EventRing
    /// Events emitted by the operation in progress, handed to the caller.
    var emitted: [EngineEvent] = []
    /// True while `fireDueTimers` runs, so that the events it causes are
    /// marked as caused by a timer. Not part of snapshots: it is false
    /// between operations.
    var isFiringTimers = false
    var sids: SidGenerator
    /// Creation order of every resource, used for stable ordering.
    var nextSequence: Int64 = 1
    /// Idle tickets handed out on reservation and acceptance.
    var nextIdleTicket: Int64 = 1
    var nextTimerSequence: Int64 = 1
    var tally = TaskTally()
    /// Positions of the waiting tasks in the heaps of `tally`.
    var workspaceTallyPositions = TallyPositions()
    /// Positions of the waiting tasks in the heaps of every workflow's tally.
    var workflowTallyPositions = TallyPositions()
    /// Positions of the waiting tasks in the heaps of every task queue's tally.
    var queueTallyPositions = TallyPositions()
    var counters = CumulativeCounters()
    /// The workspace's counters and activity periods per minute, for windows.
    var recentStatistics = MinuteBuckets()
    /// Workers by lowercased friendly name, which is unique case-insensitively.
    var workersByLowercasedName: [String: WorkerHandle] = [:]
    var channelsByUniqueName: [String: ChannelHandle] = [:]
    var workerCountsByActivity: [ActivityHandle: Int] = [:]
    /// Closed periods of every worker in each activity, for the workers' cumulative statistics.
    var activityDurations: [ActivityHandle: DurationSummary] = [:]
    /// Workers whose readiness grew during the operation in progress; they
    /// look for waiting tasks when it settles.
    var workersToMatch: [WorkerHandle] = []
    /// Workflows that may have waiting tasks routed by a document that reads
    /// the clock; the minute timer re-checks their tasks. A workflow leaves
    /// the set at the first tick that finds no such task.
    var clockWatchedWorkflows: Set<WorkflowHandle> = []

    var limits: EngineLimits { configuration.limits }

    /// Creates a workspace with the default activities (Offline, Available,
    /// Unavailable; Offline is the default and timeout activity) and the
    /// default task channels (default, voice, sms, chat, video).
    init(sid: String, accountSid: String, friendlyName: String, configuration: EngineConfiguration, now: Timestamp) {
        var sids = SidGenerator(seedText: sid)
        var activities = ResourceTable<ActivityRecord>()
        var sequence: Int64 = 1
        var offline = ActivityHandle(0)
        for (name, available) in WorkspaceDefaults.activities {
            let handle = activities.insert(ActivityRecord(
                storedSid: StoredSid(sids.nextValue(), .activity), friendlyName: name, available: available,
                createdAt: now, updatedAt: now, sequence: sequence))
            sequence += 1
            if name == "Offline" { offline = handle }
        }
        settings = WorkspaceRecord(
            sid: sid, accountSid: accountSid, friendlyName: friendlyName, eventCallbackUrl: nil,
            eventsFilter: nil, defaultActivity: offline, timeoutActivity: offline, multiTaskEnabled: true,
            prioritizeQueueOrder: .fifo, createdAt: now, updatedAt: now)
        self.configuration = configuration
        self.activities = activities
        self.sids = sids
        self.nextSequence = sequence
        events = EventRing(capacity: configuration.limits.eventRingCapacity)
        for name in WorkspaceDefaults.taskChannelNames {
            insertChannel(friendlyName: name, uniqueName: name, channelOptimizedRouting: false, now: now)
        }
    }

    /// Returns the next creation sequence number.
    mutating func takeSequence() -> Int64 {
        defer { nextSequence += 1 }
        return nextSequence
    }

    /// Returns the next idle ticket, later than every ticket issued before.
    mutating func takeIdleTicket() -> Int64 {
        defer { nextIdleTicket += 1 }
        return nextIdleTicket
    }

    /// Returns the idle ticket of a worker that was never reserved: below every
    /// issued ticket, in creation order.
    static func neverReservedTicket(sequence: Int64) -> Int64 {
        Int64.min / 2 + sequence
    }

    // MARK: Timers

    /// Arms (or re-arms) timer `id` to fire at `deadline`.
    ///
    /// - Complexity: O(log n) in the number of armed timers.
    mutating func arm(_ id: TimerID, at deadline: Timestamp) {
        let key = TimerKey(deadline: deadline, sequence: nextTimerSequence)
        timers.upsert(id, key: key)
        nextTimerSequence += 1
    }

    /// Disarms timer `id` if it is armed.
    ///
    /// - Complexity: O(log n).
    mutating func disarm(_ id: TimerID) {
        timers.remove(id)
    }

    /// The earliest armed deadline.
    var nextDeadline: Timestamp? { timers.nextDeadline }

    // MARK: Events

    /// Appends an event to the ring and to the current operation's events.
    ///
    /// `data` is consumed, so that the event reuses its object when the caller
    /// keeps no other copy.
    mutating func emit(_ type: EventType, resourceSid: String, at now: Timestamp, _ data: consuming EventData) {
        if let resource = EventSid(generated: resourceSid) {
            append(type, resource: resource, resourceText: nil, at: now, data)
        } else {
            append(type, resource: nil, resourceText: resourceSid, at: now, data)
        }
    }

    /// Appends an event about `resource`, whose SID is formatted only when read.
    mutating func emit(_ type: EventType, resource: EventSid, at now: Timestamp, _ data: consuming EventData) {
        append(type, resource: resource, resourceText: nil, at: now, data)
    }

    private mutating func append(_ type: EventType, resource: EventSid?, resourceText: String?, at now: Timestamp,
                                 _ data: consuming EventData) {
        let event = EngineEvent(
            sequence: 0, sidValue: sids.nextValue(), type: type, timestamp: now, accountSid: settings.accountSid,
            workspaceSid: settings.sid, resource: resource, resourceText: resourceText,
            isDelivered: settings.eventsFilter?.contains(type) ?? true, data: data, causedByTimer: isFiringTimers)
        // The array was handed to the previous operation's caller, so it starts
        // empty. Reserving room for a routing cycle's events spares it regrowing.
        if emitted.capacity == 0 { emitted.reserveCapacity(Self.expectedEventsPerOperation) }
        emitted.append(events.append(event))
    }

    /// Room for the events of one operation. A task creation that reserves a
    /// worker, the busiest common operation, emits eight.
    private static let expectedEventsPerOperation = 8

    /// Removes and returns the events of the operation in progress.
    mutating func takeEmittedEvents() -> [EngineEvent] {
        defer { emitted.removeAll() }
        return emitted
    }
}

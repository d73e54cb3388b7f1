/// A captured shard as plain values, one record at a time, for the snapshot
/// codec outside the engine.
///
/// The fields follow the engine's records one to one. Resources refer to
/// each other by handle, the index of their slot in the workspace's table,
/// so that a restored workspace reuses slots as the live one would. Derived
/// structures (ready sets, pending heaps, tallies, the attribute index, name
/// indexes) are left out and rebuilt on restore.
package enum SnapshotImage {
    /// One record of a shard, in the order `ShardSnapshot.forEachRecord`
    /// produces and `ShardSnapshotBuilder` expects: per workspace, the
    /// workspace, then its activities, channels, workers, queues, routing
    /// documents, workflows, tasks, reservations and timers.
    package enum Record: Sendable, Equatable {
        case workspace(Workspace)
        case activity(Activity)
        case taskChannel(TaskChannel)
        case worker(Worker)
        case taskQueue(TaskQueue)
        case routingDocument(RoutingDocument)
        case workflow(Workflow)
        case task(Task)
        case reservation(Reservation)
        case timer(Timer)
    }

    /// Slot layout of a resource table.
    package struct Table: Sendable, Equatable {
        /// Slots in use or free; every handle is below it.
        package var slotCount: Int32
        /// Free slots in the order the table reuses them, the last first.
        package var freeSlots: [Int32]

        package init(slotCount: Int32 = 0, freeSlots: [Int32] = []) {
            self.slotCount = slotCount
            self.freeSlots = freeSlots
        }
    }

    /// Count, total, minimum and maximum of recorded durations.
    package struct DurationValues: Sendable, Equatable {
        package var count: Int64 = 0
        package var totalMilliseconds: Int64 = 0
        package var minimumMilliseconds: Int64 = 0
        package var maximumMilliseconds: Int64 = 0

        package init() {}
    }

    /// Cumulative counters of a workspace, queue, workflow or worker.
    package struct Counters: Sendable, Equatable {
        package var reservationsCreated: Int64 = 0
        package var reservationsAccepted: Int64 = 0
        package var reservationsRejected: Int64 = 0
        package var reservationsTimedOut: Int64 = 0
        package var reservationsCanceled: Int64 = 0
        package var reservationsRescinded: Int64 = 0
        package var tasksEntered: Int64 = 0
        package var tasksCanceled: Int64 = 0
        package var tasksCompleted: Int64 = 0
        package var tasksDeleted: Int64 = 0
        package var tasksMoved: Int64 = 0
        package var tasksTimedOutInWorkflow: Int64 = 0
        package var waitUntilAccepted = DurationValues()
        package var waitUntilCanceled = DurationValues()
        package var waitInQueueUntilAccepted = DurationValues()

        package init() {}
    }

    /// Time spent in one activity.
    package struct ActivityDuration: Sendable, Equatable {
        package var activity: Int32
        package var summary: DurationValues

        package init(activity: Int32, summary: DurationValues) {
            self.activity = activity
            self.summary = summary
        }
    }

    /// Accepted and canceled tasks in one wait-time bin of one minute.
    package struct WaitTimeBin: Sendable, Equatable {
        package var bin: Int32
        package var reservationsAccepted: Int64
        package var tasksCanceled: Int64

        package init(bin: Int32, reservationsAccepted: Int64, tasksCanceled: Int64) {
            self.bin = bin
            self.reservationsAccepted = reservationsAccepted
            self.tasksCanceled = tasksCanceled
        }
    }

    /// What happened in one scope during one UTC minute.
    package struct StatisticsBucket: Sendable, Equatable {
        /// Minutes since the Unix epoch.
        package var minute: Int64 = 0
        package var counters = Counters()
        package var waitTimes: [WaitTimeBin] = []
        package var activityDurations: [ActivityDuration] = []
        package var channels: [ChannelFigures] = []

        package init() {}
    }

    /// One task channel's share of a statistics bucket.
    package struct ChannelFigures: Sendable, Equatable {
        /// Task channel handle.
        package var channel: Int32 = 0
        package var counters = Counters()
        package var waitTimes: [WaitTimeBin] = []

        package init() {}
    }

    /// A workspace's settings, counters, generator states and table layouts.
    package struct Workspace: Sendable, Equatable {
        package var sid = ""
        package var accountSid = ""
        package var friendlyName = ""
        package var eventCallbackUrl: String?
        /// Event type names delivered to subscribers; nil delivers every type.
        package var eventsFilter: [String]?
        package var defaultActivity: Int32 = 0
        package var timeoutActivity: Int32 = 0
        package var multiTaskEnabled = true
        package var prioritizeQueueOrder = TaskOrder.fifo
        package var createdMilliseconds: Int64 = 0
        package var updatedMilliseconds: Int64 = 0
        package var sidGeneratorState: UInt64 = 0
        package var nextSequence: Int64 = 1
        package var nextIdleTicket: Int64 = 1
        package var nextTimerSequence: Int64 = 1
        package var nextEventSequence: UInt64 = 1
        package var counters = Counters()
        package var activityDurations: [ActivityDuration] = []
        package var recentStatistics: [StatisticsBucket] = []
        package var activities = Table()
        package var taskChannels = Table()
        package var workers = Table()
        package var taskQueues = Table()
        package var workflows = Table()
        package var tasks = Table()
        package var reservations = Table()

        package init() {}
    }

    /// An activity.
    package struct Activity: Sendable, Equatable {
        package var handle: Int32 = 0
        package var sid = ""
        package var friendlyName = ""
        package var available = false
        package var createdMilliseconds: Int64 = 0
        package var updatedMilliseconds: Int64 = 0
        package var sequence: Int64 = 0

        package init() {}
    }

    /// A task channel.
    package struct TaskChannel: Sendable, Equatable {
        package var handle: Int32 = 0
        package var sid = ""
        package var friendlyName = ""
        package var uniqueName = ""
        package var channelOptimizedRouting = false
        package var createdMilliseconds: Int64 = 0
        package var updatedMilliseconds: Int64 = 0
        package var sequence: Int64 = 0

        package init() {}
    }

    /// A worker's state on one task channel.
    package struct WorkerChannel: Sendable, Equatable {
        package var taskChannel: Int32 = 0
        package var sid = ""
        package var configuredCapacity: Int32 = 1
        package var available = true
        package var activeCount: Int32 = 0
        package var assignedCount: Int32 = 0
        package var idleTicket: Int64 = 0
        package var createdMilliseconds: Int64 = 0
        package var updatedMilliseconds: Int64 = 0

        package init() {}
    }

    /// A worker.
    package struct Worker: Sendable, Equatable {
        package var handle: Int32 = 0
        package var sid = ""
        package var friendlyName = ""
        /// Attributes as compact JSON text.
        package var attributes = "{}"
        package var activity: Int32 = 0
        package var activityChangedMilliseconds: Int64 = 0
        package var createdMilliseconds: Int64 = 0
        package var updatedMilliseconds: Int64 = 0
        package var version: UInt64 = 1
        package var sequence: Int64 = 0
        /// Queue handles the worker is a member of, ascending.
        package var taskQueues: [Int32] = []
        /// Length of the worker's channel list, including freed slots.
        package var channelSlotCount: Int32 = 0
        package var channels: [WorkerChannel] = []
        package var idleTicket: Int64 = 0
        package var activeReservations: [Int32] = []
        package var reservations: [Int32] = []
        package var counters = Counters()
        package var activityDurations: [ActivityDuration] = []
        package var recentStatistics: [StatisticsBucket] = []

        package init() {}
    }

    /// A task queue.
    package struct TaskQueue: Sendable, Equatable {
        package var handle: Int32 = 0
        package var sid = ""
        package var friendlyName = ""
        package var targetWorkers = ""
        package var reservationActivity: Int32?
        package var assignmentActivity: Int32?
        package var maxReservedWorkers: Int32 = 1
        package var taskOrder = TaskOrder.fifo
        package var createdMilliseconds: Int64 = 0
        package var updatedMilliseconds: Int64 = 0
        package var sequence: Int64 = 0
        package var counters = Counters()
        package var recentStatistics: [StatisticsBucket] = []

        package init() {}
    }

    /// A routing document that a workflow or a task routes by.
    package struct RoutingDocument: Sendable, Equatable {
        /// Number that workflows and tasks of the same workspace refer to.
        package var id: UInt32 = 0
        package var configuration = ""

        package init() {}
    }

    /// A workflow.
    package struct Workflow: Sendable, Equatable {
        package var handle: Int32 = 0
        package var sid = ""
        package var friendlyName = ""
        /// Routing document id of the current configuration.
        package var document: UInt32 = 0
        package var assignmentCallbackUrl: String?
        package var fallbackAssignmentCallbackUrl: String?
        package var taskReservationTimeoutSeconds: Int32 = 0
        package var createdMilliseconds: Int64 = 0
        package var updatedMilliseconds: Int64 = 0
        package var sequence: Int64 = 0
        package var counters = Counters()
        package var recentStatistics: [StatisticsBucket] = []

        package init() {}
    }

    /// A task's place in its routing.
    package enum Placement: Sendable, Equatable {
        /// At step `stepIndex` of filter `filterIndex` (nil: the default
        /// filter) of routing document `document`.
        case step(document: UInt32, filterIndex: Int32?, stepIndex: Int32)
        case taskQueue(Int32)
        case worker(Int32)
    }

    /// A task.
    package struct Task: Sendable, Equatable {
        package var handle: Int32 = 0
        package var sid = ""
        package var sequence: Int64 = 0
        package var createdMilliseconds: Int64 = 0
        package var updatedMilliseconds: Int64 = 0
        package var version: UInt64 = 1
        /// Attributes as compact JSON text.
        package var attributes = "{}"
        package var priority: Int64 = 0
        package var timeoutSeconds: Int64 = 0
        package var taskChannel: Int32 = 0
        package var workflow: Int32?
        package var virtualStartMilliseconds: Int64 = 0
        /// The RoutingTarget SID.
        package var routingTarget: String?
        package var ignoreCapacity = false
        package var status = TaskStatus.pending
        package var reason: String?
        /// Nil when the task is finished or between steps.
        package var placement: Placement?
        package var filterEnteredMilliseconds: Int64 = 0
        package var taskQueue: Int32?
        package var taskQueueEnteredMilliseconds: Int64 = 0
        package var reservations: [Int32] = []
        package var pendingReservationCount: Int32 = 0
        package var assignmentCount: Int32 = 0
        /// Sorted.
        package var rejectedBy: [String] = []
        package var acceptedReservation: Int32?
        package var assignedMilliseconds: Int64?
        package var isMatchable = false
        package var reroutesWhenWaiting = false
        package var leftEntryFilter = false

        package init() {}
    }

    /// A reservation.
    package struct Reservation: Sendable, Equatable {
        package var handle: Int32 = 0
        package var sid = ""
        package var sequence: Int64 = 0
        package var task: Int32 = 0
        package var worker: Int32 = 0
        package var workerSid = ""
        package var workerName = ""
        package var taskQueue: Int32?
        package var workflow: Int32?
        package var taskQueueSid: String?
        package var workflowSid: String?
        package var taskChannel: Int32 = 0
        package var status = ReservationStatus.pending
        package var createdMilliseconds: Int64 = 0
        package var updatedMilliseconds: Int64 = 0
        package var version: UInt64 = 1
        package var previousActivity: Int32 = 0
        package var timeoutSeconds: Int64 = 0

        package init() {}
    }

    /// The action of an armed timer when it fires.
    package enum TimerKind: Sendable, Equatable, CaseIterable {
        case taskTimeToLive, stepTimeout, assignedLifetime, retention, reservationTimeout
        /// The workspace's minute timer for clock-reading routing; it has no target.
        case clockMinute
    }

    /// An armed timer.
    package struct Timer: Sendable, Equatable {
        package var kind = TimerKind.taskTimeToLive
        /// A task handle, a reservation handle for `reservationTimeout`, or 0 for `clockMinute`.
        package var target: Int32 = 0
        package var deadlineMilliseconds: Int64 = 0
        /// Arming order, which breaks ties between equal deadlines.
        package var sequence: Int64 = 0

        package init() {}
    }
}

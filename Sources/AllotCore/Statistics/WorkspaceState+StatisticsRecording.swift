/// The scopes besides the workspace that one change counts in.
struct StatisticsScopes {
    var queue: QueueHandle?
    var workflow: WorkflowHandle?
    var worker: WorkerHandle?
}

/// A record with counters since creation and per-minute statistics.
protocol CountedScope {
    var counters: CumulativeCounters { get set }
    var recentStatistics: MinuteBuckets { get set }
}

extension TaskQueueRecord: CountedScope {}
extension WorkflowRecord: CountedScope {}
extension WorkerRecord: CountedScope {}

extension WorkspaceState {
    /// Applies `body` to the counters since creation and to the current
    /// minute's figures of `channel`, the task channel of the task the change
    /// concerns, of the workspace and of each scope in `scopes` that still
    /// exists.
    ///
    /// - Complexity: amortized O(c) per scope, for c channels in the minute.
    mutating func count(in scopes: StatisticsScopes, channel: ChannelHandle, at now: Timestamp,
                        _ body: (inout CumulativeCounters) -> Void) {
        body(&counters)
        recentStatistics.record(at: now) { bucket in
            bucket.updateChannel(channel) { body(&$0.counters) }
        }
        if let queue = scopes.queue, queues.contains(queue) {
            Self.count(in: &queues[queue], channel: channel, at: now, body)
        }
        if let workflow = scopes.workflow, workflows.contains(workflow) {
            Self.count(in: &workflows[workflow], channel: channel, at: now, body)
        }
        if let worker = scopes.worker, workers.contains(worker) {
            Self.count(in: &workers[worker], channel: channel, at: now, body)
        }
    }

    /// Applies `body` to one record's counters and current minute, through
    /// one access to the record rather than one table access per field.
    @inline(__always)
    private static func count(in scope: inout some CountedScope, channel: ChannelHandle, at now: Timestamp,
                              _ body: (inout CumulativeCounters) -> Void) {
        body(&scope.counters)
        scope.recentStatistics.record(at: now) { bucket in
            bucket.updateChannel(channel) { body(&$0.counters) }
        }
    }

    /// Counts an accepted reservation in every scope. The acceptance and the
    /// task's wait since creation (`waitMilliseconds`) go into the counters
    /// and wait-time histograms of the workspace, queue and workflow. The
    /// wait in the queue (`queueWaitMilliseconds`) goes into the queue's
    /// counters, and the acceptance into the worker's counters.
    ///
    /// It reaches each scope once, where counting the counters, the
    /// histograms and the queue wait in turn reached the queue three times.
    ///
    /// - Complexity: amortized O(c + b) per scope, for c channels in the
    ///   minute and b occupied histogram bins.
    mutating func countAcceptance(_ reservation: ReservationHandle, waitMilliseconds waited: Int64,
                                  queueWaitMilliseconds queueWaited: Int64, at now: Timestamp) {
        let channel = reservations[reservation].channel
        func countAccepted(_ counters: inout CumulativeCounters) {
            counters.reservationsAccepted += 1
            counters.waitUntilAccepted.record(milliseconds: waited)
        }
        func countAcceptedInQueue(_ counters: inout CumulativeCounters) {
            countAccepted(&counters)
            counters.waitInQueueUntilAccepted.record(milliseconds: queueWaited)
        }
        func recordWait(_ waitTimes: inout WaitTimeHistogram) {
            waitTimes.recordAcceptance(waitMilliseconds: waited)
        }
        countAccepted(&counters)
        recentStatistics.record(at: now) { bucket in
            bucket.updateChannel(channel) { figures in
                countAccepted(&figures.counters)
                recordWait(&figures.waitTimes)
            }
        }
        if let queue = reservations[reservation].queue, queues.contains(queue) {
            Self.count(in: &queues[queue], channel: channel, at: now, countAcceptedInQueue, wait: recordWait)
        }
        if let workflow = reservations[reservation].workflow, workflows.contains(workflow) {
            Self.count(in: &workflows[workflow], channel: channel, at: now, countAccepted, wait: recordWait)
        }
        // A reservation may outlive its worker, whose handle then addresses
        // another worker or none. Comparing SIDs distinguishes them, as in `count(_:at:_:)`.
        let worker = reservations[reservation].worker
        if workers.sidValue(at: worker) == reservations[reservation].workerSidValue {
            Self.count(in: &workers[worker], channel: channel, at: now, countAccepted)
        }
    }

    /// Applies `body` to one record's counters and current minute, and `wait`
    /// to that minute's wait-time histogram, through one access to the record.
    @inline(__always)
    private static func count(in scope: inout some CountedScope, channel: ChannelHandle, at now: Timestamp,
                              _ body: (inout CumulativeCounters) -> Void, wait: (inout WaitTimeHistogram) -> Void) {
        body(&scope.counters)
        scope.recentStatistics.record(at: now) { bucket in
            bucket.updateChannel(channel) { figures in
                body(&figures.counters)
                wait(&figures.waitTimes)
            }
        }
    }

    /// Applies `body` to the current minute's wait-time histogram of `channel`
    /// in the workspace and in the queue and workflow in `scopes`, for
    /// `split_by_wait_time`. Workers have none.
    mutating func countWait(in scopes: StatisticsScopes, channel: ChannelHandle, at now: Timestamp,
                            _ body: (inout WaitTimeHistogram) -> Void) {
        func record(_ bucket: inout StatisticsBucket) {
            bucket.updateChannel(channel) { body(&$0.waitTimes) }
        }
        recentStatistics.record(at: now, record)
        if let queue = scopes.queue, queues.contains(queue) {
            queues[queue].recentStatistics.record(at: now, record)
        }
        if let workflow = scopes.workflow, workflows.contains(workflow) {
            workflows[workflow].recentStatistics.record(at: now, record)
        }
    }

    /// Applies `body` to one queue's counters since creation and to the
    /// current minute's figures of `channel`, for the figures only a queue
    /// keeps.
    mutating func countInQueue(_ queue: QueueHandle, channel: ChannelHandle, at now: Timestamp,
                               _ body: (inout CumulativeCounters) -> Void) {
        Self.count(in: &queues[queue], channel: channel, at: now, body)
    }

    /// Records a closed activity period of a worker, in its totals and the
    /// workspace's, and in the buckets of the minute it ended.
    mutating func countActivityPeriod(_ worker: WorkerHandle, activity: ActivityHandle, milliseconds: Int64, at now: Timestamp) {
        workers[worker].activityDurations[activity, default: DurationSummary()].record(milliseconds: milliseconds)
        activityDurations[activity, default: DurationSummary()].record(milliseconds: milliseconds)
        workers[worker].recentStatistics.record(at: now) { bucket in
            bucket.activityDurations[activity, default: DurationSummary()].record(milliseconds: milliseconds)
        }
        recentStatistics.record(at: now) { bucket in
            bucket.activityDurations[activity, default: DurationSummary()].record(milliseconds: milliseconds)
        }
    }

    /// Drops the activity periods recorded for `activity`, from the totals
    /// and buckets of the workspace and of every worker, when the activity is
    /// deleted. Its handle is reused by the next activity created, which must
    /// start without periods.
    ///
    /// A worker's buckets hold periods only of activities that its totals
    /// hold, so workers without the activity in their totals are skipped.
    ///
    /// - Complexity: O(workers + b) for b retained buckets of the workspace
    ///   and of the workers that spent time in the activity.
    mutating func dropActivityPeriods(of activity: ActivityHandle) {
        activityDurations[activity] = nil
        recentStatistics.updateEach { $0.activityDurations[activity] = nil }
        for worker in workers.handles where workers[worker].activityDurations[activity] != nil {
            workers[worker].activityDurations[activity] = nil
            workers[worker].recentStatistics.updateEach { $0.activityDurations[activity] = nil }
        }
    }

    /// Moves the figures of a deleted task channel into the unattributed
    /// ones, in the buckets of every scope: the totals keep them, and the
    /// next channel created, which reuses the handle, starts without them.
    ///
    /// - Complexity: O(s × b × c) for s scopes, b retained buckets each and
    ///   c channels per bucket, besides merging the wait-time bins.
    mutating func unattributeFigures(of channel: ChannelHandle) {
        updateEveryBucket { $0.unattribute(channel) }
    }

    /// Applies `body` to every retained bucket of every scope: the workspace,
    /// its queues, workflows and workers.
    ///
    /// - Complexity: O(s × b) for s scopes and b retained buckets each, besides
    ///   the cost of `body`.
    mutating func updateEveryBucket(_ body: (inout StatisticsBucket) -> Void) {
        recentStatistics.updateEach(body)
        for queue in queues.handles { queues[queue].recentStatistics.updateEach(body) }
        for workflow in workflows.handles { workflows[workflow].recentStatistics.updateEach(body) }
        for worker in workers.handles where !workers[worker].recentStatistics.isEmpty {
            workers[worker].recentStatistics.updateEach(body)
        }
    }

    /// Returns the scopes of a task: its current queue and its workflow. It
    /// is always inlined, because an outlined call from a mutating method
    /// copied the whole workspace state.
    @inline(__always)
    func scopes(of task: TaskHandle) -> StatisticsScopes {
        StatisticsScopes(queue: tasks[task].queue, workflow: tasks[task].workflow)
    }
}

import AllotCore

/// A deliberately naive implementation of the routing rules, written only to
/// check the engine: plain arrays, linear scans and full sorts on every
/// decision, no index, no heap, no cached membership or readiness.
///
/// It covers the configurations `ScenarioConfiguration` draws: one workflow,
/// filters with timed steps and `skip_if`, FIFO and LIFO queues,
/// `max_reserved_workers`, priorities, multitasking with per-channel
/// capacities and single-tasking with reservation and assignment activities.
/// Resources are numbered in creation order, and time is in whole seconds.
struct ReferenceModel {
    struct Activity {
        var name: String
        var available: Bool
    }

    struct WorkerChannel {
        var capacity = 1
        var available = true
        /// Ticket of the last reservation or acceptance on this channel, or nil when never reserved on it.
        var lastTicket: Int?
    }

    struct Worker {
        var name: String
        var attributes: ReferenceAttributes
        var activity: Int
        var channels: [WorkerChannel]
        /// Ticket of the last reservation or acceptance on any channel, or nil when never reserved.
        var lastTicket: Int?
        let creationOrder: Int
    }

    enum Placement: Equatable {
        case none
        /// Step `step` of filter `filter`, or of the default filter when `filter` is nil.
        case step(filter: Int?, step: Int)
    }

    struct Task {
        var attributes: ReferenceAttributes
        var priority: Int
        let channel: Int
        let createdAt: Int
        let creationOrder: Int
        var status: TaskStatus = .pending
        var reason: String?
        var placement = Placement.none
        /// Origin of the current filter's cumulative step deadlines.
        var filterOrigin: Int
        var queue: Int?
        var assignmentCount = 0
        var rejectedBy: Set<Int> = []
        /// Set when the attributes changed while the task was reserved.
        var reroutesWhenWaiting = false
        var isRemoved = false
    }

    struct Reservation {
        let task: Int
        let worker: Int
        var status: ReservationStatus
        let previousActivity: Int
        let channel: Int
        let queue: Int?
        var isRemoved = false
    }

    enum TimerKind: Equatable {
        case timeToLive(task: Int)
        case stepTimeout(task: Int)
        case assignedLifetime(task: Int)
        case retention(task: Int)
        case reservationTimeout(reservation: Int)
    }

    struct Timer {
        var kind: TimerKind
        var deadline: Int
        /// Timers due at the same second fire in the order they were armed.
        var armOrder: Int
    }

    /// Where routing continues: a step to enter, or a filter search.
    enum Cursor {
        case step(filter: Int?, step: Int, origin: Int)
        case searchFilters(from: Int, origin: Int, allowsDefault: Bool, endReason: String)
    }

    /// What an API call returns: success, or the code of the error.
    enum Outcome: Equatable {
        case success
        case failure(EngineErrorCode)
    }

    let configuration: ScenarioConfiguration
    var activities: [Activity] = ScenarioConfiguration.initialActivities.map { Activity(name: $0.name, available: $0.available) }
    var workers: [Worker] = []
    var tasks: [Task] = []
    var reservations: [Reservation] = []
    var timers: [Timer] = []
    var now = 0
    var nextTicket = 0
    var nextArmOrder = 0
    var workersToMatch: [Int] = []
    /// How often each rule fired, so the test can show that the random
    /// sequences reach every one of them.
    var ruleCounts: [String: Int] = [:]

    static let timeoutActivity = 0
    static let defaultTaskTimeToLiveSeconds = 86_400

    init(configuration: ScenarioConfiguration) {
        self.configuration = configuration
    }
}

// MARK: - Queries

extension ReferenceModel {
    func isMember(_ worker: Int, of queue: Int) -> Bool {
        configuration.queues[queue].targetWorkers.isTrue(for: workers[worker].attributes)
    }

    /// Reservations of a worker that hold capacity (pending, accepted or wrapping), in creation order.
    func activeReservations(of worker: Int) -> [Int] {
        reservations.indices.filter {
            !reservations[$0].isRemoved && reservations[$0].worker == worker && reservations[$0].status.holdsCapacity
        }
    }

    func activeCount(_ worker: Int, channel: Int) -> Int {
        activeReservations(of: worker).filter { reservations[$0].channel == channel }.count
    }

    func assignedCount(_ worker: Int, channel: Int) -> Int {
        activeReservations(of: worker).filter {
            reservations[$0].channel == channel && reservations[$0].status != .pending
        }.count
    }

    /// Returns whether a worker can take a new reservation on a channel,
    /// before any task-specific check.
    func isReady(_ worker: Int, channel: Int) -> Bool {
        guard activities[workers[worker].activity].available else { return false }
        if configuration.multiTaskEnabled {
            let state = workers[worker].channels[channel]
            return state.available && activeCount(worker, channel: channel) < state.capacity
        }
        return activeReservations(of: worker).isEmpty
    }

    /// Returns the sort key of a worker for a channel: never-reserved workers first in
    /// creation order, then by the ticket of the last reservation or acceptance.
    func idleKey(_ worker: Int, channel: Int) -> (Int, Int) {
        let isChannelOptimized = configuration.chatIsChannelOptimized && ScenarioConfiguration.channels[channel] == "chat"
        let ticket = isChannelOptimized ? workers[worker].channels[channel].lastTicket : workers[worker].lastTicket
        guard let ticket else { return (0, workers[worker].creationOrder) }
        return (1, ticket)
    }

    /// Returns the sort key of a pending task in its queue. FIFO queues order by priority,
    /// then age, then creation. LIFO queues put the newest first and ignore priority.
    func orderKey(_ task: Int) -> (Int, Int, Int) {
        let record = tasks[task]
        guard let queue = record.queue else { preconditionFailure("ordering a task outside any queue") }
        if configuration.queues[queue].isLIFO { return (0, -record.createdAt, -record.creationOrder) }
        return (-record.priority, record.createdAt, record.creationOrder)
    }

    /// Returns whether a worker takes waiting task `left` before `right`: FIFO
    /// or LIFO queues first as the workspace sets, then each queue's order.
    func takesBefore(_ left: Int, _ right: Int) -> Bool {
        func group(_ task: Int) -> Int {
            guard let queue = tasks[task].queue else { preconditionFailure("ordering a task outside any queue") }
            return configuration.queues[queue].isLIFO == configuration.prioritizesLIFO ? 0 : 1
        }
        let leftKey = orderKey(left)
        let rightKey = orderKey(right)
        return (group(left), leftKey.0, leftKey.1, leftKey.2) < (group(right), rightKey.0, rightKey.1, rightKey.2)
    }

    func currentStep(_ task: Int) -> ScenarioConfiguration.Step? {
        guard case .step(let filter, let step) = tasks[task].placement else { return nil }
        return configuration.step(filter: filter, step: step)
    }

    /// Returns task-specific eligibility: not rejected before (when re-offers
    /// are off), no reservation of the task held already, and the target expression.
    func isEligible(_ worker: Int, for task: Int) -> Bool {
        if !configuration.reoffersRejectedTasks, tasks[task].rejectedBy.contains(worker) { return false }
        let hasReservation = activeReservations(of: worker).contains { reservations[$0].task == task }
        if hasReservation { return false }
        guard let expression = currentStep(task)?.expression else { return true }
        return expression.isTrue(task: tasks[task].attributes, worker: workers[worker].attributes) { channelName in
            guard let channel = ScenarioConfiguration.channels.firstIndex(of: channelName) else { return 0 }
            return assignedCount(worker, channel: channel)
        }
    }

    func pendingReservations(of task: Int) -> [Int] {
        reservations.indices.filter {
            !reservations[$0].isRemoved && reservations[$0].task == task && reservations[$0].status == .pending
        }
    }

    func reservations(of task: Int) -> [Int] {
        reservations.indices.filter { !reservations[$0].isRemoved && reservations[$0].task == task }
    }
}

// MARK: - Timers

extension ReferenceModel {
    mutating func arm(_ kind: TimerKind, at deadline: Int) {
        disarm(kind)
        timers.append(Timer(kind: kind, deadline: deadline, armOrder: nextArmOrder))
        nextArmOrder += 1
    }

    mutating func disarm(_ kind: TimerKind) {
        timers.removeAll { $0.kind == kind }
    }

    /// Fires every timer due at or before `time`, each as of its own
    /// deadline, letting freed workers look for tasks after each one.
    mutating func fireDueTimers(upTo time: Int) {
        while true {
            let due = timers.indices.filter { timers[$0].deadline <= time }
            guard let next = due.min(by: { (timers[$0].deadline, timers[$0].armOrder) < (timers[$1].deadline, timers[$1].armOrder) })
            else { break }
            let timer = timers.remove(at: next)
            now = timer.deadline
            fire(timer.kind)
            settle()
        }
        now = time
    }

    private mutating func fire(_ kind: TimerKind) {
        switch kind {
        case .timeToLive(let task):
            guard !tasks[task].isRemoved, tasks[task].status.isWaiting else { return }
            cancelTask(task, reason: "Task TTL Exceeded")
        case .stepTimeout(let task):
            guard !tasks[task].isRemoved else { return }
            stepTimedOut(task)
        case .assignedLifetime(let task):
            guard !tasks[task].isRemoved else { return }
            ruleCounts["assigned lifetime ended", default: 0] += 1
            removeTask(task)
        case .retention(let task):
            guard !tasks[task].isRemoved else { return }
            removeTask(task)
        case .reservationTimeout(let reservation):
            guard !reservations[reservation].isRemoved, reservations[reservation].status == .pending else { return }
            ruleCounts["reservation timed out", default: 0] += 1
            endPending(reservation, as: .timeout, activity: Self.timeoutActivity)
            reservationEndedUnaccepted(reservations[reservation].task)
        }
    }
}

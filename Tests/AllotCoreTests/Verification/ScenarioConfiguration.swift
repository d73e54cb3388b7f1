/// The workspace set-up of one random sequence: settings, queues and one
/// workflow, drawn from a space small enough for the reference model and
/// large enough to reach every routing rule it implements.
struct ScenarioConfiguration: CustomStringConvertible {
    struct Queue {
        var targetWorkers: DocumentCondition
        var isLIFO: Bool
        var maxReservedWorkers: Int
        /// Single-tasking only: activity indexes applied on reservation and acceptance.
        var reservationActivity: Int?
        var assignmentActivity: Int?
    }

    struct Step {
        /// Nil inherits the previous target's queue.
        var queue: Int?
        var priority: Int?
        var timeoutSeconds: Int?
        var expression: TargetCondition?
        var skipIf: SkipCondition?
    }

    struct Filter {
        var condition: DocumentCondition
        var steps: [Step]
    }

    var multiTaskEnabled: Bool
    var prioritizesLIFO: Bool
    var reoffersRejectedTasks: Bool
    var maximumAssignmentCount: Int
    var assignedTaskLifetimeSeconds: Int
    var finishedTaskRetentionSeconds: Int
    /// Whether the `chat` channel orders workers by their last chat reservation.
    var chatIsChannelOptimized: Bool
    var reservationTimeoutSeconds: Int
    var queues: [Queue]
    var filters: [Filter]
    var defaultStep: Step?

    /// Unique names of the channels tasks use. Every new workspace has them.
    static let channels = ["default", "voice", "chat"]
    /// The activities every workspace starts with, in this order: index 0 is
    /// the default and timeout activity.
    static let initialActivities: [(name: String, available: Bool)] = [
        ("Offline", false), ("Available", true), ("Unavailable", false),
    ]

    var description: String {
        var lines = [
            "multiTaskEnabled=\(multiTaskEnabled) prioritizeQueueOrder=\(prioritizesLIFO ? "LIFO" : "FIFO") "
                + "reoffer=\(reoffersRejectedTasks) maximumAssignmentCount=\(maximumAssignmentCount) "
                + "assignedLifetime=\(assignedTaskLifetimeSeconds)s retention=\(finishedTaskRetentionSeconds)s "
                + "chatOptimized=\(chatIsChannelOptimized) reservationTimeout=\(reservationTimeoutSeconds)s",
        ]
        for (index, queue) in queues.enumerated() {
            lines.append("queue \(index): \(queue.targetWorkers) \(queue.isLIFO ? "LIFO" : "FIFO") "
                + "max_reserved=\(queue.maxReservedWorkers) reservationActivity=\(queue.reservationActivity.map(String.init) ?? "-") "
                + "assignmentActivity=\(queue.assignmentActivity.map(String.init) ?? "-")")
        }
        lines.append("workflow: " + workflowJSON(queueSids: queues.indices.map { "Q\($0)" }))
        return lines.joined(separator: "\n")
    }

    /// Returns the `task_routing` document, with queues named by `queueSids`.
    func workflowJSON(queueSids: [String]) -> String {
        func target(_ step: Step) -> String {
            var members: [String] = []
            if let queue = step.queue { members.append("\"queue\":\"\(queueSids[queue])\"") }
            if let priority = step.priority { members.append("\"priority\":\(priority)") }
            if let timeout = step.timeoutSeconds { members.append("\"timeout\":\(timeout)") }
            if let expression = step.expression { members.append("\"expression\":\"\(expression)\"") }
            if let skipIf = step.skipIf { members.append("\"skip_if\":\"\(skipIf)\"") }
            return "{" + members.joined(separator: ",") + "}"
        }
        let filterTexts = filters.enumerated().map { index, filter in
            "{\"filter_friendly_name\":\"F\(index)\",\"expression\":\"\(filter.condition)\","
                + "\"targets\":[" + filter.steps.map(target).joined(separator: ",") + "]}"
        }
        var document = "{\"task_routing\":{\"filters\":[" + filterTexts.joined(separator: ",") + "]"
        if let defaultStep { document += ",\"default_filter\":" + target(defaultStep) }
        return document + "}}"
    }

    /// Returns the step's queue, resolving an omitted queue to the previous target's.
    func queue(filter: Int?, step: Int) -> Int {
        guard let filter else {
            guard let queue = defaultStep?.queue else { preconditionFailure("default step without a queue") }
            return queue
        }
        for index in stride(from: step, through: 0, by: -1) {
            if let queue = filters[filter].steps[index].queue { return queue }
        }
        preconditionFailure("filter \(filter) has no queue on its first target")
    }

    func step(filter: Int?, step: Int) -> Step {
        guard let filter else {
            guard let defaultStep else { preconditionFailure("no default step") }
            return defaultStep
        }
        return filters[filter].steps[step]
    }
}

extension ScenarioConfiguration {
    /// Draws a configuration from `random`.
    static func random(_ random: inout ScenarioRandom) -> ScenarioConfiguration {
        let multiTaskEnabled = random.chance(0.75)
        let queueCount = random.int(2...4)
        var queues: [Queue] = []
        for _ in 0..<queueCount {
            var queue = Queue(targetWorkers: ScenarioDocuments.randomWorkerCondition(&random), isLIFO: random.chance(0.3),
                              maxReservedWorkers: random.chance(0.35) ? 2 : 1)
            if !multiTaskEnabled {
                // Activity 2 is Unavailable and 1 is Available.
                if random.chance(0.4) { queue.reservationActivity = random.chance(0.7) ? 2 : 1 }
                if random.chance(0.4) { queue.assignmentActivity = random.chance(0.7) ? 2 : 1 }
            }
            queues.append(queue)
        }
        var filters: [Filter] = []
        for _ in 0..<random.int(2...3) {
            filters.append(Filter(condition: ScenarioDocuments.randomTaskCondition(&random),
                                  steps: randomSteps(&random, queueCount: queueCount)))
        }
        var defaultStep: Step?
        if random.chance(0.7) {
            defaultStep = Step(queue: random.int(0..<queueCount), priority: random.chance(0.2) ? random.int(0...5) : nil,
                               expression: random.chance(0.2) ? ScenarioDocuments.randomTargetCondition(&random) : nil,
                               skipIf: random.chance(0.1) ? .always : nil)
        }
        return ScenarioConfiguration(
            multiTaskEnabled: multiTaskEnabled, prioritizesLIFO: random.chance(0.3),
            reoffersRejectedTasks: random.chance(0.7), maximumAssignmentCount: random.chance(0.3) ? random.int(1...3) : 1_000,
            assignedTaskLifetimeSeconds: random.int(200...900), finishedTaskRetentionSeconds: random.int(30...300),
            chatIsChannelOptimized: random.chance(0.4), reservationTimeoutSeconds: random.int(5...60),
            queues: queues, filters: filters, defaultStep: defaultStep)
    }

    /// Draws one to three targets. All but the last time out, so a task
    /// escalates through them. The last one has a timeout half the time,
    /// which moves the task to the next matching filter or cancels it.
    private static func randomSteps(_ random: inout ScenarioRandom, queueCount: Int) -> [Step] {
        let count = random.int(1...3)
        var steps: [Step] = []
        for index in 0..<count {
            let isLast = index == count - 1
            var step = Step(queue: index == 0 || random.chance(0.8) ? random.int(0..<queueCount) : nil)
            if random.chance(0.3) { step.priority = random.int(0...5) }
            if !isLast || random.chance(0.5) { step.timeoutSeconds = random.int(5...90) }
            if random.chance(0.35) { step.expression = ScenarioDocuments.randomTargetCondition(&random) }
            if random.chance(0.15) { step.skipIf = random.chance(0.5) ? .always : .noMemberAvailable }
            steps.append(step)
        }
        return steps
    }
}

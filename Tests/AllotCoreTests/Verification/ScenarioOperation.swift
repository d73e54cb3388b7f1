import AllotCore

/// One step of a random sequence. Workers, activities, tasks and
/// reservations are named by their number in the reference model.
enum ScenarioOperation: CustomStringConvertible {
    case createActivity(available: Bool)
    case createWorker(attributes: ReferenceAttributes, activity: Int)
    case updateWorkerAttributes(worker: Int, attributes: ReferenceAttributes)
    case updateWorkerActivity(worker: Int, activity: Int, rejectsPending: Bool)
    case updateWorkerChannel(worker: Int, channel: Int, capacity: Int?, available: Bool?)
    case createTask(attributes: ReferenceAttributes, priority: Int?, channel: Int, timeToLiveSeconds: Int?)
    case accept(reservation: Int)
    case reject(reservation: Int, activity: Int?)
    case wrap(reservation: Int)
    case completeReservation(reservation: Int)
    case completeTask(task: Int)
    case cancelTask(task: Int)
    case updateTask(task: Int, attributes: ReferenceAttributes?, priority: Int?)
    case advance(seconds: Int)

    var description: String {
        switch self {
        case .createActivity(let available): "createActivity available=\(available)"
        case .createWorker(let attributes, let activity): "createWorker attributes=\(attributes) activity=A\(activity)"
        case .updateWorkerAttributes(let worker, let attributes): "updateWorker W\(worker) attributes=\(attributes)"
        case .updateWorkerActivity(let worker, let activity, let rejectsPending):
            "updateWorker W\(worker) activity=A\(activity)" + (rejectsPending ? " rejectPendingReservations" : "")
        case .updateWorkerChannel(let worker, let channel, let capacity, let available):
            "updateWorkerChannel W\(worker) \(ScenarioConfiguration.channels[channel]) capacity=\(capacity.map(String.init) ?? "-") "
                + "available=\(available.map(String.init) ?? "-")"
        case .createTask(let attributes, let priority, let channel, let timeToLive):
            "createTask attributes=\(attributes) priority=\(priority.map(String.init) ?? "-") "
                + "channel=\(ScenarioConfiguration.channels[channel]) timeout=\(timeToLive.map(String.init) ?? "-")"
        case .accept(let reservation): "accept R\(reservation)"
        case .reject(let reservation, let activity): "reject R\(reservation)" + (activity.map { " activity=A\($0)" } ?? "")
        case .wrap(let reservation): "wrap R\(reservation)"
        case .completeReservation(let reservation): "complete R\(reservation)"
        case .completeTask(let task): "complete task T\(task)"
        case .cancelTask(let task): "cancel task T\(task)"
        case .updateTask(let task, let attributes, let priority):
            "updateTask T\(task) attributes=\(attributes.map(String.init(describing:)) ?? "-") priority=\(priority.map(String.init) ?? "-")"
        case .advance(let seconds): "advance \(seconds)s"
        }
    }

    /// Draws an operation suited to the model's state. Accepts and rejects go mostly
    /// to pending reservations. A few go to others, and those must fail the same
    /// way in both implementations.
    /// `hasEngineSid` returns whether the engine's SID of a reservation is known,
    /// which is not so for one created and removed within a single step.
    static func random(_ random: inout ScenarioRandom, model: ReferenceModel,
                       hasEngineSid: (Int) -> Bool) -> ScenarioOperation {
        let choices = resourceChoices(model) + answerChoices(model, hasEngineSid: hasEngineSid)
        var pick = random.int(0..<choices.reduce(0) { $0 + $1.weight })
        for choice in choices {
            if pick < choice.weight { return choice.make(&random) }
            pick -= choice.weight
        }
        preconditionFailure("weights do not cover the draw")
    }

    /// A weighted way to draw one operation.
    typealias Choice = (weight: Int, make: (inout ScenarioRandom) -> ScenarioOperation)

    /// Choices that create or change workers, activities and tasks.
    private static func resourceChoices(_ model: ReferenceModel) -> [Choice] {
        let workerCount = model.workers.count
        var choices: [Choice] = []
        if workerCount < ModelCheckRun.maximumWorkers {
            choices.append((workerCount < 3 ? 12 : 3, { random in
                .createWorker(attributes: ScenarioDocuments.randomWorker(&random), activity: random.chance(0.7) ? 1 : random.int(0..<model.activities.count))
            }))
        }
        if model.activities.count < ModelCheckRun.maximumActivities {
            choices.append((1, { random in .createActivity(available: random.chance(0.5)) }))
        }
        if workerCount > 0 {
            choices.append((2, { random in
                .updateWorkerAttributes(worker: random.int(0..<workerCount), attributes: ScenarioDocuments.randomWorker(&random))
            }))
            choices.append((5, { random in
                let activity = random.chance(0.5) ? 1 : random.int(0..<model.activities.count)
                let rejects = random.chance(0.3) && (random.chance(0.9) ? !model.activities[activity].available : true)
                return .updateWorkerActivity(worker: random.int(0..<workerCount), activity: activity, rejectsPending: rejects)
            }))
            choices.append((2, { random in
                .updateWorkerChannel(worker: random.int(0..<workerCount), channel: random.int(0..<ScenarioConfiguration.channels.count),
                                     capacity: random.chance(0.8) ? random.int(0...3) : nil,
                                     available: random.chance(0.3) ? random.chance(0.7) : nil)
            }))
        }
        choices.append((8, { random in
            let channel = random.chance(0.5) ? 0 : random.int(1..<ScenarioConfiguration.channels.count)
            return .createTask(attributes: ScenarioDocuments.randomTask(&random), priority: random.chance(0.6) ? random.int(0...5) : nil,
                               channel: channel, timeToLiveSeconds: random.chance(0.5) ? random.int(10...400) : nil)
        }))
        return choices
    }

    /// Choices that answer reservations, finish, cancel or update tasks, or advance time.
    private static func answerChoices(_ model: ReferenceModel, hasEngineSid: (Int) -> Bool) -> [Choice] {
        let live = model.reservations.indices.filter { !model.reservations[$0].isRemoved }
        let pending = live.filter { model.reservations[$0].status == .pending }
        let assigned = live.filter { [.accepted, .wrapping].contains(model.reservations[$0].status) }
        let storedTasks = model.tasks.indices.filter { !model.tasks[$0].isRemoved }
        let waiting = storedTasks.filter { model.tasks[$0].status.isWaiting }
        var choices: [Choice] = []
        if !pending.isEmpty {
            choices.append((8, { random in .accept(reservation: random.element(pending)) }))
            choices.append((4, { random in
                .reject(reservation: random.element(pending), activity: random.chance(0.4) ? random.int(0..<model.activities.count) : nil)
            }))
        }
        if !assigned.isEmpty {
            choices.append((1, { random in .wrap(reservation: random.element(assigned)) }))
            choices.append((3, { random in .completeReservation(reservation: random.element(assigned)) }))
            choices.append((3, { random in .completeTask(task: model.reservations[random.element(assigned)].task) }))
        }
        if !waiting.isEmpty {
            choices.append((2, { random in .cancelTask(task: random.element(waiting)) }))
            choices.append((2, { random in
                let attributes = random.chance(0.7) ? ScenarioDocuments.randomTask(&random) : nil
                return .updateTask(task: random.element(waiting), attributes: attributes,
                                   priority: attributes == nil || random.chance(0.3) ? random.int(0...5) : nil)
            }))
        }
        // Calls on reservations and tasks in the wrong state, which must fail alike.
        if !live.isEmpty {
            choices.append((1, { random in random.chance(0.5) ? .accept(reservation: random.element(live)) : .wrap(reservation: random.element(live)) }))
        }
        let rescinded = live.filter { model.reservations[$0].status == .rescinded }
        if !rescinded.isEmpty {
            choices.append((2, { random in .accept(reservation: random.element(rescinded)) }))
        }
        let removed = model.reservations.indices.filter { model.reservations[$0].isRemoved && hasEngineSid($0) }
        if !removed.isEmpty {
            choices.append((1, { random in .reject(reservation: random.element(removed), activity: nil) }))
        }
        if !storedTasks.isEmpty {
            choices.append((1, { random in random.chance(0.5) ? .completeTask(task: random.element(storedTasks)) : .cancelTask(task: random.element(storedTasks)) }))
        }
        choices.append((6, { random in .advance(seconds: random.chance(0.85) ? random.int(1...40) : random.int(41...400)) }))
        return choices
    }
}

@testable import AllotCore

/// One engine with one workspace and a hand-driven clock. Every mutation
/// helper runs `engine.checkInvariants()` afterwards.
final class EngineFixture {
    static let account = "AC" + String(repeating: "0", count: 31) + "1"
    static let otherAccount = "AC" + String(repeating: "0", count: 31) + "2"

    let engine: Engine
    let workspace: String
    var now = Timestamp(unixSeconds: 1_700_000_000)
    /// Every event returned by the helpers, in order.
    var events: [EngineEvent] = []

    init(multiTaskEnabled: Bool = true, prioritizeQueueOrder: String? = nil, configuration: EngineConfiguration = EngineConfiguration(shardCount: 4)) throws {
        engine = Engine(configuration: configuration)
        var request = CreateWorkspaceRequest(friendlyName: "Test")
        request.multiTaskEnabled = multiTaskEnabled
        request.prioritizeQueueOrder = prioritizeQueueOrder
        let result = try engine.createWorkspace(request, account: Self.account, now: now)
        workspace = result.value.sid
        events += result.events
        engine.checkInvariants()
    }

    /// Records the events of a mutation and checks invariants.
    @discardableResult
    func record<Value>(_ result: EngineResult<Value>) -> Value {
        events += result.events
        engine.checkInvariants()
        return result.value
    }

    var eventTypes: [String] { events.map(\.type.rawValue) }

    func clearEvents() { events.removeAll() }

    func activitySid(_ name: String) throws -> String {
        let page = try engine.listActivities(workspace: workspace, ListActivitiesRequest(friendlyName: name), account: Self.account)
        if let sid = page.items.first?.sid { return sid }
        return record(try engine.createActivity(workspace: workspace,
                                                CreateActivityRequest(friendlyName: name, available: "false"),
                                                account: Self.account, now: now)).sid
    }

    @discardableResult
    func createActivity(_ name: String, available: Bool) throws -> String {
        record(try engine.createActivity(workspace: workspace, CreateActivityRequest(friendlyName: name, available: available ? "true" : "false"),
                                         account: Self.account, now: now)).sid
    }

    @discardableResult
    func createWorker(_ name: String, attributes: String = "{}", activity: String = "Available") throws -> String {
        let request = CreateWorkerRequest(friendlyName: name, activitySid: try activitySid(activity), attributes: attributes)
        return record(try engine.createWorker(workspace: workspace, request, account: Self.account, now: now)).sid
    }

    func updateWorker(_ sid: String, _ request: UpdateWorkerRequest) throws {
        record(try engine.updateWorker(workspace: workspace, sid: sid, request, account: Self.account, now: now))
    }

    func setActivity(_ worker: String, _ activity: String, rejectPending: Bool? = nil) throws {
        try updateWorker(worker, UpdateWorkerRequest(activitySid: try activitySid(activity), rejectPendingReservations: rejectPending))
    }

    func updateWorkerChannel(_ worker: String, channel: String, _ request: UpdateWorkerChannelRequest) throws {
        record(try engine.updateWorkerChannel(workspace: workspace, workerSid: worker, channel: channel, request,
                                              account: Self.account, now: now))
    }

    func setCapacity(_ worker: String, channel: String, capacity: Int) throws {
        try updateWorkerChannel(worker, channel: channel, UpdateWorkerChannelRequest(capacity: capacity))
    }

    func worker(_ sid: String) throws -> WorkerInfo {
        try engine.fetchWorker(workspace: workspace, sid: sid, account: Self.account)
    }

    func workerChannel(_ worker: String, _ channel: String) throws -> WorkerChannelInfo {
        try engine.fetchWorkerChannel(workspace: workspace, workerSid: worker, channel: channel, account: Self.account)
    }

    @discardableResult
    func createQueue(_ name: String, targetWorkers: String? = "1==1", taskOrder: String? = nil,
                     maxReservedWorkers: Int? = nil, reservationActivity: String? = nil,
                     assignmentActivity: String? = nil) throws -> String {
        let request = CreateTaskQueueRequest(friendlyName: name, targetWorkers: targetWorkers,
                                             reservationActivitySid: try reservationActivity.map(activitySid),
                                             assignmentActivitySid: try assignmentActivity.map(activitySid),
                                             maxReservedWorkers: maxReservedWorkers, taskOrder: taskOrder)
        return record(try engine.createTaskQueue(workspace: workspace, request, account: Self.account, now: now)).sid
    }

    func updateTaskQueue(_ sid: String, _ request: UpdateTaskQueueRequest) throws {
        record(try engine.updateTaskQueue(workspace: workspace, sid: sid, request, account: Self.account, now: now))
    }

    @discardableResult
    func createWorkflow(_ configuration: String, name: String = "Workflow", reservationTimeout: Int? = nil) throws -> String {
        let request = CreateWorkflowRequest(friendlyName: name, configuration: configuration,
                                            taskReservationTimeout: reservationTimeout)
        return record(try engine.createWorkflow(workspace: workspace, request, account: Self.account, now: now)).sid
    }

    func updateWorkflow(_ sid: String, _ request: UpdateWorkflowRequest) throws {
        record(try engine.updateWorkflow(workspace: workspace, sid: sid, request, account: Self.account, now: now))
    }

    /// Creates a workflow that sends every task to `queue`.
    @discardableResult
    func createCatchAllWorkflow(_ queue: String, reservationTimeout: Int? = nil) throws -> String {
        try createWorkflow(#"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(queue)"}}}"#,
                           reservationTimeout: reservationTimeout)
    }

    /// Creates a queue and then a catch-all workflow that sends every task to
    /// it, and returns the queue SID.
    @discardableResult
    func createCatchAllQueue(_ name: String = "Q", targetWorkers: String? = "1==1", taskOrder: String? = nil,
                             maxReservedWorkers: Int? = nil, reservationActivity: String? = nil,
                             assignmentActivity: String? = nil, reservationTimeout: Int? = nil) throws -> String {
        let queue = try createQueue(name, targetWorkers: targetWorkers, taskOrder: taskOrder,
                                    maxReservedWorkers: maxReservedWorkers, reservationActivity: reservationActivity,
                                    assignmentActivity: assignmentActivity)
        try createCatchAllWorkflow(queue, reservationTimeout: reservationTimeout)
        return queue
    }

    @discardableResult
    func createTask(_ attributes: String = "{}", priority: Int? = nil, timeout: Int? = nil, channel: String? = nil,
                    workflow: String? = nil, virtualStartTime: Timestamp? = nil, routingTarget: String? = nil,
                    ignoreCapacity: String? = nil) throws -> String {
        var request = CreateTaskRequest(attributes: attributes, priority: priority, timeout: timeout, taskChannel: channel,
                                        workflowSid: workflow)
        request.virtualStartTime = virtualStartTime
        request.routingTarget = routingTarget
        request.ignoreCapacity = ignoreCapacity
        return record(try engine.createTask(workspace: workspace, request, account: Self.account, now: now)).sid
    }

    func task(_ sid: String) throws -> TaskInfo {
        try engine.fetchTask(workspace: workspace, sid: sid, account: Self.account, now: now)
    }

    func updateTask(_ sid: String, _ request: UpdateTaskRequest) throws {
        record(try engine.updateTask(workspace: workspace, sid: sid, request, account: Self.account, now: now))
    }

    func deleteTask(_ sid: String) throws {
        record(try engine.deleteTask(workspace: workspace, sid: sid, account: Self.account, now: now))
    }

    func reservations(ofTask sid: String) throws -> [ReservationInfo] {
        try engine.listTaskReservations(workspace: workspace, taskSid: sid, page: PageRequest(pageSize: 1_000),
                                        account: Self.account).items
    }

    func pendingReservation(ofTask sid: String) throws -> ReservationInfo? {
        try reservations(ofTask: sid).first { $0.reservationStatus == .pending }
    }

    func reservations(ofWorker sid: String) throws -> [ReservationInfo] {
        try engine.listWorkerReservations(workspace: workspace, workerSid: sid, page: PageRequest(pageSize: 1_000),
                                          account: Self.account).items
    }

    func reservationStatus(_ sid: String) throws -> ReservationStatus {
        try engine.fetchReservation(workspace: workspace, sid: sid, account: Self.account).reservationStatus
    }

    /// Sets a reservation's status as a client would, for example to "accepted"
    /// or "wrapping".
    func updateReservation(_ sid: String, status: String) throws {
        record(try engine.updateReservation(workspace: workspace, sid: sid, UpdateReservationRequest(reservationStatus: status),
                                            account: Self.account, now: now))
    }

    func accept(_ reservation: String) throws {
        try updateReservation(reservation, status: "accepted")
    }

    func reject(_ reservation: String, activity: String? = nil) throws {
        let request = UpdateReservationRequest(reservationStatus: "rejected", workerActivitySid: try activity.map(activitySid))
        record(try engine.updateReservation(workspace: workspace, sid: reservation, request, account: Self.account, now: now))
    }

    func complete(_ task: String) throws {
        try updateTask(task, UpdateTaskRequest(assignmentStatus: "completed", reason: "done"))
    }

    /// Moves the clock forward and fires what is due.
    func advance(seconds: Int) {
        now = now.adding(seconds: seconds)
        events += engine.advance(to: now)
        engine.checkInvariants()
    }

    func queueSid(named name: String) throws -> String? {
        var request = ListTaskQueuesRequest()
        request.friendlyName = name
        return try engine.listTaskQueues(workspace: workspace, request, account: Self.account, now: now).items.first?.sid
    }
}

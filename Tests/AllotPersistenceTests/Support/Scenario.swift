import AllotCore
import Testing

/// A scripted history of commands that reaches every resource kind, tasks in every status,
/// pending reservations, armed timers, freed table slots, a single-tasking workspace and a
/// task routing by a workflow's previous configuration.
///
/// The commands take SIDs from earlier outputs and reads, so running the script against two
/// engines checks that both issue the same SIDs.
struct Scenario {
    static let account = "AC" + String(repeating: "0", count: 31) + "7"
    static let start = Timestamp(unixSeconds: 1_700_000_000)

    /// Runs one command at a time; an engine or a durable engine.
    let run: (EngineCommand, Timestamp) throws -> EngineCommandOutput
    /// The engine to read SIDs from.
    let engine: Engine
    var now = Scenario.start
    private(set) var workspace = ""
    private(set) var workflow = ""
    private(set) var queues: [String] = []
    private(set) var workers: [String: String] = [:]

    init(engine: Engine, run: @escaping (EngineCommand, Timestamp) throws -> EngineCommandOutput) {
        self.engine = engine
        self.run = run
    }

    @discardableResult
    mutating func apply(_ command: EngineCommand) throws -> EngineCommandOutput {
        try run(command, now)
    }

    mutating func sid(_ command: EngineCommand) throws -> String {
        switch try apply(command) {
        case .workspace(let info): info.sid
        case .activity(let info): info.sid
        case .taskChannel(let info): info.sid
        case .worker(let info): info.sid
        case .taskQueue(let info): info.sid
        case .workflow(let info): info.sid
        case .task(let info): info.sid
        default: throw ScenarioError.unexpectedOutput("\(command)")
        }
    }

    enum ScenarioError: Error { case unexpectedOutput(String), missing(String) }

    func activity(_ name: String, in workspace: String) throws -> String {
        let page = try engine.listActivities(workspace: workspace, ListActivitiesRequest(friendlyName: name),
                                             account: Self.account)
        guard let sid = page.items.first?.sid else { throw ScenarioError.missing("activity \(name)") }
        return sid
    }

    func pendingReservation(of task: String) throws -> String {
        let page = try engine.listTaskReservations(workspace: workspace, taskSid: task, status: "pending",
                                                   account: Self.account)
        guard let sid = page.items.first?.sid else { throw ScenarioError.missing("pending reservation of \(task)") }
        return sid
    }

    /// Workspaces, resources and tasks: everything up to the first snapshot in the tests.
    mutating func runSetUp() throws {
        var fifo = CreateWorkspaceRequest(friendlyName: "Single tasking")
        fifo.template = "FIFO"
        fifo.multiTaskEnabled = false
        let single = try sid(.createWorkspace(fifo))
        try apply(.createWorker(workspace: single, CreateWorkerRequest(
            friendlyName: "solo", activitySid: try activity("Available", in: single))))
        try apply(.createTask(workspace: single, CreateTaskRequest(attributes: #"{"a":1}"#)))
        try apply(.createTask(workspace: single, CreateTaskRequest(attributes: #"{"a":2}"#, timeout: 90)))
        try createClockRoutedTask(in: single)

        workspace = try sid(.createWorkspace(CreateWorkspaceRequest(friendlyName: "Contact centre")))
        let lunch = try sid(.createActivity(workspace: workspace, CreateActivityRequest(friendlyName: "Lunch", available: "false")))
        let doomed = try sid(.createActivity(workspace: workspace, CreateActivityRequest(friendlyName: "Doomed")))
        try apply(.deleteActivity(workspace: workspace, sid: doomed))
        let fax = try sid(.createTaskChannel(workspace: workspace, CreateTaskChannelRequest(friendlyName: "Fax", uniqueName: "fax")))
        try apply(.deleteTaskChannel(workspace: workspace, sid: fax))
        try apply(.createTaskChannel(workspace: workspace, CreateTaskChannelRequest(
            friendlyName: "Email", uniqueName: "email", channelOptimizedRouting: true)))

        let available = try activity("Available", in: workspace)
        for (name, attributes) in [("alice", #"{"skill":"a","level":3}"#), ("bob", #"{"skill":"b","langs":["en","fr"]}"#),
                                   ("carol", #"{"skill":"a"}"#), ("gone", "{}")] {
            workers[name] = try sid(.createWorker(workspace: workspace, CreateWorkerRequest(
                friendlyName: name, activitySid: name == "carol" ? nil : available, attributes: attributes)))
        }
        try apply(.deleteWorker(workspace: workspace, sid: try #require(workers["gone"]), expectedVersion: nil))
        try apply(.updateWorkerChannel(workspace: workspace, workerSid: try #require(workers["alice"]), channel: "default",
                                       UpdateWorkerChannelRequest(capacity: 3)))

        queues.append(try sid(.createTaskQueue(workspace: workspace, CreateTaskQueueRequest(
            friendlyName: "General", targetWorkers: "skill == 'a'", reservationActivitySid: lunch, maxReservedWorkers: 2))))
        queues.append(try sid(.createTaskQueue(workspace: workspace, CreateTaskQueueRequest(
            friendlyName: "Newest", targetWorkers: "skill IN ['a','b']", taskOrder: "LIFO"))))
        let configuration = #"{"task_routing":{"filters":[{"friendly_name":"urgent","expression":"urgent == true","#
            + #""targets":[{"queue":"\#(queues[0])","timeout":30},{"queue":"\#(queues[1])"}]}],"#
            + #""default_filter":{"queue":"\#(queues[0])"}}}"#
        workflow = try sid(.createWorkflow(workspace: workspace, CreateWorkflowRequest(
            friendlyName: "Main", configuration: configuration, taskReservationTimeout: 120)))
        try createTasks()
    }

    /// A task waiting under a workflow whose filter reads the clock, which
    /// arms the workspace's minute timer.
    private mutating func createClockRoutedTask(in workspace: String) throws {
        let queue = try sid(.createTaskQueue(workspace: workspace, CreateTaskQueueRequest(
            friendlyName: "Office hours", targetWorkers: "1==0")))
        let configuration = #"{"task_routing":{"filters":[{"expression":"taskrouter.currentHour >= 9","#
            + #""targets":[{"queue":"\#(queue)"}]}],"default_filter":{"queue":"\#(queue)"}}}"#
        let workflow = try sid(.createWorkflow(workspace: workspace, CreateWorkflowRequest(
            friendlyName: "By the clock", configuration: configuration)))
        try apply(.createTask(workspace: workspace, CreateTaskRequest(attributes: #"{"a":3}"#, workflowSid: workflow)))
    }

    private mutating func createTasks() throws {
        func task(_ attributes: String, priority: Int? = nil) -> EngineCommand {
            .createTask(workspace: workspace, CreateTaskRequest(attributes: attributes, priority: priority, workflowSid: workflow))
        }
        let assigned = try sid(task(#"{"n":1}"#))
        try accept(assigned)
        let wrapping = try sid(task(#"{"n":2}"#))
        try accept(wrapping)
        try apply(.updateTask(workspace: workspace, sid: wrapping, UpdateTaskRequest(assignmentStatus: "wrapping")))
        let completed = try sid(task(#"{"n":3}"#))
        try accept(completed)
        try apply(.updateTask(workspace: workspace, sid: completed,
                              UpdateTaskRequest(assignmentStatus: "completed", reason: "done")))
        try apply(task(#"{"n":4,"urgent":true}"#, priority: 5))
        let canceled = try sid(task(#"{"n":5}"#))
        try apply(.updateTask(workspace: workspace, sid: canceled, UpdateTaskRequest(assignmentStatus: "canceled", reason: "gone")))
        var direct = CreateTaskRequest(attributes: #"{"n":6}"#)
        let carol = try #require(workers["carol"])
        direct.routingTarget = carol
        try apply(.createTask(workspace: workspace, direct))
        var dated = CreateTaskRequest(attributes: #"{"n":7,"big":1E5}"#, timeout: 600, taskChannel: "email", workflowSid: workflow)
        dated.virtualStartTime = Timestamp(unixSeconds: 1_600_000_000)
        try apply(.createTask(workspace: workspace, dated))
    }

    private mutating func accept(_ task: String) throws {
        try apply(.updateReservation(workspace: workspace, sid: try pendingReservation(of: task),
                                     UpdateReservationRequest(reservationStatus: "accepted")))
    }

    /// Changes after the first snapshot: a rejection, a new configuration, more tasks and
    /// a timer firing.
    mutating func runChanges() throws {
        now = now.adding(seconds: 10)
        let bob = try #require(workers["bob"])
        var request = CreateTaskRequest(attributes: #"{"n":8}"#)
        request.routingTarget = queues[1]
        let offered = try sid(.createTask(workspace: workspace, request))
        try apply(.updateReservation(workspace: workspace, sid: try pendingReservation(of: offered), UpdateReservationRequest(
            reservationStatus: "rejected", workerActivitySid: try activity("Offline", in: workspace))))
        try apply(.updateWorker(workspace: workspace, sid: bob, UpdateWorkerRequest(attributes: #"{"skill":"a","x":[1,2]}"#)))
        let configuration = #"{"task_routing":{"default_filter":{"queue":"\#(queues[1])"}}}"#
        try apply(.updateWorkflow(workspace: workspace, sid: workflow, UpdateWorkflowRequest(configuration: configuration)))
        try apply(.createTask(workspace: workspace, CreateTaskRequest(attributes: #"{"n":9}"#, workflowSid: workflow)))
        now = now.adding(seconds: 35)
        try apply(.advance)
        try apply(.updateWorkspace(workspace: workspace, {
            var update = UpdateWorkspaceRequest()
            update.eventsFilter = "task.created,task.canceled"
            return update
        }()))

        // A third configuration with a timed step, and a task waiting at it.
        let timed = #"{"task_routing":{"filters":[{"expression":"urgent == true","#
            + #""targets":[{"queue":"\#(queues[0])","timeout":300},{"queue":"\#(queues[1])"}]}]}}"#
        try apply(.updateWorkflow(workspace: workspace, sid: workflow, UpdateWorkflowRequest(configuration: timed)))
        try apply(.createTask(workspace: workspace, CreateTaskRequest(attributes: #"{"n":10,"urgent":true}"#,
                                                                      workflowSid: workflow)))
    }
}

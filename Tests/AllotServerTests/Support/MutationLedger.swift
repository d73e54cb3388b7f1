import AllotTestSupport
import AllotWire
import Foundation
import Synchronization

/// A mutation a load client sends, kept until the server replies.
enum LoadMutation: Sendable, Equatable {
    /// Creates a task whose attributes carry a unique `marker`.
    case create(marker: String, attributes: String, priority: Int64)
    case update(task: String, attributes: String, priority: Int64)
    case accept(task: String, reservation: String)
    case complete(task: String)
    case cancel(task: String)

    /// The task the mutation changes; nil for a create, whose SID the reply brings.
    var taskSID: String? {
        switch self {
        case .create: nil
        case .update(let task, _, _), .accept(let task, _), .complete(let task), .cancel(let task): task
        }
    }
}

/// A task as the last acknowledged reply about it left it.
struct AcknowledgedTask: Sendable, Equatable {
    var sid: String
    var marker: String
    var attributes: String
    var priority: Int64
    var status: Wire.AssignmentStatus
    /// The task version in the last acknowledged reply that returned the task.
    var version: UInt64
}

/// Every acknowledged mutation of a load run, and the mutation each client had in flight
/// when the server died. Each client changes only the tasks it created.
final class MutationLedger: Sendable {
    struct State {
        var tasks: [String: AcknowledgedTask] = [:]
        /// The mutation each client sent without getting a reply, by client index.
        var inFlight: [Int: LoadMutation] = [:]
        var acknowledgedCount = 0
    }

    let state = Mutex(State())

    func send(_ mutation: LoadMutation, client: Int) {
        state.withLock { $0.inFlight[client] = mutation }
    }

    /// Records the server's rejection: the engine applied and journaled nothing.
    func rejected(client: Int) {
        state.withLock { _ = $0.inFlight.removeValue(forKey: client) }
    }

    /// Records an acknowledged reply that returned `task`.
    func acknowledged(client: Int, task: Wire.Task, marker: String) {
        state.withLock {
            $0.inFlight[client] = nil
            $0.acknowledgedCount += 1
            $0.tasks[task.sid] = AcknowledgedTask(
                sid: task.sid, marker: marker, attributes: task.attributes, priority: task.priority,
                status: task.assignmentStatus, version: task.version)
        }
    }

    /// Records an acknowledged accept, which leaves the task assigned.
    func acknowledgedAccept(client: Int, task: String) {
        state.withLock {
            $0.inFlight[client] = nil
            $0.acknowledgedCount += 1
            $0.tasks[task]?.status = .assigned
        }
    }

    var snapshot: State { state.withLock { $0 } }
}

/// A flag that tells load clients on other threads to stop.
final class StopFlag: Sendable {
    private let value = Atomic(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() {
        value.store(true, ordering: .releasing)
    }
}

/// One load client: a connection that sends seeded random mutations, one at a time, on the
/// tasks it creates, and records each reply in the ledger until the connection fails.
struct LoadClient {
    let index: Int
    let fixture: RoutingFixture
    let ledger: MutationLedger
    var generator: SeededGenerator
    private var ownTasks: [String] = []
    private var createdCount = 0

    init(index: Int, seed: UInt64, fixture: RoutingFixture, ledger: MutationLedger) {
        self.index = index
        self.fixture = fixture
        self.ledger = ledger
        generator = SeededGenerator(seed: seed &* 31 &+ UInt64(index))
    }

    /// Sends mutations until `stop` is set or the server closes the connection.
    mutating func run(port: UInt16, credentials: TestCredentials, stop: StopFlag) {
        guard let client = try? EngineClient(port: port, credentials: credentials) else { return }
        while !stop.isSet {
            do {
                try step(client)
            } catch {
                return
            }
        }
    }

    private mutating func step(_ client: EngineClient) throws {
        let roll = Int.random(in: 0..<10, using: &generator)
        guard !ownTasks.isEmpty, roll >= 4 else {
            try create(client)
            return
        }
        let task = ownTasks[Int.random(in: 0..<ownTasks.count, using: &generator)]
        guard let known = ledger.snapshot.tasks[task] else { return }
        switch roll {
        case 4, 5:
            let attributes = Self.attributes(marker: known.marker, revision: Int.random(in: 1...1_000, using: &generator))
            try send(.update(task: task, attributes: attributes, priority: Int64.random(in: 0...9, using: &generator)), client)
        case 6, 7:
            try acceptPending(task, client)
        case 8:
            if known.status == .assigned { try send(.complete(task: task), client) }
        default:
            if known.status == .pending || known.status == .reserved { try send(.cancel(task: task), client) }
        }
    }

    private mutating func create(_ client: EngineClient) throws {
        createdCount += 1
        let marker = "c\(index)-\(createdCount)"
        let priority = Int64.random(in: 0...9, using: &generator)
        try send(.create(marker: marker, attributes: Self.attributes(marker: marker, revision: 0), priority: priority), client)
    }

    /// Accepts the task's pending reservation, if it has one.
    private mutating func acceptPending(_ task: String, _ client: EngineClient) throws {
        guard case .reservationPage(let page) = try client.ok(.listTaskReservations(Wire.ListTaskReservationsRequest(
            workspaceSID: fixture.workspaceSID, taskSID: task))),
              let pending = page.reservations.first(where: { $0.reservationStatus == .pending }) else { return }
        try send(.accept(task: task, reservation: pending.sid), client)
    }

    /// Sends one mutation and records the outcome. Throws when the connection fails, leaving
    /// the mutation in flight in the ledger.
    private mutating func send(_ mutation: LoadMutation, _ client: EngineClient) throws {
        ledger.send(mutation, client: index)
        let reply = try client.call(Self.request(mutation, workspace: fixture.workspaceSID, workflow: fixture.workflow.sid))
        guard reply.status?.code == .ok else {
            ledger.rejected(client: index)
            return
        }
        switch (mutation, reply.response) {
        case (.create(let marker, _, _), .task(let task)?):
            ledger.acknowledged(client: index, task: task, marker: marker)
            ownTasks.append(task.sid)
        case (.accept(let task, _), .reservation?):
            ledger.acknowledgedAccept(client: index, task: task)
        case (_, .task(let task)?):
            let marker = ledger.snapshot.tasks[task.sid]?.marker ?? ""
            ledger.acknowledged(client: index, task: task, marker: marker)
        default:
            throw TestFailure("unexpected reply to \(mutation): \(reply)")
        }
    }

    static func attributes(marker: String, revision: Int) -> String {
        #"{"type": "support", "marker": "\#(marker)", "revision": \#(revision), "note": "\#(String(repeating: "x", count: revision % 40))"}"#
    }

    static func request(_ mutation: LoadMutation, workspace: String, workflow: String) -> Wire.ClientFrame.Request {
        switch mutation {
        case .create(_, let attributes, let priority):
            .createTask(Wire.CreateTaskRequest(workspaceSID: workspace, attributes: attributes, priority: priority,
                                               workflowSID: workflow))
        case .update(let task, let attributes, let priority):
            .updateTask(Wire.UpdateTaskRequest(workspaceSID: workspace, taskSID: task, attributes: attributes,
                                               priority: priority))
        case .accept(_, let reservation):
            .updateReservation(Wire.UpdateReservationRequest(workspaceSID: workspace, reservationSID: reservation,
                                                             reservationStatus: .accepted))
        case .complete(let task):
            .updateTask(Wire.UpdateTaskRequest(workspaceSID: workspace, taskSID: task, assignmentStatus: .completed,
                                               reason: "done"))
        case .cancel(let task):
            .updateTask(Wire.UpdateTaskRequest(workspaceSID: workspace, taskSID: task, assignmentStatus: .canceled,
                                               reason: "load test"))
        }
    }
}

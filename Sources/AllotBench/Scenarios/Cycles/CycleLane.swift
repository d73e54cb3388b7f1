import AllotClient
import AllotWire

/// One connection of the throughput and latency scenarios, with a
/// workspace of its own: one queue for every worker, a workflow into it,
/// `workerCount` available workers, and a subscription to the workspace's
/// reservation events. Separate workspaces keep the connections from
/// contending for one engine shard, as separate tenants would.
struct CycleLane: Sendable {
    let connection: AllotConnection
    let workspaceSID: String
    let workflowSID: String
    let waiters: ReservationWaiters
    let listener: Task<Void, Never>

    /// Task attributes of every cycle's task.
    static let taskAttributes = #"{"type": "bench"}"#

    /// Creates the lane's workspace and workers and starts listening for
    /// reservations. `created` gets the workspace's SID as soon as it exists.
    static func open(target: ServerTarget, name: String, workerCount: Int,
                     created: (String) -> Void) async throws(AllotError) -> CycleLane {
        let connection = try await target.connect()
        let workspace = try await connection.createWorkspace(friendlyName: name)
        created(workspace.sid)
        let queue = try await connection.createTaskQueue(in: workspace.sid, friendlyName: "All workers", targetWorkers: "1==1")
        let routing = #"{"task_routing": {"filters": [], "default_filter": {"queue": "\#(queue.sid)"}}}"#
        let workflow = try await connection.createWorkflow(in: workspace.sid, friendlyName: "Everything to all workers", configuration: routing)
        var workerSIDs: [String] = []
        for index in 0..<workerCount {
            let worker = try await connection.createWorker(in: workspace.sid, friendlyName: "worker-\(index)")
            workerSIDs.append(worker.sid)
        }
        let waiters = ReservationWaiters()
        let events = try await connection.events(workspace: workspace.sid, eventTypes: ["reservation.created"])
        let listener = Task {
            do {
                for try await event in events {
                    let arrival = ReservationArrival(reservationSID: event.reservationSID, workerSID: event.workerSID,
                                                     taskQueueSID: event.taskQueueSID, instant: .now)
                    waiters.deliver(taskSID: event.taskSID, arrival)
                }
            } catch {
                // The stream ends with the connection; waiters are closed by the scenario.
            }
        }
        let available = try await connection.activity(named: "Available", in: workspace.sid)
        for sid in workerSIDs {
            _ = try await connection.setActivity(of: sid, in: workspace.sid, to: available.sid)
        }
        return CycleLane(connection: connection, workspaceSID: workspace.sid, workflowSID: workflow.sid, waiters: waiters, listener: listener)
    }

    /// Runs one create, reserve, accept and complete cycle and records each
    /// step. `intended` is when the cycle should have started; the create
    /// round trip, the reservation event and the whole cycle are measured
    /// from it. Returns false when a call failed or the lane was closed.
    func runCycle(intended: ContinuousClock.Instant, recorder: Recorder) async -> Bool {
        do {
            let task = try await connection.createTask(in: workspaceSID, attributes: Self.taskAttributes, workflowSID: workflowSID)
            recorder.record(Measure.createTask, .now - intended)
            recorder.count(CounterName.calls)
            recorder.count(CounterName.tasksCreated)
            guard let arrival = await waiters.reservation(for: task.sid) else { return false }
            recorder.record(Measure.reservationEvent, arrival.instant - intended)

            let acceptStart = ContinuousClock.now
            _ = try await connection.acceptReservation(arrival.reservationSID, in: workspaceSID)
            recorder.record(Measure.acceptReservation, .now - acceptStart)
            recorder.count(CounterName.calls)

            let completeStart = ContinuousClock.now
            _ = try await connection.completeTask(task.sid, in: workspaceSID)
            let end = ContinuousClock.now
            recorder.record(Measure.completeTask, end - completeStart)
            recorder.record(Measure.cycle, end - intended)
            recorder.count(CounterName.calls)
            recorder.count(CounterName.cycles)
            return true
        } catch {
            recorder.countError(error)
            return false
        }
    }

    /// Wakes every cycle still waiting for a reservation and closes the connection.
    func close() {
        waiters.close()
        connection.close()
        listener.cancel()
    }
}

/// Names of the latencies scenarios record.
enum Measure {
    static let echo = "echo"
    static let createTask = "create_task"
    /// From the task's creation (intended send time) to its first
    /// reservation event reaching the client.
    static let reservationEvent = "reservation_event"
    static let acceptReservation = "accept_reservation"
    static let completeTask = "complete_task"
    /// A whole create, reserve, accept and complete cycle.
    static let cycle = "cycle"
    /// Simulated time from creation to the first reservation (profiles).
    static let queueWait = "queue_wait"
    /// Simulated time from creation to the agent's accept (profiles).
    static let answer = "answer"
    static let beanstalkdPut = "put"
    static let beanstalkdReserve = "reserve"
    static let beanstalkdDelete = "delete"
}

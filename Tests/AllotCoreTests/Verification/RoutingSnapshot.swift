@testable import AllotCore

/// The routing outcome both implementations must agree on: every stored
/// task with its status, cancel reason, queue, priority and reservations
/// (worker and status, in creation order), and every worker's activity.
/// Resources are keyed by the engine's SIDs.
struct RoutingSnapshot: Equatable {
    struct Reservation: Equatable, CustomStringConvertible {
        var workerSid: String
        var status: ReservationStatus

        var description: String { "\(workerSid.suffix(4)):\(status.rawValue)" }
    }

    struct Task: Equatable, CustomStringConvertible {
        var status: TaskStatus
        var reason: String?
        var queueSid: String?
        var priority: Int
        var reservations: [Reservation]

        var description: String {
            "\(status.rawValue)\(reason.map { " (\($0))" } ?? "") queue=\(queueSid.map { String($0.suffix(4)) } ?? "-") "
                + "priority=\(priority) reservations=\(reservations)"
        }
    }

    var tasks: [String: Task] = [:]
    var workerActivities: [String: String] = [:]

    /// Returns one line per task or worker that differs, naming the expected and the actual state.
    func differences(fromExpected expected: RoutingSnapshot, names: [String: String]) -> [String] {
        var lines: [String] = []
        for sid in Set(tasks.keys).union(expected.tasks.keys).sorted() where tasks[sid] != expected.tasks[sid] {
            lines.append("task \(names[sid] ?? sid): expected \(expected.tasks[sid].map(String.init(describing:)) ?? "removed"), "
                + "engine has \(tasks[sid].map(String.init(describing:)) ?? "removed")")
        }
        for sid in Set(workerActivities.keys).union(expected.workerActivities.keys).sorted()
        where workerActivities[sid] != expected.workerActivities[sid] {
            lines.append("worker \(names[sid] ?? sid): expected activity \(expected.workerActivities[sid].map { names[$0] ?? $0 } ?? "none"), "
                + "engine has \(workerActivities[sid].map { names[$0] ?? $0 } ?? "none")")
        }
        return lines
    }
}

extension Engine {
    /// Reads a workspace's routing state directly, under its shard's lock.
    /// Also returns each task's reservation SIDs in creation order.
    func routingSnapshot(workspace sid: String) -> (snapshot: RoutingSnapshot, reservationSids: [String: [String]]) {
        guard let state = shard(for: sid).state.withLock({ $0.workspace(sid) }) else {
            preconditionFailure("workspace \(sid) does not exist")
        }
        var snapshot = RoutingSnapshot()
        var reservationSids: [String: [String]] = [:]
        for handle in state.tasks.handles {
            let task = state.tasks[handle]
            let reservations = task.reservations.map { state.reservations[$0] }
            snapshot.tasks[task.sid] = RoutingSnapshot.Task(
                status: task.status, reason: task.status == .canceled ? task.reason : nil,
                queueSid: task.queue.flatMap { state.queues.record(at: $0)?.sid }, priority: task.priority,
                reservations: reservations.map { RoutingSnapshot.Reservation(workerSid: $0.workerSid, status: $0.status) })
            reservationSids[task.sid] = reservations.map(\.sid)
        }
        for handle in state.workers.handles {
            snapshot.workerActivities[state.workers[handle].sid] = state.activities[state.workers[handle].activity].sid
        }
        return (snapshot, reservationSids)
    }
}

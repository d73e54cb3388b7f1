import Foundation
import Synchronization
import Testing

@testable import AllotCore

/// Many workspaces driven from several threads at once, with a timer thread
/// and a reader thread running beside them. Every workspace runs a fixed
/// script, so its counters and its event types must come out exactly as in
/// a run of the same script on one thread.
///
/// To look for data races, run it under ThreadSanitizer:
/// `swift test --sanitize=thread --scratch-path .build-tsan --filter ConcurrentWorkspacesTests`.
/// NOTE: on Linux, ThreadSanitizer does not see `Synchronization.Mutex` taken
/// or released once threads contend for it (that path calls the kernel from
/// an uninstrumented library), so it reports races whose two accesses both
/// sit inside `withLock` of one Mutex. Check each report's stacks by hand.
@Suite struct ConcurrentWorkspacesTests {
    static let account = "AC" + String(repeating: "0", count: 31) + "8"
    static let workspaceCount = 16
    static let driverThreadCount = 6
    static let workersPerWorkspace = 4
    static let tasksPerWorkspace = 150
    static let start = Timestamp(unixSeconds: 1_700_000_000)

    @Test func concurrentWorkspacesLoseNothing() throws {
        let engine = Self.makeEngine()
        let workspaces = try (0..<Self.workspaceCount).map { try Self.createWorkspace(engine, index: $0) }

        // Drivers take workspaces round-robin, so each runs its scripts
        // interleaved, and shards are shared between drivers.
        let failures = Mutex<[String]>([])
        let driversDone = Atomic<Int>(0)
        var threads: [Thread] = []
        for driver in 0..<Self.driverThreadCount {
            let mine = workspaces.enumerated().filter { $0.offset % Self.driverThreadCount == driver }.map(\.element)
            threads.append(Thread {
                do {
                    try Self.runScripts(engine, workspaces: mine)
                } catch {
                    failures.withLock { $0.append("driver \(driver): \(error)") }
                }
                driversDone.add(1, ordering: .releasing)
            })
        }
        // The timer thread advances a clock that stays before every deadline
        // the scripts arm, so it fires nothing but walks every shard. The
        // reader lists workspaces, reads statistics and checks invariants.
        threads.append(Thread {
            while driversDone.load(ordering: .acquiring) < Self.driverThreadCount {
                _ = engine.advance(to: Self.start.adding(seconds: 60))
                _ = engine.nextDeadline
            }
        })
        threads.append(Thread {
            while driversDone.load(ordering: .acquiring) < Self.driverThreadCount {
                _ = try? engine.listWorkspaces(account: Self.account)
                for workspace in workspaces {
                    _ = try? engine.workspaceStatistics(workspace: workspace, account: Self.account, now: Self.start)
                }
                engine.checkInvariants()
            }
        })
        try Self.runAll(threads)

        #expect(failures.withLock { $0 } == [])
        engine.checkInvariants()
        let expectedTypes = try Self.singleThreadedEventTypes()
        for workspace in workspaces {
            let counters = try engine.workspaceCumulativeStatistics(workspace: workspace, account: Self.account)
            #expect(counters.tasksEntered == Self.tasksPerWorkspace, "tasks entered in \(workspace)")
            #expect(counters.tasksCompleted == Self.tasksPerWorkspace, "tasks completed in \(workspace)")
            #expect(counters.reservationsCreated == Self.tasksPerWorkspace, "reservations created in \(workspace)")
            #expect(counters.reservationsAccepted == Self.tasksPerWorkspace, "reservations accepted in \(workspace)")
            let events = try engine.events(workspace: workspace, after: 0, limit: 10_000, deliveredOnly: false, account: Self.account)
            #expect(events.map(\.sequence) == (1...UInt64(events.count)).map { $0 }, "event sequence numbers in \(workspace)")
            #expect(events.map(\.type) == expectedTypes, "event types in \(workspace)")
        }
    }

    static func makeEngine() -> Engine {
        var limits = EngineLimits()
        limits.eventRingCapacity = 10_000
        return Engine(configuration: EngineConfiguration(shardCount: 4, limits: limits))
    }

    /// Creates a workspace with one queue for everyone, a workflow to it and
    /// `workersPerWorkspace` available workers.
    static func createWorkspace(_ engine: Engine, index: Int) throws -> String {
        var request = CreateWorkspaceRequest(friendlyName: "Concurrent \(index)")
        request.template = "FIFO"
        let workspace = try engine.createWorkspace(request, account: account, now: start).value.sid
        let available = try engine.listActivities(workspace: workspace, ListActivitiesRequest(friendlyName: "Available"),
                                                  account: account).items[0].sid
        for worker in 0..<workersPerWorkspace {
            _ = try engine.createWorker(workspace: workspace,
                                        CreateWorkerRequest(friendlyName: "Worker \(worker)", activitySid: available,
                                                            attributes: #"{"skills":["support"]}"#),
                                        account: account, now: start)
        }
        return workspace
    }

    /// Runs every workspace's script one round at a time, interleaving the
    /// workspaces: create a task, accept its reservation, complete it.
    static func runScripts(_ engine: Engine, workspaces: [String]) throws {
        for round in 0..<tasksPerWorkspace {
            let now = start.adding(milliseconds: Int64(round))
            for workspace in workspaces {
                try runRound(engine, workspace: workspace, now: now)
            }
        }
    }

    static func runRound(_ engine: Engine, workspace: String, now: Timestamp) throws {
        let created = try engine.createTask(workspace: workspace, CreateTaskRequest(attributes: #"{"type":"support"}"#),
                                            account: account, now: now)
        let reservations = created.events.filter { $0.type == .reservationCreated }.compactMap(\.data.reservationSid)
        guard reservations.count == 1 else {
            throw ScriptError(message: "task \(created.value.sid) got \(reservations.count) reservations, expected 1")
        }
        _ = try engine.updateReservation(workspace: workspace, sid: reservations[0],
                                         UpdateReservationRequest(reservationStatus: "accepted"), account: account, now: now)
        _ = try engine.updateTask(workspace: workspace, sid: created.value.sid,
                                  UpdateTaskRequest(assignmentStatus: "completed", reason: "done"), account: account, now: now)
    }

    /// Runs one workspace's script alone on this thread and returns its event types.
    static func singleThreadedEventTypes() throws -> [EventType] {
        let engine = makeEngine()
        let workspace = try createWorkspace(engine, index: 0)
        try runScripts(engine, workspaces: [workspace])
        return try engine.events(workspace: workspace, after: 0, limit: 10_000, deliveredOnly: false, account: account).map(\.type)
    }

    /// Starts every thread and waits until all have finished.
    static func runAll(_ threads: [Thread]) throws {
        for thread in threads { thread.start() }
        for thread in threads {
            // Bounded wait: a hang fails the test instead of stalling the run.
            var waitedMilliseconds = 0
            while !thread.isFinished {
                guard waitedMilliseconds < 600_000 else {
                    throw ScriptError(message: "a test thread did not finish within 600 s")
                }
                Thread.sleep(forTimeInterval: 0.01)
                waitedMilliseconds += 10
            }
        }
    }

    struct ScriptError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

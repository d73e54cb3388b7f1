import AllotTestSupport
import Foundation
import Synchronization
import Testing

@Suite struct MonitoringCommandTests {
    /// Maximum wait for a line from `events --follow`; a guard against a hung
    /// test, not a speed requirement.
    static let followWaitSeconds = 30.0

    @Test func statsWorkspacePrintsTables() throws {
        let session = try ServerSession()
        let workspace = try session.json("workspace", "create", "--name", "Desk", "--template", "fifo") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)
        _ = try session.createTask(in: ws, attributes: "{}")
        let output = try session.run("stats", "workspace", "--workspace", ws)
        #expect(output.status == 0)
        #expect(output.standardOutput.contains("total_tasks:"))
        #expect(output.standardOutput.contains("tasks_by_status.pending:"))
        #expect(output.standardOutput.contains("activity_statistics:\n  SID"))
        let cumulative = try session.json("stats", "workspace", "--workspace", ws, "--cumulative") as? [String: Any]
        #expect(cumulative?["tasks_created"] as? Int == 1)
    }

    @Test func statsCumulativeWindowAndSplit() throws {
        let session = try ServerSession()
        let workspace = try session.json("workspace", "create", "--name", "Desk", "--template", "fifo") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)
        _ = try session.createTask(in: ws, attributes: "{}")
        let statistics = try session.json("stats", "workspace", "--workspace", ws, "--cumulative", "--minutes", "5",
                                          "--split-by-wait-time", "30, 600") as? [String: Any]
        #expect(statistics?["tasks_created"] as? Int == 1)
        let splits = statistics?["split_by_wait_time"] as? [[String: Any]] ?? []
        #expect(splits.compactMap { $0["threshold"] as? Int } == [30, 600])
        let start = statistics?["start_time_unix_milliseconds"] as? Int ?? 1
        let end = statistics?["end_time_unix_milliseconds"] as? Int ?? 0
        #expect(start % 60_000 == 0)
        #expect(end - start > 5 * 60_000)
        #expect(end - start <= 6 * 60_000)

        let unordered = try session.run("stats", "queue", "WQ00000000000000000000000000000001", "--workspace", ws, "--cumulative",
                                        "--split-by-wait-time", "60,30")
        #expect(unordered.status != 0)
        #expect(unordered.standardError.contains("--split-by-wait-time threshold 30 does not follow 60 in ascending order"))
        let both = try session.run("stats", "workspace", "--workspace", ws, "--cumulative", "--minutes", "5",
                                   "--start", "2024-01-01T00:00:00Z")
        #expect(both.status != 0)
        #expect(both.standardError.contains("--minutes 5 and --start were both given"))
        let old = try session.run("stats", "workspace", "--workspace", ws, "--cumulative", "--start", "2024-01-01T00:00:00Z")
        #expect(old.status != 0)
        #expect(old.standardError.contains("more than 43200 minutes (30 days) before now"))
    }

    @Test func eventsListAfterSequence() throws {
        let session = try ServerSession()
        let workspace = try session.json("workspace", "create", "--name", "Desk") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)
        let all = try session.json("events", "--workspace", ws) as? [[String: Any]] ?? []
        #expect(all.first?["event_type"] as? String == "workspace.created")
        let later = try session.json("events", "--workspace", ws, "--after", "1") as? [[String: Any]] ?? []
        #expect(later.count == all.count - 1)
        #expect(later.allSatisfy { ($0["sequence"] as? Int ?? 0) > 1 })
        let table = try session.run("events", "--workspace", ws)
        #expect(table.standardOutput.hasPrefix("SEQUENCE"))
    }

    @Test func eventsFollowReceivesNewTask() throws {
        let session = try ServerSession()
        let workspace = try session.json("workspace", "create", "--name", "Desk", "--template", "fifo") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)

        let process = Process()
        process.executableURL = try BuiltExecutable.url(named: "allot")
        process.arguments = ["events", "--workspace", ws, "--follow", "--server", session.server.address, "--credentials", session.server.credentialsPath]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { Self.stop(process) }
        let lines = LineCollector()
        Thread.detachNewThread { lines.collect(from: pipe.fileHandleForReading) }

        // The listed workspace.created line shows that the subscription is active.
        #expect(Self.waitForLine(containing: "workspace.created", in: lines))
        let task = try session.createTask(in: ws, attributes: #"{"type": "follow"}"#)
        #expect(Self.waitForLine(containing: "task.created", in: lines))
        let taskLine = lines.lines.withLock { $0.first { $0.contains("task.created") } }
        #expect(taskLine?.contains(task) == true)
        #expect(process.isRunning)

        Self.stop(process)
        #expect(!process.isRunning)
        #expect(process.terminationReason == .uncaughtSignal)
    }

    @Test func eventsFollowResumesAfterDroppedConnection() throws {
        let session = try ServerSession()
        let workspace = try session.json("workspace", "create", "--name", "Desk", "--template", "fifo") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)
        let proxy = try ConnectionProxy(targetPort: session.server.port)
        let (process, lines, errorLines) = try Self.startFollower(workspace: ws, through: proxy, session: session)
        defer { Self.stop(process) }
        #expect(Self.waitForLine(containing: "workspace.created", in: lines))

        // Cut the connection while events are still arriving, then cause
        // more while the command reconnects.
        for index in 0..<5 { _ = try session.createTask(in: ws, attributes: #"{"batch": "before", "index": \#(index)}"#) }
        proxy.cutConnections()
        var lastTask = ""
        for index in 0..<5 { lastTask = try session.createTask(in: ws, attributes: #"{"batch": "after", "index": \#(index)}"#) }
        let events = try session.json("events", "--workspace", ws) as? [[String: Any]] ?? []
        let newest = try #require(events.compactMap { $0["sequence"] as? Int }.max())
        #expect(Self.waitForLine(containing: lastTask, in: lines))
        let deadline = Date().addingTimeInterval(Self.followWaitSeconds)
        var sequences: [Int] = []
        while Date() < deadline {
            sequences = lines.lines.withLock { $0 }.compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["sequence"] as? Int
            }
            if sequences.last.map({ $0 >= newest }) == true { break }
            Thread.sleep(forTimeInterval: 0.05)
        }

        #expect(proxy.connectionCount >= 2, "the command did not reconnect")
        #expect(sequences == Array(1...newest), "events lost or repeated: \(sequences)")
        #expect(process.isRunning)
        #expect(Self.waitForLine(containing: "allot events: the stream resumed after event", in: errorLines))
    }

    /// A follower kept away until the server's ring has dropped the events it missed reports
    /// each failed attempt to reconnect, then exits with an error that names the last event.
    @Test func eventsFollowStopsWhenMissedEventsAreGone() throws {
        let session = ServerSession(server: try ServerProcess(extraArguments: ["--event-ring-capacity", "3"]))
        let workspace = try session.json("workspace", "create", "--name", "Desk", "--template", "fifo") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)
        let proxy = try ConnectionProxy(targetPort: session.server.port)
        let (process, _, errorLines) = try Self.startFollower(workspace: ws, through: proxy, session: session)
        defer { Self.stop(process) }
        // Wait until the follower is subscribed: its connection shows in the proxy.
        let connected = Date().addingTimeInterval(Self.followWaitSeconds)
        while proxy.connectionCount < 1 && Date() < connected { Thread.sleep(forTimeInterval: 0.05) }
        Thread.sleep(forTimeInterval: 0.5)

        proxy.refusesConnections = true
        proxy.cutConnections()
        #expect(Self.waitForLine(containing: "allot events: the stream is interrupted (UNAVAILABLE", in: errorLines))
        for index in 0..<3 { _ = try session.createTask(in: ws, attributes: #"{"index": \#(index)}"#) }
        proxy.refusesConnections = false

        let deadline = Date().addingTimeInterval(Self.followWaitSeconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 1)
        #expect(Self.waitForLine(containing: "the server no longer holds the events after event", in: errorLines))
        // The advice names the commands to run, not the protocol's resume sequence.
        #expect(Self.waitForLine(containing: "'allot events' without --follow", in: errorLines))
        #expect(!errorLines.lines.withLock { $0.contains { $0.contains("Resume from") } })
    }

    /// Starts `allot events --follow --json` on `workspace` through `proxy`, and collects
    /// its standard output and standard error by line.
    private static func startFollower(workspace: String, through proxy: ConnectionProxy, session: ServerSession) throws
        -> (process: Process, output: LineCollector, errors: LineCollector) {
        let process = Process()
        process.executableURL = try BuiltExecutable.url(named: "allot")
        process.arguments = ["events", "--workspace", workspace, "--follow", "--json",
                             "--server", "127.0.0.1:\(proxy.port)", "--credentials", session.server.credentialsPath]
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        try process.run()
        let output = LineCollector()
        let errors = LineCollector()
        Thread.detachNewThread { output.collect(from: outputPipe.fileHandleForReading) }
        Thread.detachNewThread { errors.collect(from: errorPipe.fileHandleForReading) }
        return (process, output, errors)
    }

    /// Sends SIGTERM and waits, bounded, for the process to end. Polling
    /// `isRunning` instead of calling `waitUntilExit` keeps a process that
    /// ignores the signal from hanging the whole test run.
    private static func stop(_ process: Process) {
        process.terminate()
        let deadline = Date().addingTimeInterval(followWaitSeconds)
        while process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    private static func waitForLine(containing text: String, in lines: LineCollector) -> Bool {
        let deadline = Date().addingTimeInterval(followWaitSeconds)
        while Date() < deadline {
            if lines.lines.withLock({ $0.contains { $0.contains(text) } }) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}

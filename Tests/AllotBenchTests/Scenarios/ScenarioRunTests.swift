@testable import AllotBench
import AllotWire
import Foundation
import Testing

/// One short run of each scenario against allot-server started on a free
/// loopback port. The checks are on what was counted, never on a rate.
/// Counters freeze when the window closes, and on a starved machine a
/// 1.5 s window can close before the first reply, so "something ran" is
/// checked on the latency histograms, which keep recording after it.
@Suite(.serialized)
struct ScenarioRunTests {
    private func options(_ scenario: BenchOptions.ScenarioChoice, server: LocalServer) throws -> BenchOptions {
        var options = BenchOptions()
        options.server = server.address
        options.credentialsPath = server.credentialsPath
        options.scenario = scenario
        options.duration = .milliseconds(1_500)
        options.quiet = true
        options.connections = 2
        options.inFlight = 4
        options.allotPath = try Repository.binary("allot")
        options.examplesDirectory = Repository.path("examples")
        return options
    }

    private func run(_ options: BenchOptions) async throws -> BenchReport {
        let reports = try await BenchRunner.run(options) { _ in }
        return try #require(reports.first)
    }

    private func startServer() throws -> LocalServer {
        try LocalServer(binary: Repository.binary("allot-server"))
    }

    @Test func echoCountsCalls() async throws {
        let server = try startServer()
        let report = try await run(options(.echo, server: server))
        let echoes = report.latencies[Measure.echo, default: LatencySummary(LatencyHistogram())].count
        #expect(echoes > 0)
        #expect(report.counters[CounterName.errors] == nil)
        #expect(echoes >= report.counters[CounterName.echoes, default: 0])
        #expect(!report.timeline.isEmpty)
    }

    @Test func throughputCompletesCycles() async throws {
        let server = try startServer()
        let report = try await run(options(.throughput, server: server))
        let cycles = report.counters[CounterName.cycles, default: 0]
        #expect(report.latencies[Measure.cycle, default: LatencySummary(LatencyHistogram())].count > 0)
        #expect(report.counters[CounterName.errors] == nil)
        // Counters stop at the window's end; cycles in flight then finish
        // afterwards and still record their latencies.
        #expect(report.counters[CounterName.calls, default: 0] >= cycles * 3)
        for measure in [Measure.createTask, Measure.reservationEvent, Measure.acceptReservation, Measure.completeTask, Measure.cycle] {
            #expect(report.latencies[measure, default: LatencySummary(LatencyHistogram())].count >= cycles, "\(measure)")
        }
    }

    @Test func latencyRunsAtItsSchedule() async throws {
        let server = try startServer()
        var options = try options(.latency, server: server)
        options.rate = 40
        let report = try await run(options)
        // 1.5 s at 40 per second schedules 60 cycles, and each records its
        // latency, including those that finish after the window closed.
        #expect(report.latencies[Measure.createTask]?.count == 60)
        #expect(report.latencies[Measure.cycle]?.count == 60)
        #expect(report.counters[CounterName.cycles, default: 0] <= 60)
        #expect(report.settings["target_rate_per_second"] == "40.0")
        // The last, partial second is closed even when the load ends with the window.
        #expect(report.timeline.map(\.second) == [1, 2])
    }

    @Test func contactCentreReportsQueues() async throws {
        let server = try startServer()
        var options = try options(.profile(name: "contact-centre", path: Repository.path("examples/contact-centre.traffic.json")), server: server)
        options.speed = 600
        options.duration = .seconds(2)
        let report = try await run(options)
        #expect(report.latencies[Measure.createTask, default: LatencySummary(LatencyHistogram())].count > 0)
        #expect(report.counters[CounterName.errors] == nil)
        let queues = try #require(report.queues)
        #expect(Set(queues.map(\.queue)) == ["English support", "Spanish support", "VIP", "Escalations"])
        let overall = try #require(report.overall)
        #expect(overall.reservedCount > 0)
        #expect(overall.eligibleWorkerCount == 12)
        #expect(report.settings["agents"] == "12")
    }

    @Test func helplineRoutesOnTheRealWorkflow() async throws {
        let server = try startServer()
        var options = try options(.profile(name: "helpline", path: Repository.path("examples/helpline/traffic.json")), server: server)
        options.speed = 600
        options.duration = .seconds(2)
        options.agentConnections = 3
        let report = try await run(options)
        let queues = try #require(report.queues)
        #expect(queues.count == 22)
        #expect(report.latencies[Measure.createTask, default: LatencySummary(LatencyHistogram())].count > 0)
        #expect(try #require(report.overall).reservedCount > 0)
        #expect(report.settings["agent_connections"] == "3")
    }

    @Test func runnerStartsItsOwnServer() async throws {
        var options = BenchOptions()
        options.scenario = .echo
        options.duration = .seconds(1)
        options.quiet = true
        options.serverPath = try Repository.binary("allot-server")
        options.serverFsync = "never"
        let report = try await run(options)
        #expect(report.startedServer)
        #expect(report.settings["server_fsync"] == "never")
        #expect(report.cpu.serverSeconds != nil)
        #expect(report.cpu.clientSeconds != nil)
        #expect(report.latencies[Measure.echo, default: LatencySummary(LatencyHistogram())].count > 0)
    }

    /// Writes a copy of the contact-centre profile with `change` applied to
    /// the temporary folder, its workspace_file pointing at the original.
    private func profileCopy(_ change: (inout [String: Any]) -> Void) throws -> String {
        let original = Repository.path("examples/contact-centre.traffic.json")
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: original))) as? [String: Any])
        root["workspace_file"] = Repository.path("examples/contact-centre.json")
        change(&root)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).traffic.json").path
        try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func workspaceCount(_ server: LocalServer) async throws -> Int {
        let connection = try await server.target().connect()
        defer { connection.close() }
        return try await connection.listWorkspaces(Wire.ListWorkspacesRequest(pageSize: 1_000)).workspaces.count
    }

    @Test func unknownTaskChannelFailsBeforeLoad() async throws {
        let server = try startServer()
        let path = try profileCopy { root in
            var tasks = root["tasks"] as? [[String: Any]] ?? []
            tasks[1]["task_channel"] = "voise"
            root["tasks"] = tasks
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = try options(.profile(name: "misspelt", path: path), server: server)
        let before = try await workspaceCount(server)
        do {
            _ = try await BenchRunner.run(options) { _ in }
            Issue.record("a profile with task channel 'voise' ran")
        } catch let error as ProfileError {
            #expect(error.path == "$.tasks[1].task_channel")
            #expect(error.message.contains("'voise'"))
            #expect(error.message.contains("voice"))
        }
        // The workspace applied before the check is deleted again.
        #expect(try await workspaceCount(server) == before)
    }

    @Test func runDeletesItsWorkspacesUnlessKept() async throws {
        let server = try startServer()
        var options = try options(.throughput, server: server)
        options.duration = .milliseconds(500)
        let before = try await workspaceCount(server)
        _ = try await run(options)
        #expect(try await workspaceCount(server) == before)
        options.keepWorkspace = true
        _ = try await run(options)
        #expect(try await workspaceCount(server) == before + options.connections)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/beanstalkd")))
    func beanstalkdPeerCompletesCycles() async throws {
        let peer = try PeerProcess(binary: "/usr/bin/beanstalkd")
        var options = BenchOptions()
        options.peer = "beanstalkd"
        options.server = ServerAddress(host: "127.0.0.1", port: peer.port)
        options.duration = .seconds(1)
        options.inFlight = 4
        options.quiet = true
        let report = try await run(options)
        #expect(report.latencies[Measure.cycle, default: LatencySummary(LatencyHistogram())].count > 0)
        #expect(report.counters[CounterName.calls, default: 0] >= report.counters[CounterName.cycles, default: 0] * 3)
    }
}

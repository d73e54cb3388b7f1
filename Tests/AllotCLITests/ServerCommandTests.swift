import AllotClient
import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Runs `allot` against a real allot-server.
struct ServerSession {
    let server: ServerProcess

    init() throws {
        server = try ServerProcess()
    }

    /// Runs commands against `server`, such as one restarted on an earlier data directory.
    init(server: ServerProcess) {
        self.server = server
    }

    /// Runs `allot` with the server's address and credentials appended.
    func run(_ arguments: String...) throws -> CommandRunner.Output {
        try CommandRunner.run(arguments + ["--server", server.address, "--credentials", server.credentialsPath])
    }

    /// Runs `allot … --json` and returns the parsed output; fails unless it exits 0.
    func json(_ arguments: String...) throws -> Any {
        let output = try CommandRunner.run(arguments + ["--json", "--server", server.address, "--credentials", server.credentialsPath])
        guard output.status == 0 else { throw TestFailure("allot \(arguments) failed: \(output.standardError)") }
        return try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8))
    }

    /// Applies an example file and returns its workspace SID.
    func apply(_ example: String) throws -> String {
        try applyFile(Self.examplePath(example))
    }

    /// Applies the workspace file at `path` and returns its workspace SID.
    func applyFile(_ path: String) throws -> String {
        let changes = try json("apply", "-f", path) as? [[String: Any]] ?? []
        guard let sid = changes.first(where: { $0["kind"] as? String == "workspace" })?["sid"] as? String else {
            throw TestFailure("apply reported no workspace: \(changes)")
        }
        return sid
    }

    /// Creates a task with `attributes` through `task create --attributes @file`
    /// and returns its SID.
    func createTask(in workspace: String, attributes: String, channel: String? = nil) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("task-\(UUID().uuidString).json")
        try Data(attributes.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let arguments = ["task", "create", "--workspace", workspace, "--attributes", "@" + file.path] + (channel.map { ["--channel", $0] } ?? [])
        let output = try CommandRunner.run(arguments + ["--json", "--server", server.address, "--credentials", server.credentialsPath])
        guard output.status == 0, let task = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any],
              let sid = task["sid"] as? String else {
            throw TestFailure("task create failed: \(output.standardError)")
        }
        return sid
    }

    /// Returns the names of the workers holding reservations of the task,
    /// waiting up to `waitSeconds` for one to appear; a guard against
    /// hangs, not a speed check.
    func reservedWorkers(task: String, in workspace: String, waitSeconds: Double = 30) throws -> [String] {
        let deadline = Date().addingTimeInterval(waitSeconds)
        while true {
            let reservations = try json("reservation", "list", "--workspace", workspace, "--task", task) as? [[String: Any]] ?? []
            let names = reservations.compactMap { $0["worker_name"] as? String }
            if !names.isEmpty || Date() > deadline { return names }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    static func examplePath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples").appendingPathComponent(name).path
    }
}

@Suite struct ApplyCommandTests {
    @Test func applyTwiceChangesNothing() throws {
        let session = try ServerSession()
        let first = try session.json("apply", "-f", ServerSession.examplePath("contact-centre.json")) as? [[String: Any]] ?? []
        #expect(first.contains { $0["action"] as? String == "created" && $0["kind"] as? String == "workflow" })
        let second = try session.json("apply", "-f", ServerSession.examplePath("contact-centre.json")) as? [[String: Any]] ?? []
        #expect(second.count == first.count)
        #expect(second.allSatisfy { $0["action"] as? String == "unchanged" })
    }

    @Test func contactCentreRoutesByLanguageAndTier() throws {
        let session = try ServerSession()
        let workspace = try session.apply("contact-centre.json")
        let spanish = try session.createTask(in: workspace, attributes: #"{"language": "es"}"#)
        #expect(try session.reservedWorkers(task: spanish, in: workspace) == ["Ana"])
        let vip = try session.createTask(in: workspace, attributes: #"{"language": "en", "customer_tier": "vip"}"#)
        #expect(try session.reservedWorkers(task: vip, in: workspace) == ["Vera"])
        let english = try session.createTask(in: workspace, attributes: #"{"language": "en"}"#)
        #expect(try session.reservedWorkers(task: english, in: workspace) == ["Ben"])
    }

    @Test func contactCentreEscalatesWaitingVIP() throws {
        let session = try ServerSession()
        let workspace = try session.apply("contact-centre.json")
        let first = try session.createTask(in: workspace, attributes: #"{"language": "en", "customer_tier": "vip"}"#)
        let offers = try session.json("reservation", "list", "--workspace", workspace, "--task", first) as? [[String: Any]] ?? []
        let offer = try #require(offers.first?["sid"] as? String)
        _ = try session.json("reservation", "accept", offer, "--workspace", workspace)
        // Vera, the only VIP agent, is busy; Eli (level 2) comes back from
        // his break, and the second VIP task moves to Escalations after the
        // VIP step's 10 seconds.
        let workers = try session.json("worker", "list", "--workspace", workspace, "--name", "Eli") as? [[String: Any]] ?? []
        let eli = try #require(workers.first?["sid"] as? String)
        let activities = try session.json("activity", "list", "--workspace", workspace, "--name", "Available") as? [[String: Any]] ?? []
        let available = try #require(activities.first?["sid"] as? String)
        _ = try session.json("worker", "update", eli, "--workspace", workspace, "--activity", available)
        let second = try session.createTask(in: workspace, attributes: #"{"language": "en", "customer_tier": "vip"}"#)
        let waiting = try session.json("task", "get", second, "--workspace", workspace) as? [String: Any]
        #expect(waiting?["task_queue_friendly_name"] as? String == "VIP")
        #expect(try session.reservedWorkers(task: second, in: workspace, waitSeconds: 60) == ["Eli"])
        let escalated = try session.json("task", "get", second, "--workspace", workspace) as? [String: Any]
        #expect(escalated?["task_queue_friendly_name"] as? String == "Escalations")
        #expect(escalated?["priority"] as? Int == 100)
    }

    @Test func deskHoldsTwoChatsAndOneCall() throws {
        let session = try ServerSession()
        let workspace = try session.apply("chat-voice-desk.json")
        for channel in ["chat", "chat", "voice"] {
            let task = try session.createTask(in: workspace, attributes: "{}", channel: channel)
            #expect(try session.reservedWorkers(task: task, in: workspace) == ["Chris"])
        }
        let third = try session.createTask(in: workspace, attributes: "{}", channel: "chat")
        #expect(try session.reservedWorkers(task: third, in: workspace, waitSeconds: 0).isEmpty)
    }

    @Test func knownAgentFirstThenAnyone() throws {
        let session = try ServerSession()
        let workspace = try session.apply("known-agent.json")
        let known = try session.createTask(in: workspace, attributes: #"{"preferred_agent": "kim-01"}"#)
        // Reservations are listed in creation order, so Kim's offer comes
        // first even when a slow machine lets the 2-second step end and the
        // task is offered again before the list runs.
        #expect(try session.reservedWorkers(task: known, in: workspace).first == "Kim")
        // Canceling the task frees the worker it is offered to. With Kim
        // offline too, no later step depends on how fast the CLI runs.
        _ = try session.json("task", "update", known, "--workspace", workspace, "--status", "canceled")
        let kimRows = try session.json("worker", "list", "--workspace", workspace, "--name", "Kim") as? [[String: Any]] ?? []
        let kimSid = try #require(kimRows.first?["sid"] as? String)
        _ = try session.json("worker", "update", kimSid, "--workspace", workspace, "--activity-name", "Offline")
        // Lee and Kim are offline, so after the 2-second step the task falls back to Max.
        let fallback = try session.createTask(in: workspace, attributes: #"{"preferred_agent": "lee-02"}"#)
        #expect(try session.reservedWorkers(task: fallback, in: workspace) == ["Max"])
    }

    @Test func helplineRoutesPublishedWorkflow() throws {
        let session = try ServerSession()
        let workspace = try session.apply("helpline/helpline.json")
        let english = try session.createTask(in: workspace, attributes: #"{"to": "+15550100021", "language": "en-CA", "channelType": "voice"}"#)
        #expect(try session.reservedWorkers(task: english, in: workspace) == ["Maya"])
        let french = try session.createTask(in: workspace, attributes: #"{"to": "+15550100021", "language": "fr-CA", "channelType": "voice"}"#)
        #expect(try session.reservedWorkers(task: french, in: workspace) == ["Luc"])
        let chat = try session.createTask(in: workspace, attributes: #"{"channelType": "web", "language": "en-CA"}"#, channel: "chat")
        #expect(try session.reservedWorkers(task: chat, in: workspace) == ["Maya"])
    }

    @Test func invalidFileNamesPathAndExitsTwo() throws {
        let session = try ServerSession()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        try Data(#"{"friendly_name": "Bad", "task_queues": [{"friendly_name": "Q", "max_reserved_workers": 99}]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try session.run("apply", "-f", file.path)
        #expect(output.status == 2)
        #expect(output.standardError.contains("\(file.path): $.task_queues[0].max_reserved_workers: expected a whole number from 1 to 50"))
    }

    @Test func unknownQueueInWorkflowIsNamed() throws {
        let session = try ServerSession()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        try Data(#"{"friendly_name": "Bad", "workflows": [{"friendly_name": "W", "configuration": {"task_routing": {"default_filter": {"queue": "Nowhere"}}}}]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try session.run("apply", "-f", file.path)
        #expect(output.status == 2)
        #expect(output.standardError.contains("$.workflows[0].configuration.task_routing.default_filter.queue: no task queue named 'Nowhere'"))
    }

    @Test func includedFileWithoutEntriesIsNamed() throws {
        let session = try ServerSession()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("apply-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"document": {"task_queues": []}}"#.utf8).write(to: folder.appendingPathComponent("published.json"))
        let file = folder.appendingPathComponent("workspace.json")
        try Data(#"{"friendly_name": "Bad", "workers_file": "published.json"}"#.utf8).write(to: file)
        let output = try session.run("apply", "-f", file.path)
        #expect(output.status == 2)
        #expect(output.standardError.contains(#"published.json: $.document: no "workers" in the file that "workers_file" names"#))
    }

    @Test func includedFileByAbsolutePath() throws {
        let session = try ServerSession()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("apply-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let queues = folder.appendingPathComponent("queues.json")
        try Data(#"{"task_queues": [{"friendly_name": "Q"}]}"#.utf8).write(to: queues)
        let configuration = folder.appendingPathComponent("routing.json")
        try Data(#"{"task_routing": {"default_filter": {"queue": "Q"}}}"#.utf8).write(to: configuration)
        // The workspace file lives elsewhere, so only the absolute paths can find the two files.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("absolute-\(UUID().uuidString).json")
        try Data(#"{"friendly_name": "Absolute", "task_queues_file": "\#(queues.path)", "workflows": [{"friendly_name": "W", "configuration_file": "\#(configuration.path)"}]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let changes = try session.json("apply", "-f", file.path) as? [[String: Any]] ?? []
        #expect(changes.contains { $0["kind"] as? String == "task_queue" && $0["action"] as? String == "created" })
        #expect(changes.contains { $0["kind"] as? String == "workflow" && $0["action"] as? String == "created" })
    }

    @Test func fieldInBothSpellingsIsRejected() throws {
        let session = try ServerSession()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        try Data(#"{"friendly_name": "Bad", "task_queues": [{"friendly_name": "Q", "friendlyName": "Q"}]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try session.run("apply", "-f", file.path)
        #expect(output.status == 2)
        #expect(output.standardError.contains(#"$.task_queues[0].friendlyName: the field is also given as "friendly_name""#))
    }

    @Test func configurationStringIsParsed() throws {
        let session = try ServerSession()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("string-\(UUID().uuidString).json")
        let configuration = #"{\"task_routing\": {\"default_filter\": {\"queue\": \"Q\"}}}"#
        try Data(#"{"friendly_name": "Strings", "taskQueues": [{"friendlyName": "Q"}], "workflows": [{"friendlyName": "W", "configuration": "\#(configuration)"}]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let first = try session.json("apply", "-f", file.path) as? [[String: Any]] ?? []
        #expect(first.contains { $0["kind"] as? String == "workflow" && $0["action"] as? String == "created" })
        let second = try session.json("apply", "-f", file.path) as? [[String: Any]] ?? []
        #expect(second.allSatisfy { $0["action"] as? String == "unchanged" })
    }

    @Test func serverRejectionExitsOne() throws {
        let session = try ServerSession()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        // Only the server checks that worker names are unique ignoring case;
        // apply rejects an invalid expression itself, before any call.
        try Data(#"{"friendly_name": "Bad", "workers": [{"friendly_name": "Ada"}, {"friendly_name": "ada"}]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try session.run("apply", "-f", file.path)
        #expect(output.status == 1)
        #expect(output.standardError.contains("$.workers[1]: ALREADY_EXISTS"))
    }
}

@Suite struct ServerCommandTests {
    @Test func workspaceCreateListAndTable() throws {
        let session = try ServerSession()
        let created = try session.json("workspace", "create", "--name", "Desk") as? [String: Any]
        let sid = try #require(created?["sid"] as? String)
        let table = try session.run("workspace", "list")
        #expect(table.status == 0)
        let lines = table.standardOutput.split(separator: "\n")
        #expect(lines.first?.hasPrefix("SID") == true)
        #expect(lines.contains { $0.hasPrefix(sid) && $0.contains("Desk") })
    }

    @Test func reservationAcceptThenTaskComplete() throws {
        let session = try ServerSession()
        let workspace = try session.apply("known-agent.json")
        let task = try session.createTask(in: workspace, attributes: "{}")
        let reservations = try session.json("reservation", "list", "--workspace", workspace, "--task", task) as? [[String: Any]] ?? []
        let reservation = try #require(reservations.first?["sid"] as? String)
        let accepted = try session.json("reservation", "accept", reservation, "--workspace", workspace) as? [String: Any]
        #expect(accepted?["reservation_status"] as? String == "accepted")
        let completed = try session.json("task", "update", task, "--workspace", workspace, "--status", "completed") as? [String: Any]
        #expect(completed?["assignment_status"] as? String == "completed")
    }

    @Test func serverErrorExitsOne() throws {
        let session = try ServerSession()
        let output = try session.run("task", "get", "WT" + String(repeating: "0", count: 32), "--workspace", "WS" + String(repeating: "0", count: 32))
        #expect(output.status == 1)
        #expect(output.standardError.contains("NOT_FOUND"))
    }

    @Test func unreachableServerExitsOne() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-cli-credentials-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"account_sid": "AC00000000000000000000000000000000", "secret": "s"}"#.utf8).write(to: url)
        let path = url.path
        let output = try CommandRunner.run(["workspace", "list", "--server", "127.0.0.1:1", "--credentials", path])
        #expect(output.status == 1)
        #expect(output.standardError.contains("127.0.0.1:1"))
    }

    /// With two servers on one machine, a wrong secret usually means the other server's file.
    @Test func wrongCredentialsNameTheFileRead() throws {
        let session = try ServerSession()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-cli-credentials-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"account_sid": "AC00000000000000000000000000000000", "secret": "s"}"#.utf8).write(to: url)
        let output = try CommandRunner.run(["workspace", "list", "--server", session.server.address, "--credentials", url.path])
        #expect(output.status == 1)
        #expect(output.standardError.contains("UNAUTHENTICATED"))
        #expect(output.standardError.contains("credentials read from \(url.path)"))
        // The file came from --credentials, so the hint does not ask for that flag again.
        #expect(!output.standardError.contains("pass --credentials"))
        #expect(output.standardError.contains("contains the account's current secret"))
    }

    /// ALLOT_SERVER and ALLOT_CREDENTIALS stand in for the flags, and the flags win.
    @Test func environmentSelectsServerAndCredentials() throws {
        let session = try ServerSession()
        let environment = ["ALLOT_SERVER": session.server.address, "ALLOT_CREDENTIALS": session.server.credentialsPath]
        let listed = try CommandRunner.run(["workspace", "list"], environment: environment)
        #expect(listed.status == 0, "\(listed.standardError)")

        let overridden = try CommandRunner.run(["workspace", "list", "--server", "127.0.0.1:1"], environment: environment)
        #expect(overridden.status == 1)
        #expect(overridden.standardError.contains("127.0.0.1:1"))

        let invalid = try CommandRunner.run(["workspace", "list"], environment: ["ALLOT_SERVER": "localhost"])
        #expect(invalid.status == 2)
        #expect(invalid.standardError.contains("invalid ALLOT_SERVER 'localhost'"))

        // Failures name the variable a value came from, which is easy to forget.
        let unreachable = try CommandRunner.run(["workspace", "list"],
                                                environment: ["ALLOT_SERVER": "127.0.0.1:1", "ALLOT_CREDENTIALS": session.server.credentialsPath])
        #expect(unreachable.status == 1)
        #expect(unreachable.standardError.contains("(address from ALLOT_SERVER)"), "\(unreachable.standardError)")
        let missing = try CommandRunner.run(["workspace", "list"], environment: ["ALLOT_CREDENTIALS": "/nonexistent/nope.json"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("ALLOT_CREDENTIALS: "), "\(missing.standardError)")
    }

    @Test func missingCredentialsFileExitsTwoAndSaysWhereToFindOne() throws {
        let output = try CommandRunner.run(["workspace", "list", "--server", "127.0.0.1:1", "--credentials", "/nonexistent/nope.json"])
        #expect(output.status == 2)
        #expect(output.standardError.contains("the credentials file '/nonexistent/nope.json' does not exist"))
        #expect(output.standardError.contains("the credentials.json that allot-server writes into its data directory"))
        #expect(output.standardError.contains("--credentials"))
        // With an accounts file the server writes no credentials.json, so the message gives the file's form.
        #expect(output.standardError.contains("for an account of the server's accounts file"))
        #expect(output.standardError.contains(#"{"account_sid": "AC…", "secret": "…"}"#))
    }

    @Test func usageErrorExitsTwo() throws {
        let output = try CommandRunner.run(["task", "frobnicate", "--workspace", "WS1"])
        #expect(output.status == 2)
        #expect(output.standardError.contains("unknown action 'frobnicate'"))
        #expect(output.standardError.contains("unknown action 'frobnicate'"))
    }

    @Test func globalOptionsBeforeCommand() throws {
        let session = try ServerSession()
        let output = try CommandRunner.run(["--server", session.server.address, "--credentials", session.server.credentialsPath, "workspace", "list", "--json"])
        #expect(output.status == 0)
        #expect(output.standardOutput.hasPrefix("["))
    }

    @Test func everyCommandHasHelpWithExample() throws {
        for command in ["eval", "apply", "workspace", "task", "reservation"] {
            let output = try CommandRunner.run([command, "--help"])
            #expect(output.status == 0)
            #expect(output.standardOutput.contains("examples:"))
        }
    }
}

import AllotTestSupport
import Foundation
import Testing

/// Creates a workspace through `allot workspace create` and returns its SID.
private func createWorkspace(_ session: ServerSession, template: String = "none") throws -> String {
    let workspace = try session.json("workspace", "create", "--name", "Desk", "--template", template) as? [String: Any]
    guard let sid = workspace?["sid"] as? String else { throw TestFailure("workspace create returned no sid: \(String(describing: workspace))") }
    return sid
}

/// Writes `text` to a temporary file and returns its path.
private func temporaryFile(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-cli-\(UUID().uuidString).json")
    try Data(text.utf8).write(to: url)
    return url.path
}

/// Runs `allot … --json` and returns the printed object; fails unless it exits 0.
private func jsonObject(_ session: ServerSession, _ arguments: [String]) throws -> [String: Any] {
    let output = try CommandRunner.run(arguments + ["--json", "--server", session.server.address, "--credentials", session.server.credentialsPath])
    guard output.status == 0, let object = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any] else {
        throw TestFailure("allot \(arguments) failed: \(output.standardError)")
    }
    return object
}

@Suite struct ResourceCommandTests {
    @Test func activityCreateThenListTable() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session)
        let created = try session.run("activity", "create", "--workspace", ws, "--name", "Lunch", "--available", "false")
        #expect(created.status == 0)
        #expect(created.standardOutput.contains("friendly_name:"))
        let listed = try session.run("activity", "list", "--workspace", ws, "--available", "false")
        #expect(listed.status == 0)
        #expect(listed.standardOutput.hasPrefix("SID"))
        #expect(listed.standardOutput.contains("Lunch"))
        #expect(!listed.standardOutput.contains("Available "))
    }

    @Test func channelGetByUniqueName() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session)
        _ = try session.json("channel", "create", "--workspace", ws, "--name", "Fax", "--unique-name", "fax")
        let channel = try session.json("channel", "get", "fax", "--workspace", ws) as? [String: Any]
        #expect(channel?["unique_name"] as? String == "fax")
        #expect(channel?["friendly_name"] as? String == "Fax")
    }

    /// A multitasking workspace, the default, stores a queue's activities without applying them.
    @Test func queueActivitiesWarnWhenMultitasking() throws {
        let session = try ServerSession()
        let multi = try createWorkspace(session)
        let activities = try session.json("activity", "list", "--workspace", multi) as? [[String: Any]]
        let busy = try #require(activities?.first { $0["friendly_name"] as? String == "Unavailable" }?["sid"] as? String)
        let created = try session.run("queue", "create", "--workspace", multi, "--name", "Sales", "--assignment-activity", busy)
        #expect(created.status == 0)
        #expect(created.standardError.contains("warning: workspace \(multi) has multi_task_enabled true, so the queue's reservation"))
        let plain = try session.run("queue", "create", "--workspace", multi, "--name", "Plain")
        #expect(plain.status == 0)
        #expect(!plain.standardError.contains("warning"))

        let single = try #require((try session.json("workspace", "create", "--name", "Single", "--multi-task", "false") as? [String: Any])?["sid"] as? String)
        let singleActivities = try session.json("activity", "list", "--workspace", single) as? [[String: Any]]
        let singleBusy = try #require(singleActivities?.first { $0["friendly_name"] as? String == "Unavailable" }?["sid"] as? String)
        let singleCreated = try session.run("queue", "create", "--workspace", single, "--name", "Sales", "--reservation-activity", singleBusy)
        #expect(singleCreated.status == 0)
        #expect(!singleCreated.standardError.contains("warning"))
    }

    @Test func workerChannelCapacityUpdates() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session)
        let worker = try session.json("worker", "create", "--workspace", ws, "--name", "Ada", "--attributes", #"{"languages": ["en"]}"#) as? [String: Any]
        let wk = try #require(worker?["sid"] as? String)
        let updated = try session.json("worker", "channel", "update", wk, "chat", "--workspace", ws, "--capacity", "3") as? [String: Any]
        #expect(updated?["configured_capacity"] as? Int == 3)
        let table = try session.run("worker", "channel", "list", wk, "--workspace", ws)
        #expect(table.status == 0)
        let chatLine = table.standardOutput.split(separator: "\n").first { $0.contains(" chat ") }
        #expect(chatLine?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).first == "3")
    }

    @Test func channelCapacityWarnsWhenSingleTasking() throws {
        let session = try ServerSession()
        let single = try #require((try session.json("workspace", "create", "--name", "Single", "--multi-task", "false") as? [String: Any])?["sid"] as? String)
        let ada = try #require((try session.json("worker", "create", "--workspace", single, "--name", "Ada") as? [String: Any])?["sid"] as? String)
        let capacity = try session.run("worker", "channel", "update", ada, "chat", "--workspace", single, "--capacity", "3")
        #expect(capacity.status == 0)
        #expect(capacity.standardError.contains("warning: workspace \(single) has multi_task_enabled false, so channel capacities are stored but not used"))
        let availability = try session.run("worker", "channel", "update", ada, "chat", "--workspace", single, "--available", "false")
        #expect(availability.status == 0)
        #expect(!availability.standardError.contains("warning"))

        let multi = try createWorkspace(session)
        let bea = try #require((try session.json("worker", "create", "--workspace", multi, "--name", "Bea") as? [String: Any])?["sid"] as? String)
        let multiCapacity = try session.run("worker", "channel", "update", bea, "chat", "--workspace", multi, "--capacity", "3")
        #expect(multiCapacity.status == 0)
        #expect(!multiCapacity.standardError.contains("warning"))
    }

    @Test func workerListFiltersByExpression() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session)
        _ = try session.json("worker", "create", "--workspace", ws, "--name", "Ada", "--attributes", #"{"languages": ["en"]}"#)
        _ = try session.json("worker", "create", "--workspace", ws, "--name", "Bea", "--attributes", #"{"languages": ["fr"]}"#)
        let workers = try session.json("worker", "list", "--workspace", ws, "--target-workers-expression", #"languages HAS "fr""#) as? [[String: Any]] ?? []
        #expect(workers.map { $0["friendly_name"] as? String } == ["Bea"])
    }

    @Test func queueListEvaluatesAttributes() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session)
        _ = try session.json("queue", "create", "--workspace", ws, "--name", "English", "--target-workers", #"languages HAS "en""#)
        _ = try session.json("queue", "create", "--workspace", ws, "--name", "French", "--target-workers", #"languages HAS "fr""#)
        let queues = try session.json("queue", "list", "--workspace", ws, "--evaluate-worker-attributes", #"{"languages": ["fr"]}"#) as? [[String: Any]] ?? []
        #expect(queues.map { $0["friendly_name"] as? String } == ["French"])
    }

    @Test func workflowCreateReadsConfigurationFile() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session)
        let queue = try session.json("queue", "create", "--workspace", ws, "--name", "All") as? [String: Any]
        let wq = try #require(queue?["sid"] as? String)
        let path = try temporaryFile(#"{"task_routing": {"default_filter": {"queue": "\#(wq)"}}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let created = try session.run("workflow", "create", "--workspace", ws, "--name", "Main", "--configuration", "@" + path)
        #expect(created.status == 0)
        let listed = try session.run("workflow", "list", "--workspace", ws)
        #expect(listed.standardOutput.contains("Main"))
        #expect(listed.standardOutput.contains("120"))
    }

    @Test func workflowCreateResolvesQueueNames() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session)
        let tier1 = try #require((try session.json("queue", "create", "--workspace", ws, "--name", "Tier1") as? [String: Any])?["sid"] as? String)
        let tier2 = try #require((try session.json("queue", "create", "--workspace", ws, "--name", "Tier2") as? [String: Any])?["sid"] as? String)
        let path = try temporaryFile(#"""
            {"task_routing": {"filters": [{"expression": "vip == true", "targets": [{"queue": "Tier2"}]}], "default_filter": {"queue": "Tier1"}}}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let created = try jsonObject(session, ["workflow", "create", "--workspace", ws, "--name", "Main", "--configuration", "@" + path])
        let configuration = try #require(created["configuration"] as? String)
        #expect(configuration.contains(tier1))
        #expect(configuration.contains(tier2))
        #expect(!configuration.contains("Tier1"))

        let ww = try #require(created["sid"] as? String)
        let updated = try jsonObject(session, ["workflow", "update", ww, "--workspace", ws, "--configuration", #"{"task_routing": {"default_filter": {"queue": "Tier2"}}}"#])
        #expect((updated["configuration"] as? String)?.contains(tier2) == true)

        let unknown = try session.run("workflow", "create", "--workspace", ws, "--name", "Other", "--configuration", #"{"task_routing": {"default_filter": {"queue": "tier1"}}}"#)
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("$.task_routing.default_filter.queue: no task queue named 'tier1'; did you mean 'Tier1'?"))
        let workflows = try session.json("workflow", "list", "--workspace", ws) as? [[String: Any]] ?? []
        #expect(workflows.count == 1)
    }

    @Test func workflowCreateChecksExpressionsFirst() throws {
        // Port 1 has no server, so the error can only come from the local check.
        let output = try CommandRunner.run(["workflow", "create", "--workspace", "WS" + String(repeating: "0", count: 32), "--name", "Main",
                                            "--configuration", #"{"task_routing": {"filters": [{"expression": "vip ==", "targets": [{"queue": "Tier1"}]}]}}"#,
                                            "--server", "127.0.0.1:1"])
        #expect(output.status == 2)
        #expect(output.standardError.contains("--configuration: $.task_routing.filters[0].expression: invalid expression 'vip =='"))
    }

    @Test func taskListFilters() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session, template: "fifo")
        let low = try session.json("task", "create", "--workspace", ws, "--attributes", #"{"language": "en"}"#, "--priority", "1") as? [String: Any]
        let high = try session.json("task", "create", "--workspace", ws, "--attributes", #"{"language": "fr"}"#, "--priority", "5") as? [String: Any]
        let lowSID = try #require(low?["sid"] as? String)
        let highSID = try #require(high?["sid"] as? String)
        let queueName = try #require(high?["task_queue_friendly_name"] as? String)

        func sids(_ filters: String...) throws -> [String] {
            let arguments = ["task", "list", "--workspace", ws] + filters
            let tasks = try CommandRunner.run(arguments + ["--json", "--server", session.server.address, "--credentials", session.server.credentialsPath])
            #expect(tasks.status == 0, "\(filters): \(tasks.standardError)")
            let list = try JSONSerialization.jsonObject(with: Data(tasks.standardOutput.utf8)) as? [[String: Any]] ?? []
            return list.compactMap { $0["sid"] as? String }
        }
        #expect(try sids("--priority", "5") == [highSID])
        #expect(try sids("--evaluate-task-attributes", #"language == "en""#) == [lowSID])
        #expect(try sids("--status", "pending,reserved") == [lowSID, highSID])
        #expect(try sids("--status", "completed").isEmpty)
        #expect(try sids("--task-queue-name", queueName, "--ordering", "Priority:desc") == [highSID, lowSID])
    }

    @Test func taskDeleteChecksVersion() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session, template: "fifo")
        let task = try session.json("task", "create", "--workspace", ws) as? [String: Any]
        let sid = try #require(task?["sid"] as? String)
        let version = try #require(task?["version"] as? Int)
        let stale = try session.run("task", "delete", sid, "--workspace", ws, "--if-match-version", String(version + 1))
        #expect(stale.status == 1)
        #expect(stale.standardError.contains("FAILED_PRECONDITION"))
        let deleted = try session.run("task", "delete", sid, "--workspace", ws, "--if-match-version", String(version))
        #expect(deleted.status == 0)
    }

    @Test func reservationListFiltersByStatusAndWorker() throws {
        let session = try ServerSession()
        let ws = try session.apply("known-agent.json")
        let task = try session.createTask(in: ws, attributes: "{}")
        let pending = try session.json("reservation", "list", "--workspace", ws, "--task", task, "--status", "pending") as? [[String: Any]] ?? []
        let worker = try #require(pending.first?["worker_sid"] as? String)
        #expect(pending.count == 1)
        let accepted = try session.json("reservation", "list", "--workspace", ws, "--task", task, "--status", "accepted") as? [[String: Any]] ?? []
        #expect(accepted.isEmpty)
        let both = try session.json("reservation", "list", "--workspace", ws, "--task", task, "--worker", worker) as? [[String: Any]] ?? []
        #expect(both.map { $0["sid"] as? String } == pending.map { $0["sid"] as? String })
    }

    @Test func taskWithoutWorkflowNamesTheOptions() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session, template: "fifo")
        let queues = try session.json("queue", "list", "--workspace", ws) as? [[String: Any]] ?? []
        let queue = try #require(queues.first?["friendly_name"] as? String)
        let document = #"{"task_routing": {"default_filter": {"queue": "\#(queue)"}}}"#
        _ = try session.json("workflow", "create", "--workspace", ws, "--name", "Second", "--configuration", document)

        let output = try session.run("task", "create", "--workspace", ws)
        #expect(output.status == 1)
        #expect(output.standardError.contains("2 workflows"), "\(output.standardError)")
        #expect(output.standardError.contains("--workflow-name"))
    }

    @Test func reservationRejectTakesActivityName() throws {
        let session = try ServerSession()
        let ws = try session.apply("known-agent.json")
        let task = try session.createTask(in: ws, attributes: "{}")
        let pending = try session.json("reservation", "list", "--workspace", ws, "--task", task, "--status", "pending") as? [[String: Any]] ?? []
        let reservation = try #require(pending.first?["sid"] as? String)
        let worker = try #require(pending.first?["worker_sid"] as? String)

        let both = try session.run("reservation", "reject", reservation, "--workspace", ws, "--activity-name", "Offline",
                                   "--activity", "WA" + String(repeating: "0", count: 32))
        #expect(both.status == 2)
        #expect(both.standardError.contains("--activity-name"))
        let rejected = try session.run("reservation", "reject", reservation, "--workspace", ws, "--activity-name", "Offline")
        #expect(rejected.status == 0, "\(rejected.standardError)")
        let after = try session.json("worker", "get", worker, "--workspace", ws) as? [String: Any]
        #expect(after?["activity_name"] as? String == "Offline")
    }

    @Test func eventsListFiltersByTask() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session, template: "fifo")
        let task = try session.createTask(in: ws, attributes: "{}")
        _ = try session.createTask(in: ws, attributes: "{}")
        let events = try session.json("events", "--workspace", ws, "--task", task) as? [[String: Any]] ?? []
        #expect(events.contains { $0["event_type"] as? String == "task.created" })
        #expect(events.allSatisfy { $0["task_sid"] as? String == task })
    }

    @Test func workspaceUpdateSetsActivitiesAndOrder() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session)
        let activities = try session.json("activity", "list", "--workspace", ws, "--name", "Unavailable") as? [[String: Any]] ?? []
        let unavailable = try #require(activities.first?["sid"] as? String)
        let updated = try session.json("workspace", "update", ws, "--default-activity", unavailable, "--timeout-activity", unavailable,
                                       "--prioritize-queue-order", "lifo") as? [String: Any]
        #expect(updated?["default_activity_sid"] as? String == unavailable)
        #expect(updated?["timeout_activity_sid"] as? String == unavailable)
        #expect(updated?["prioritize_queue_order"] as? String == "lifo")
    }

    @Test func everyResourceCreateGetUpdateDelete() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session)
        let queue = try session.json("queue", "create", "--workspace", ws, "--name", "All") as? [String: Any]
        let wq = try #require(queue?["sid"] as? String)
        let configuration = #"{"task_routing": {"default_filter": {"queue": "\#(wq)"}}}"#
        // Each row: the command, its create options, and an update option with the value expected back.
        let cases: [(command: String, create: [String], update: [String], field: String, value: String)] = [
            ("activity", ["--name", "Lunch"], ["--name", "Break"], "friendly_name", "Break"),
            ("channel", ["--name", "Fax", "--unique-name", "fax"], ["--name", "Telefax"], "friendly_name", "Telefax"),
            ("worker", ["--name", "Ada"], ["--attributes", #"{"level": 2}"#], "attributes", #"{"level":2}"#),
            ("queue", ["--name", "English"], ["--target-workers", #"languages HAS "en""#], "target_workers", #"languages HAS "en""#),
            ("workflow", ["--name", "Main", "--configuration", configuration], ["--name", "Primary"], "friendly_name", "Primary"),
        ]
        for item in cases {
            let created = try jsonObject(session, [item.command, "create", "--workspace", ws] + item.create)
            let sid = try #require(created["sid"] as? String, "\(item.command) create")
            let table = try session.run(item.command, "get", sid, "--workspace", ws)
            #expect(table.status == 0, "\(item.command) get")
            #expect(table.standardOutput.contains("sid:"), "\(item.command) get prints field lines")
            #expect(table.standardOutput.contains(sid), "\(item.command) get")
            let updated = try jsonObject(session, [item.command, "update", sid, "--workspace", ws] + item.update)
            // Attributes print as a JSON object, compared here as compact JSON text.
            let field = updated[item.field]
            let text = field as? String ?? field.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
                .map { String(decoding: $0, as: UTF8.self) }
            #expect(text == item.value, "\(item.command) update")
            let listed = try session.run(item.command, "list", "--workspace", ws)
            #expect(listed.status == 0, "\(item.command) list")
            #expect(listed.standardOutput.hasPrefix("SID"), "\(item.command) list prints a table")
            #expect(listed.standardOutput.contains(sid), "\(item.command) list")
            let deleted = try session.run(item.command, "delete", sid, "--workspace", ws)
            #expect(deleted.status == 0, "\(item.command) delete")
            let missing = try session.run(item.command, "get", sid, "--workspace", ws)
            #expect(missing.status == 1, "\(item.command) get after delete")
        }
        let workspaceDeleted = try session.run("workspace", "delete", ws)
        #expect(workspaceDeleted.status == 0)
        #expect(try session.run("workspace", "get", ws).status == 1)
    }

    @Test func reservationRejectReturnsWorker() throws {
        let session = try ServerSession()
        let ws = try session.apply("known-agent.json")
        let task = try session.createTask(in: ws, attributes: "{}")
        let offers = try session.json("reservation", "list", "--workspace", ws, "--task", task, "--status", "pending") as? [[String: Any]] ?? []
        let offer = try #require(offers.first?["sid"] as? String)
        let rejected = try session.run("reservation", "reject", offer, "--workspace", ws)
        #expect(rejected.status == 0)
        #expect(rejected.standardOutput.contains("rejected"))
        let again = try session.run("reservation", "accept", offer, "--workspace", ws)
        #expect(again.status == 1)
        #expect(again.standardError.contains("FAILED_PRECONDITION"))
    }

    @Test func unknownSIDExitsOne() throws {
        let session = try ServerSession()
        let ws = try createWorkspace(session)
        let output = try session.run("queue", "get", "WQ00000000000000000000000000000000", "--workspace", ws)
        #expect(output.status == 1)
        #expect(output.standardError.contains("NOT_FOUND"))
    }

    @Test func usageErrorsExitTwo() throws {
        let session = try ServerSession()
        // Well-formed SIDs, so that each case fails for its own reason rather than the SID form.
        let (ws, wk, wt) = ("WS" + String(repeating: "1", count: 32), "WK" + String(repeating: "1", count: 32), "WT" + String(repeating: "1", count: 32))
        let cases: [[String]] = [
            ["activity", "get", "--workspace", ws],
            ["worker", "list"],
            ["worker", "channel", "update", wk, "chat", "--workspace", ws],
            ["queue", "create", "--workspace", ws, "--name", "Q", "--task-order", "random"],
            ["channel", "create", "--workspace", ws, "--name", "Fax", "--unique-name", "fax", "--optimized-routing", "yes"],
            ["workflow", "create", "--workspace", ws, "--name", "Main"],
            ["events", "--workspace", ws, "--after", "-1"],
            ["stats", "workspace", ws, "--workspace", ws],
            ["stats", "queue", "--workspace", ws],
            ["events", "--workspace", ws, "--follow", "--start", "2024-05-15T09:00:00Z"],
            ["events", "--workspace", ws, "--minutes", "5", "--start", "2024-05-15T09:00:00Z"],
            ["task", "list", "--workspace", ws, "--status", "pending,lost"],
            ["reservation", "list", "--workspace", ws],
            ["reservation", "list", "--workspace", ws, "--task", wt, "--status", "maybe"],
            ["workspace", "update", ws, "--prioritize-queue-order", "random"],
        ]
        for arguments in cases {
            let output = try CommandRunner.run(arguments + ["--server", session.server.address, "--credentials", session.server.credentialsPath])
            #expect(output.status == 2, "allot \(arguments.joined(separator: " ")): \(output.standardError)")
        }
    }

    @Test func everyCommandPrintsHelpWithExample() throws {
        // The command list of `allot --help`: two-space indent, the name, then the summary.
        let overview = try CommandRunner.run(["--help"])
        let commandSection = overview.standardOutput.components(separatedBy: "commands:\n").last ?? ""
        let commands = commandSection.split(separator: "\n").prefix { $0.hasPrefix("  ") }.compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(commands.count >= 12)
        for command in commands {
            let output = try CommandRunner.run([command, "--help"])
            #expect(output.status == 0)
            #expect(output.standardOutput.contains("examples:\n  allot \(command)"), "allot \(command) --help")
        }
    }
}

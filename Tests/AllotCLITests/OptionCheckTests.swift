import Foundation
import Testing

/// Returns a well-formed SID with `prefix` that names nothing.
private func unknownSID(_ prefix: String) -> String {
    prefix + String(repeating: "0", count: 32)
}

@Suite struct OptionCheckTests {
    @Test func workerUpdateRejectsListOnlyOptions() throws {
        let session = try ServerSession()
        let ws = try session.apply("contact-centre.json")
        let ana = try #require((try session.json("worker", "list", "--workspace", ws, "--name", "Ana") as? [[String: Any]])?.first)
        let wk = try #require(ana["sid"] as? String)

        let available = try session.run("worker", "update", wk, "--workspace", ws, "--available", "true")
        #expect(available.status == 2)
        #expect(available.standardError.contains("--available does not apply to 'allot worker update'"))
        #expect(available.standardError.contains("'allot worker list' and 'allot worker channel update'"))
        let target = try session.run("worker", "update", wk, "--workspace", ws, "--target-workers-expression", "1==1")
        #expect(target.status == 2)
        #expect(target.standardError.contains("only 'allot worker list' takes it"))

        let after = try session.json("worker", "get", wk, "--workspace", ws) as? [String: Any]
        #expect(after?["version"] as? Int == ana["version"] as? Int)
    }

    @Test func workerUpdateResolvesActivityName() throws {
        let session = try ServerSession()
        let ws = try session.apply("contact-centre.json")
        let eli = try #require((try session.json("worker", "list", "--workspace", ws, "--name", "Eli") as? [[String: Any]])?.first)
        let wk = try #require(eli["sid"] as? String)
        #expect(eli["activity_name"] as? String == "Break")

        let updated = try session.json("worker", "update", wk, "--workspace", ws, "--activity-name", "Available") as? [String: Any]
        #expect(updated?["activity_name"] as? String == "Available")
        #expect(updated?["available"] as? Bool == true)

        let missing = try session.run("worker", "update", wk, "--workspace", ws, "--activity-name", "Lunch")
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("has no activity named 'Lunch'"))
        let both = try session.run("worker", "update", wk, "--workspace", ws, "--activity-name", "Available", "--activity", unknownSID("WA"))
        #expect(both.status == 2)
        #expect(both.standardError.contains("pass one of them"))
    }

    @Test func everyCommandRejectsOtherActionsOptions() throws {
        let (ws, wq, wt, wr) = (unknownSID("WS"), unknownSID("WQ"), unknownSID("WT"), unknownSID("WR"))
        let cases: [(arguments: [String], option: String)] = [
            (["activity", "update", unknownSID("WA"), "--workspace", ws, "--available", "false"], "--available"),
            (["channel", "list", "--workspace", ws, "--optimized-routing", "true"], "--optimized-routing"),
            (["queue", "get", wq, "--workspace", ws, "--target-workers", "1==1"], "--target-workers"),
            (["workflow", "list", "--workspace", ws, "--configuration", "{}"], "--configuration"),
            (["task", "get", wt, "--workspace", ws, "--priority", "3"], "--priority"),
            (["task", "create", "--workspace", ws, "--reason", "none"], "--reason"),
            (["workspace", "get", ws, "--template", "fifo"], "--template"),
            (["reservation", "accept", wr, "--workspace", ws, "--activity", unknownSID("WA")], "--activity"),
            (["reservation", "get", wr, "--workspace", ws, "--task", wt], "--task"),
            (["stats", "workers", "--workspace", ws, "--cumulative", "--split-by-wait-time", "30"], "--split-by-wait-time"),
        ]
        for (arguments, option) in cases {
            // The server address is never reached: the check runs before any call.
            let output = try CommandRunner.run(arguments + ["--server", "127.0.0.1:1"])
            #expect(output.status == 2, "allot \(arguments.joined(separator: " "))")
            #expect(output.standardError.contains("\(option) does not apply to 'allot \(arguments[0]) \(arguments[1])'"), "\(output.standardError)")
        }
    }

    @Test func statsWindowNeedsCumulative() throws {
        let output = try CommandRunner.run(["stats", "workspace", "--workspace", unknownSID("WS"), "--minutes", "5", "--server", "127.0.0.1:1"])
        #expect(output.status == 2)
        #expect(output.standardError.contains("--minutes applies to cumulative statistics only; add --cumulative"))
    }

    @Test func nameGivenForSIDPointsToNameOption() throws {
        let ws = unknownSID("WS")
        let activity = try CommandRunner.run(["worker", "update", unknownSID("WK"), "--workspace", ws, "--activity", "Available", "--server", "127.0.0.1:1"])
        #expect(activity.status == 2)
        #expect(activity.standardError.contains("--activity 'Available' is not an activity SID: expected WA followed by 32 hex digits"))
        #expect(activity.standardError.contains("pass --activity-name 'Available' instead"))
        #expect(activity.standardError.contains("'allot activity list --workspace WS…'"))

        let queue = try CommandRunner.run(["task", "list", "--workspace", ws, "--task-queue-sid", "English support", "--server", "127.0.0.1:1"])
        #expect(queue.status == 2)
        #expect(queue.standardError.contains("pass --task-queue-name 'English support' instead"))
        let workflow = try CommandRunner.run(["task", "create", "--workspace", ws, "--workflow", "Inbound", "--server", "127.0.0.1:1"])
        #expect(workflow.status == 2)
        #expect(workflow.standardError.contains("--workflow 'Inbound' is not a workflow SID"))
        #expect(workflow.standardError.contains("pass --workflow-name 'Inbound' instead"))
        // task create has no --task-queue-name, so the message suggests only the list command.
        let createQueue = try CommandRunner.run(["task", "create", "--workspace", ws, "--task-queue-sid", "English support", "--server", "127.0.0.1:1"])
        #expect(createQueue.status == 2)
        #expect(createQueue.standardError.contains("--task-queue-sid 'English support' is not a task queue SID"))
        #expect(!createQueue.standardError.contains("--task-queue-name"))
        #expect(createQueue.standardError.contains("'allot queue list --workspace WS…'"))

        let workspace = try CommandRunner.run(["worker", "list", "--workspace", "Contact centre", "--server", "127.0.0.1:1"])
        #expect(workspace.status == 2)
        #expect(workspace.standardError.contains("run 'allot workspace list' for the SIDs"))
        let wrongKind = try CommandRunner.run(["worker", "update", unknownSID("WK"), "--workspace", ws, "--activity", unknownSID("WQ"), "--server", "127.0.0.1:1"])
        #expect(wrongKind.standardError.contains("is a task queue SID; expected an activity SID"))
        let operand = try CommandRunner.run(["worker", "get", "Ana", "--workspace", ws, "--server", "127.0.0.1:1"])
        #expect(operand.status == 2)
        #expect(operand.standardError.contains("operand 'Ana' is not a worker SID"))
    }

    @Test func shortOptionMessagesUseOneDash() throws {
        let missing = try CommandRunner.run(["apply", "--server", "127.0.0.1:1"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("-f is required"))
        #expect(!missing.standardError.contains("--f"))
        let operand = try CommandRunner.run(["apply", "examples/contact-centre.json", "--server", "127.0.0.1:1"])
        #expect(operand.status == 2)
        #expect(operand.standardError.contains("pass the workspace file with -f, as in 'allot apply -f examples/contact-centre.json'"))
        let twice = try CommandRunner.run(["apply", "-f", "a.json", "-f", "b.json"])
        #expect(twice.standardError.contains("option -f is given more than once"))
        let noValue = try CommandRunner.run(["apply", "-f"])
        #expect(noValue.standardError.contains("option -f needs a value (-f FILE)"))
    }

    @Test func taskUpdateListsSettableStatuses() throws {
        let output = try CommandRunner.run(["task", "update", unknownSID("WT"), "--workspace", unknownSID("WS"), "--status", "done", "--server", "127.0.0.1:1"])
        #expect(output.status == 2)
        #expect(output.standardError.contains("expected canceled, wrapping or completed"))
        #expect(!output.standardError.contains("pending"))
    }

    @Test func missingSIDSuggestsEmptyVariable() throws {
        // `allot reservation accept $reservation --workspace WS…` with an empty $reservation.
        let accept = try CommandRunner.run(["reservation", "accept", "--workspace", unknownSID("WS"), "--server", "127.0.0.1:1"])
        #expect(accept.status == 2)
        #expect(accept.standardError.contains("the SID is missing"))
        #expect(accept.standardError.contains("shell variable such as $reservation, it was empty"))
        let channel = try CommandRunner.run(["worker", "channel", "update", "--workspace", unknownSID("WS"), "--capacity", "2", "--server", "127.0.0.1:1"])
        #expect(channel.status == 2)
        #expect(channel.standardError.contains("it was empty"))
        // `--workspace $ws --sid-only` with an empty $ws.
        let workspace = try CommandRunner.run(["task", "create", "--workspace", "--sid-only", "--server", "127.0.0.1:1"])
        #expect(workspace.status == 2)
        #expect(workspace.standardError.contains("--workspace has no value: it took the next option '--sid-only'"))
    }

    @Test func queueExpressionFailsWithoutServer() throws {
        for action in [["create", "--name", "English"], ["update", unknownSID("WQ")]] {
            let output = try CommandRunner.run(["queue"] + action + ["--workspace", unknownSID("WS"),
                                                "--target-workers", #"languages HAS "en"#, "--server", "127.0.0.1:1"])
            #expect(output.status == 2, "\(action): \(output.standardError)")
            #expect(output.standardError.contains("--target-workers: invalid expression: column 15: unterminated string"),
                    "\(output.standardError)")
            #expect(output.standardError.contains(#"  languages HAS "en"#), "\(output.standardError)")
            #expect(output.standardError.contains("                ^"), "\(output.standardError)")
        }
    }

    @Test func eventTypeListIsRejected() throws {
        let listed = try CommandRunner.run(["events", "--workspace", unknownSID("WS"), "--type", "reservation.timeout,worker.activity.update",
                                            "--server", "127.0.0.1:1"])
        #expect(listed.status == 2)
        #expect(listed.standardError.contains("--type takes one event type, not a list: 'reservation.timeout,worker.activity.update'"),
                "\(listed.standardError)")
        #expect(!listed.standardError.contains("expected one of"), "\(listed.standardError)")
    }

    @Test func unknownEventTypeSuggestsNearest() throws {
        let misspelt = try CommandRunner.run(["events", "--workspace", unknownSID("WS"), "--type", "task.create", "--server", "127.0.0.1:1"])
        #expect(misspelt.status == 2)
        #expect(misspelt.standardError.contains("unknown --type 'task.create'; did you mean 'task.created'?"))
        let unrelated = try CommandRunner.run(["events", "--workspace", unknownSID("WS"), "--type", "lunch", "--server", "127.0.0.1:1"])
        #expect(unrelated.status == 2)
        #expect(unrelated.standardError.contains("expected one of activity.created"))
        #expect(unrelated.standardError.contains("workspace.deleted"))
    }

    @Test func friendlyNamesResolveWithSuggestions() throws {
        let session = try ServerSession()
        let ws = try session.apply("contact-centre.json")
        let workflows = try session.json("workflow", "list", "--workspace", ws) as? [[String: Any]] ?? []
        let inbound = try #require(workflows.first { $0["friendly_name"] as? String == "Inbound" }?["sid"] as? String)

        let task = try session.json("task", "create", "--workspace", ws, "--attributes", #"{"language": "en"}"#, "--workflow-name", "Inbound") as? [String: Any]
        #expect(task?["workflow_sid"] as? String == inbound)
        let wrongCase = try session.run("task", "create", "--workspace", ws, "--workflow-name", "inbound")
        #expect(wrongCase.status == 2)
        #expect(wrongCase.standardError.contains("has no workflow named 'inbound' (--workflow-name); did you mean 'Inbound'?"))
        let unknown = try session.run("task", "create", "--workspace", ws, "--workflow-name", "Outbound")
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("existing names: 'Inbound'"))

        let queues = try session.json("queue", "list", "--workspace", ws) as? [[String: Any]] ?? []
        let english = try #require(queues.first { $0["friendly_name"] as? String == "English support" }?["sid"] as? String)
        let statistics = try session.json("stats", "queue", "--workspace", ws, "--name", "English support") as? [String: Any]
        #expect(statistics?["task_queue_sid"] as? String == english)
        let operand = try session.run("stats", "queue", "English support", "--workspace", ws)
        #expect(operand.status == 2)
        #expect(operand.standardError.contains("pass --name 'English support'"))
        let lowerCase = try session.run("stats", "queue", "--workspace", ws, "--name", "english support")
        #expect(lowerCase.status == 2)
        #expect(lowerCase.standardError.contains("did you mean 'English support'?"))

        let ana = try #require((try session.json("worker", "list", "--workspace", ws, "--name", "Ana") as? [[String: Any]])?.first?["sid"] as? String)
        let activity = try session.run("worker", "update", ana, "--workspace", ws, "--activity-name", "available")
        #expect(activity.status == 2)
        #expect(activity.standardError.contains("did you mean 'Available'?"))
    }
}

import Foundation
import Testing

/// Writes `text` to a temporary workspace file and returns its path.
private func workspaceFile(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-apply-\(UUID().uuidString).json")
    try Data(text.utf8).write(to: url)
    return url.path
}

@Suite struct ApplyValidationTests {
    @Test func brokenReferenceChangesNothing() throws {
        let session = try ServerSession()
        let cases: [(file: String, message: String)] = [
            (#"{"friendly_name": "Desk", "workflows": [{"friendly_name": "Main", "configuration": {"task_routing": {"default_filter": {"queue": "Nowhere"}}}}]}"#,
             "no task queue named 'Nowhere'; the file defines no task queues"),
            (#"{"friendly_name": "Desk", "task_queues": [{"friendly_name": "Q"}], "workers": [{"friendly_name": "Ada", "activity": "Lunch"}]}"#,
             "no activity named 'Lunch'"),
            (#"{"friendly_name": "Desk", "workers": [{"friendly_name": "Ada", "channels": {"fax": {"capacity": 2}}}]}"#,
             "no task channel with unique name 'fax'"),
            (#"{"friendly_name": "Desk", "task_queues": [{"friendly_name": "Q", "assignment_activity": "On call"}]}"#,
             "no activity named 'On call'"),
        ]
        for (text, message) in cases {
            let path = try workspaceFile(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let output = try session.run("apply", "-f", path)
            #expect(output.status == 2, "\(text)")
            #expect(output.standardError.contains(message), "\(output.standardError)")
        }
        let workspaces = try session.json("workspace", "list") as? [[String: Any]] ?? []
        #expect(workspaces.isEmpty)
    }

    /// An entry that fails on one field still has its expressions checked, so that one run
    /// lists every problem.
    @Test func brokenEntriesStillHaveExpressionsChecked() throws {
        let path = try workspaceFile(#"""
            {"friendly_name": "Desk",
             "task_queues": [{"friendly_name": "Q", "target_workers": "skills HAS 'vip", "task_order": "random"}],
             "workflows": [{"friendly_name": "W", "task_reservation_timeout": "abc",
                            "configuration": {"task_routing": {"filters": [{"expression": "priority >", "targets": [{"queue": "Q"}]}]}}}]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try CommandRunner.run(["apply", "-f", path, "--server", "127.0.0.1:1", "--credentials", "/dev/null"])
        #expect(output.status == 2)
        #expect(output.standardError.contains("4 problems"), "\(output.standardError)")
        #expect(output.standardError.contains("$.task_queues[0].task_order"))
        #expect(output.standardError.contains("$.task_queues[0].target_workers: invalid expression"))
        #expect(output.standardError.contains("$.workflows[0].task_reservation_timeout"))
        #expect(output.standardError.contains("filters[0].expression: invalid expression 'priority >'"))
    }

    /// A misspelt key in a routing document is found before any call, with the key it
    /// probably meant, so that nothing is half built.
    @Test func misspeltRoutingKeysFailWithoutServer() throws {
        let path = try workspaceFile(#"""
            {"friendly_name": "Desk", "task_queues": [{"friendly_name": "Q"}],
             "workflows": [{"friendly_name": "W", "configuration": {"task_routing": {
               "filters": [{"expresion": "1==1", "targets": [{"queue": "Q", "timout": 30}]}],
               "defualt_filter": {"queue": "Q"}}}}]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try CommandRunner.run(["apply", "-f", path, "--server", "127.0.0.1:1", "--credentials", "/dev/null"])
        #expect(output.status == 2)
        #expect(output.standardError.contains("3 problems"), "\(output.standardError)")
        #expect(output.standardError.contains("$.workflows[0].configuration.task_routing: task_routing has the unknown key 'defualt_filter'; did you mean 'default_filter'?"))
        #expect(output.standardError.contains("task_routing.filters[0]: the filter has the unknown key 'expresion'; did you mean 'expression'?"))
        #expect(output.standardError.contains("filters[0].targets[0]: the target has the unknown key 'timout'; did you mean 'timeout'?"))
    }

    @Test func queueReferenceListsKnownQueues() throws {
        let session = try ServerSession()
        let path = try workspaceFile(#"""
            {"friendly_name": "Desk", "task_queues": [{"friendly_name": "Billing"}],
             "workflows": [{"friendly_name": "Main", "configuration": {"task_routing": {"default_filter": {"queue": "Sales"}}}}]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try session.run("apply", "-f", path)
        #expect(output.status == 2)
        #expect(output.standardError.contains("no task queue named 'Sales'; add the queue to \"task_queues\" or use one of: 'Billing'"))
    }

    @Test func placeholderQueueNamesBothSubstitutionMaps() throws {
        let session = try ServerSession()
        let path = try workspaceFile(#"""
            {"friendly_name": "Desk", "task_queues": [{"friendly_name": "Billing"}],
             "workflows": [{"friendly_name": "Main", "configuration": {"task_routing": {"default_filter": {"queue": "${task_queues.billing}"}}}}]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try session.run("apply", "-f", path)
        #expect(output.status == 2)
        #expect(output.standardError.contains(#"no task queue named '${task_queues.billing}'; add "${task_queues.billing}" to "substitutions""#),
                "\(output.standardError)")
        #expect(output.standardError.contains("at the top of the workspace file for every workflow or in this workflow's entry"),
                "\(output.standardError)")
        #expect(output.standardError.contains(#"with a queue under the key "billing""#), "\(output.standardError)")
    }

    /// Deployment templates name a queue of TaskRouter's keyed map as `${task_queues.KEY}`,
    /// which the map resolves without a substitution, and a substitution still wins.
    @Test func keyedQueueResolvesPlaceholder() throws {
        let session = try ServerSession()
        let path = try workspaceFile(#"""
            {"friendly_name": "Desk",
             "task_queues": {"billing": {"friendly_name": "Billing"}, "sales": {"friendly_name": "Sales"}},
             "substitutions": {"${task_queues.sales}": "Billing"},
             "workflows": [{"friendly_name": "Main", "configuration": {"task_routing": {
               "filters": [{"expression": "type == 'sale'", "targets": [{"queue": "${task_queues.sales}"}]}],
               "default_filter": {"queue": "${task_queues.billing}"}}}}]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try session.run("apply", "-f", path)
        #expect(output.status == 0, "\(output.standardError)")
        let ws = try #require(try session.run("workspace", "list", "--name", "Desk", "--sid-only").standardOutput
            .split(separator: "\n").first.map(String.init))
        let queues = try #require(try session.json("queue", "list", "--workspace", ws) as? [[String: Any]])
        let billing = try #require(queues.first { $0["friendly_name"] as? String == "Billing" }?["sid"] as? String)
        let workflows = try #require(try session.json("workflow", "list", "--workspace", ws) as? [[String: Any]])
        let configuration = try #require(workflows.first?["configuration"] as? String)
        // Both placeholders became the Billing queue: one by its key, one by the substitution.
        #expect(configuration.components(separatedBy: billing).count == 3, "\(configuration)")
        #expect(!configuration.contains("${"))
    }

    @Test func everyBrokenEntryIsListed() throws {
        let session = try ServerSession()
        let path = try workspaceFile(#"""
            {"friendly_name": "Desk", "multi_task_enabled": "yes",
             "activities": [{"friendly_name": "Available"}, {"friendly_name": ""}],
             "task_queues": [{"friendly_name": "Q1", "target_workers": "skills HAS 'x"}, {"friendly_name": "Q2", "max_reserved_workers": 99}],
             "workers": [{"friendly_name": "Ada"}, {"friendly_nam": "Bo"}]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try session.run("apply", "-f", path)
        #expect(output.status == 2)
        #expect(output.standardError.contains("5 problems in \(path); nothing was changed"), "\(output.standardError)")
        for expected in ["$.multi_task_enabled: expected true or false",
                         "$.activities[1].friendly_name: missing",
                         "$.task_queues[0].target_workers: invalid expression",
                         "$.task_queues[1].max_reserved_workers: expected a whole number from 1 to 50, but found 99",
                         "$.workers[1].friendly_nam: unknown field; did you mean \"friendly_name\"?"] {
            #expect(output.standardError.contains(expected), "\(expected) in \(output.standardError)")
        }
        let workspaces = try session.json("workspace", "list") as? [[String: Any]] ?? []
        #expect(workspaces.isEmpty)
    }

    /// A number written as a string, as TaskRouter's API returns some, is named with the fix.
    @Test func quotedNumberIsNamed() throws {
        let session = try ServerSession()
        let path = try workspaceFile(#"""
            {"friendly_name": "Desk", "task_queues": [{"friendly_name": "Q", "max_reserved_workers": "2"}]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try session.run("apply", "-f", path)
        #expect(output.status == 2)
        #expect(output.standardError.contains(#"but found the string "2"; write the number without quotes"#), "\(output.standardError)")
    }

    @Test func invalidExpressionsChangeNothing() throws {
        let session = try ServerSession()
        let path = try workspaceFile(#"""
            {"friendly_name": "Desk",
             "task_queues": [{"friendly_name": "VIP", "target_workers": "skills HAS \"vip"}],
             "workflows": [{"friendly_name": "Main", "configuration": {"task_routing": {
                 "filters": [{"expression": "priority >", "targets": [
                     {"queue": "VIP", "skip_if": "workers.available ==", "order_by": "worker.level sideways"}]}],
                 "default_filter": {"queue": "VIP", "expression": "worker.x == (1"}}}}]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try session.run("apply", "-f", path)
        #expect(output.status == 2)
        #expect(output.standardError.contains("5 problems in \(path); nothing was changed"), "\(output.standardError)")
        let expected = [
            (#"$.task_queues[0].target_workers"#, #"skills HAS "vip"#),
            ("$.workflows[0].configuration.task_routing.filters[0].expression", "priority >"),
            ("$.workflows[0].configuration.task_routing.filters[0].targets[0].skip_if", "workers.available =="),
            ("$.workflows[0].configuration.task_routing.filters[0].targets[0].order_by", "worker.level sideways"),
            ("$.workflows[0].configuration.task_routing.default_filter.expression", "worker.x == (1"),
        ]
        for (jsonPath, expression) in expected {
            #expect(output.standardError.contains("\(jsonPath): invalid expression '\(expression)'"), "\(jsonPath): \(output.standardError)")
        }
        let workspaces = try session.json("workspace", "list") as? [[String: Any]] ?? []
        #expect(workspaces.isEmpty)
    }

    @Test func invalidExpressionFailsWithoutServer() throws {
        let path = try workspaceFile(#"{"friendly_name": "Desk", "task_queues": [{"friendly_name": "VIP", "target_workers": "skills HAS \"vip"}]}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Port 9 (discard) has no allot-server and the credentials file does
        // not exist, so any server call would fail with another message.
        let output = try CommandRunner.run(["apply", "-f", path, "--server", "127.0.0.1:9", "--credentials", "/nonexistent/credentials.json"])
        #expect(output.status == 2)
        #expect(output.standardError.contains(#"$.task_queues[0].target_workers: invalid expression 'skills HAS "vip'"#), "\(output.standardError)")
        #expect(output.standardError.contains("^"))
    }

    @Test func everyBrokenReferenceIsListed() throws {
        let session = try ServerSession()
        let path = try workspaceFile(#"""
            {"friendly_name": "Desk", "task_queues": [{"friendly_name": "Sales", "assignment_activity": "On call"}],
             "workflows": [{"friendly_name": "Main", "configuration": {"task_routing": {"default_filter": {"queue": "sales"}}}}],
             "workers": [{"friendly_name": "Ada", "activity": "Lunch", "channels": {"fax": {"capacity": 2}}}]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try session.run("apply", "-f", path)
        #expect(output.status == 2)
        #expect(output.standardError.contains("4 problems in \(path); nothing was changed"), "\(output.standardError)")
        #expect(output.standardError.contains("$.task_queues[0].assignment_activity: no activity named 'On call'"))
        #expect(output.standardError.contains("no task queue named 'sales'; did you mean 'Sales'?"))
        #expect(output.standardError.contains("$.workers[0].activity: no activity named 'Lunch'"))
        #expect(output.standardError.contains("no task channel with unique name 'fax'"))
        let workspaces = try session.json("workspace", "list") as? [[String: Any]] ?? []
        #expect(workspaces.isEmpty)
    }

    @Test func partialFailureListsChangesMade() throws {
        let session = try ServerSession()
        // Worker names are unique ignoring case, which only the server checks.
        let broken = #"{"friendly_name": "Desk", "task_queues": [{"friendly_name": "Sales"}], "workers": [{"friendly_name": "Ada"}, {"friendly_name": "ada"}]}"#
        let path = try workspaceFile(broken)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try session.run("apply", "-f", path)
        #expect(output.status == 1)
        #expect(output.standardError.contains("$.workers[1]"), "\(output.standardError)")
        #expect(output.standardError.contains("Changes made before this call"))
        #expect(output.standardError.contains("created workspace 'Desk'"))
        #expect(output.standardError.contains("created task_queue 'Sales'"))
        #expect(output.standardError.contains("created worker 'Ada'"))
        #expect(output.standardError.contains("run 'allot apply -f \(path)' again"))

        try Data(#"{"friendly_name": "Desk", "task_queues": [{"friendly_name": "Sales"}], "workers": [{"friendly_name": "Ada"}, {"friendly_name": "Bo"}]}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let changes = try session.json("apply", "-f", path) as? [[String: Any]] ?? []
        let actions = Dictionary(uniqueKeysWithValues: changes.compactMap { change -> (String, String)? in
            guard let name = change["friendly_name"] as? String, let action = change["action"] as? String else { return nil }
            return (name, action)
        })
        #expect(actions["Sales"] == "unchanged")
        #expect(actions["Ada"] == "unchanged")
        #expect(actions["Bo"] == "created")
    }

    @Test func sharedWorkspaceNameNeedsWorkspaceSID() throws {
        let session = try ServerSession()
        // The example is single-tasking, and a multitasking workspace cannot become single-tasking.
        let first = try session.run("workspace", "create", "--name", "Contact centre", "--multi-task", "false", "--sid-only")
            .standardOutput.trimmingCharacters(in: .newlines)
        let second = try session.run("workspace", "create", "--name", "Contact centre", "--multi-task", "false", "--sid-only")
            .standardOutput.trimmingCharacters(in: .newlines)
        let example = ServerSession.examplePath("contact-centre.json")

        let refused = try session.run("apply", "-f", example)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("2 workspaces are named 'Contact centre'"))
        #expect(refused.standardError.contains(first))
        #expect(refused.standardError.contains(second))
        #expect(refused.standardError.contains("--workspace"))
        let untouched = try session.json("queue", "list", "--workspace", second) as? [[String: Any]] ?? []
        #expect(untouched.isEmpty)

        let applied = try session.json("apply", "-f", example, "--workspace", second) as? [[String: Any]] ?? []
        #expect(applied.contains { $0["kind"] as? String == "workflow" && $0["action"] as? String == "created" })
        let queues = try session.json("queue", "list", "--workspace", first) as? [[String: Any]] ?? []
        #expect(queues.isEmpty)
    }
}

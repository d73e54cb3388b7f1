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

    @Test func queueReferenceListsKnownQueues() throws {
        let session = try ServerSession()
        let path = try workspaceFile(#"""
            {"friendly_name": "Desk", "task_queues": [{"friendly_name": "Billing"}],
             "workflows": [{"friendly_name": "Main", "configuration": {"task_routing": {"default_filter": {"queue": "Sales"}}}}]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try session.run("apply", "-f", path)
        #expect(output.status == 2)
        #expect(output.standardError.contains("no task queue named 'Sales'; add the queue to \"task_queues\" or use one of: Billing"))
    }

    @Test func sharedWorkspaceNameNeedsWorkspaceSID() throws {
        let session = try ServerSession()
        let first = try session.run("workspace", "create", "--name", "Contact centre", "--sid-only").standardOutput.trimmingCharacters(in: .newlines)
        let second = try session.run("workspace", "create", "--name", "Contact centre", "--sid-only").standardOutput.trimmingCharacters(in: .newlines)
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

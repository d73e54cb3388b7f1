import Foundation
import Testing

@Suite struct StatisticsWindowTests {
    /// Returns `date` as ISO 8601 text with whole seconds.
    private static func text(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    @Test func cumulativeCountsOnlyTheWindow() throws {
        let session = try ServerSession()
        let workspace = try session.json("workspace", "create", "--name", "Desk", "--template", "fifo") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)
        _ = try session.createTask(in: ws, attributes: "{}")

        let lastMinute = try session.json("stats", "workspace", "--workspace", ws, "--cumulative", "--minutes", "1") as? [String: Any]
        #expect(lastMinute?["tasks_created"] as? Int == 1)
        // A window that ends more than a minute ago cannot contain the task's minute.
        let earlier = Self.text(Date().addingTimeInterval(-61))
        let before = try session.json("stats", "workspace", "--workspace", ws, "--cumulative", "--minutes", "1", "--end", earlier) as? [String: Any]
        #expect(before?["tasks_created"] as? Int == 0)

        // Averages are whole seconds, and print as such.
        let text = try session.run("stats", "workspace", "--workspace", ws, "--cumulative", "--minutes", "1")
        #expect(text.status == 0)
        let average = text.standardOutput.split(separator: "\n").first { $0.hasPrefix("avg_task_acceptance_time:") }
        #expect(average?.hasSuffix(" 0") == true, "\(text.standardOutput)")
        #expect(!text.standardOutput.contains(".0\n"))
    }

    @Test func startOutsideRetentionIsRejectedInISO8601() throws {
        let session = try ServerSession()
        let workspace = try session.json("workspace", "create", "--name", "Desk") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)

        let future = try session.run("stats", "workspace", "--workspace", ws, "--cumulative", "--start", Self.text(Date().addingTimeInterval(3_600)))
        #expect(future.status == 1)
        #expect(future.standardError.contains("is in the future"))

        let monthAgo = Self.text(Date().addingTimeInterval(-30 * 86_400))
        let old = try session.run("stats", "workspace", "--workspace", ws, "--cumulative", "--start", monthAgo)
        #expect(old.status == 1)
        #expect(old.standardError.contains("the window starts at \(monthAgo)"))
        #expect(old.standardError.contains("pass a start at or after 20"))
        #expect(!old.standardError.contains(" ms"))
    }

    /// The protocol reads a zero look-back as the default, so the CLI refuses it.
    @Test func zeroMinutesIsRefused() throws {
        let session = try ServerSession()
        let workspace = try session.json("workspace", "create", "--name", "Desk") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)
        let stats = try session.run("stats", "workspace", "--workspace", ws, "--cumulative", "--minutes", "0")
        #expect(stats.status != 0)
        #expect(stats.standardError.contains("invalid --minutes '0': expected a whole number from 1 to 43200"))
        let events = try session.run("events", "--workspace", ws, "--minutes", "0")
        #expect(events.status != 0)
        #expect(events.standardError.contains("from 1 to 43200"))
        let workflow = try session.run("stats", "workflow", "--workspace", ws)
        #expect(workflow.standardError.contains("'allot stats workflow WW0123…"))
    }

    @Test func realTimeCountsOneChannel() throws {
        let session = try ServerSession()
        let workspace = try session.json("workspace", "create", "--name", "Desk", "--template", "fifo") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)
        _ = try session.createTask(in: ws, attributes: "{}", channel: "chat")
        _ = try session.createTask(in: ws, attributes: "{}", channel: "voice")
        _ = try session.createTask(in: ws, attributes: "{}", channel: "voice")

        let voice = try session.json("stats", "workspace", "--workspace", ws, "--channel", "voice") as? [String: Any]
        #expect(voice?["total_tasks"] as? Int == 2)
        let chat = try session.json("stats", "workspace", "--workspace", ws, "--channel", "chat") as? [String: Any]
        #expect(chat?["total_tasks"] as? Int == 1)
        let workflows = try session.json("workflow", "list", "--workspace", ws) as? [[String: Any]] ?? []
        let workflowName = try #require(workflows.first?["friendly_name"] as? String)
        let byName = try session.json("stats", "workflow", "--name", workflowName, "--workspace", ws, "--channel", "voice") as? [String: Any]
        #expect(byName?["total_tasks"] as? Int == 2)
        let cumulative = try session.json("stats", "workspace", "--workspace", ws, "--cumulative", "--channel", "chat") as? [String: Any]
        #expect(cumulative?["tasks_created"] as? Int == 1)
        let all = try session.json("stats", "workspace", "--workspace", ws, "--cumulative") as? [String: Any]
        #expect(all?["tasks_created"] as? Int == 3)
        let missing = try session.run("stats", "workspace", "--workspace", ws, "--cumulative", "--channel", "fax")
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("fax"))
    }
}

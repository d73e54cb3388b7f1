import Foundation
import Testing

@Suite struct ListOutputTests {
    @Test func listsPrintAttributesAsObjects() throws {
        let session = try ServerSession()
        let ws = try session.apply("contact-centre.json")
        let workers = try session.json("worker", "list", "--workspace", ws) as? [[String: Any]] ?? []
        let ana = try #require(workers.first { $0["friendly_name"] as? String == "Ana" })
        let attributes = try #require(ana["attributes"] as? [String: Any])
        #expect(attributes["languages"] as? [String] == ["es", "en"])
        let fetched = try session.json("worker", "get", try #require(ana["sid"] as? String), "--workspace", ws) as? [String: Any]
        #expect(fetched?["attributes"] as? [String: Any] != nil)

        _ = try session.createTask(in: ws, attributes: #"{"language": "es", "topic": "billing"}"#)
        let tasks = try session.json("task", "list", "--workspace", ws) as? [[String: Any]] ?? []
        let taskAttributes = try #require(tasks.first?["attributes"] as? [String: Any])
        #expect(taskAttributes["topic"] as? String == "billing")

        let table = try session.run("worker", "list", "--workspace", ws)
        #expect(table.standardOutput.hasPrefix("SID"))
        #expect(table.standardOutput.contains("ATTRIBUTES"))
        #expect(table.standardOutput.contains(#"{"languages":["es","en"],"level":1,"skills":["support"]}"#))
    }

    @Test func emptyJSONListPrintsBrackets() throws {
        let session = try ServerSession()
        let workspace = try session.json("workspace", "create", "--name", "Empty") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)
        let output = try session.run("worker", "list", "--workspace", ws, "--json")
        #expect(output.status == 0)
        #expect(output.standardOutput == "[]\n")
    }

    @Test func sidOnlyPrintsOneSIDALine() throws {
        let session = try ServerSession()
        let created = try session.run("workspace", "create", "--name", "Desk", "--sid-only")
        #expect(created.status == 0)
        let ws = created.standardOutput.trimmingCharacters(in: .newlines)
        #expect(ws.hasPrefix("WS"))
        #expect(ws.count == 34)
        let activities = try session.run("activity", "list", "--workspace", ws, "--sid-only")
        let lines = activities.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.hasPrefix("WA") })
        #expect(lines.allSatisfy { $0.count == 34 })
        let applied = try session.run("apply", "-f", ServerSession.examplePath("contact-centre.json"), "--sid-only")
        #expect(applied.standardOutput.split(separator: "\n").allSatisfy { $0.count == 34 })
    }

    @Test func tablesShowInstantsAsISO8601() throws {
        let session = try ServerSession()
        let created = try session.json("workspace", "create", "--name", "Desk") as? [String: Any]
        let ws = try #require(created?["sid"] as? String)
        let milliseconds = try #require(created?["date_created_unix_milliseconds"] as? Int)
        #expect(milliseconds > 0)

        let table = try session.run("workspace", "get", ws)
        #expect(table.status == 0)
        #expect(!table.standardOutput.contains("_unix_milliseconds"))
        let line = try #require(table.standardOutput.split(separator: "\n").first { $0.hasPrefix("date_created:") })
        let text = line.dropFirst("date_created:".count).trimmingCharacters(in: .whitespaces)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let parsed = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
        let date = try #require(parsed, "\(text) is not ISO 8601")
        #expect(Int((date.timeIntervalSince1970 * 1000).rounded()) == milliseconds)
        #expect(text.hasSuffix("Z"))
    }
}

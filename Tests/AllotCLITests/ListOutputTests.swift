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
}

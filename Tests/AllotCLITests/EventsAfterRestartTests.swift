import AllotTestSupport
import Foundation
import Testing

@Suite struct EventsAfterRestartTests {
    @Test func resumeAfterRestartNamesNextSequence() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allot-cli-restart-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = ServerSession(server: try ServerProcess(dataDirectory: folder))
        let workspace = try first.json("workspace", "create", "--name", "Desk") as? [String: Any]
        let ws = try #require(workspace?["sid"] as? String)
        let events = try first.json("events", "--workspace", ws) as? [[String: Any]] ?? []
        let newest = try #require(events.compactMap { $0["sequence"] as? Int }.max())
        first.server.stop()

        let second = ServerSession(server: try ServerProcess(dataDirectory: folder))
        let listed = try second.json("events", "--workspace", ws) as? [[String: Any]] ?? []
        #expect(listed.isEmpty)
        // Without --follow, --after filters the empty list instead of failing.
        let plain = try second.run("events", "--workspace", ws, "--after", "\(newest)")
        #expect(plain.status == 0)
        #expect(plain.standardError.contains("keeps events in memory only, so a restart clears them"))
        // Both follow runs fail at once, before printing any event.
        let older = try second.run("events", "--workspace", ws, "--follow", "--after", "0")
        #expect(older.status == 1)
        #expect(older.standardError.contains("no events are held"))
        #expect(older.standardError.contains("the next event will have sequence \(newest + 1). Resume from \(newest), or leave out --after"))
        let later = try second.run("events", "--workspace", ws, "--follow", "--after", "\(newest + 10)")
        #expect(later.status == 1)
        #expect(later.standardError.contains("no events are held, and the next event will have sequence \(newest + 1). Pass \(newest), or leave out --after"))
    }
}

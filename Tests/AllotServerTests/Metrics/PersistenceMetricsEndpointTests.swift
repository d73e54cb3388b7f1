import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Checks the persistence series of a real server's metrics endpoint.
@Suite struct PersistenceMetricsEndpointTests {
    /// Returns the value of the series `name` without labels, or nil when the text lacks it.
    static func value(of name: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1))
        }
        return nil
    }

    @Test func requestedSnapshotIsCounted() throws {
        let server = try ServerProcess(extraArguments: ["--snapshot-interval", "0"])
        let before = try server.metricsText()
        #expect(Self.value(of: "allot_journal_available", in: before) == 1)
        #expect(Self.value(of: "allot_journal_backlog_bytes", in: before) != nil)
        #expect(Self.value(of: "allot_snapshots_written_total", in: before) == 0)
        #expect(Self.value(of: "allot_snapshots_failed_total", in: before) == 0)
        #expect(Self.value(of: "allot_last_snapshot_timestamp_seconds", in: before) == nil)

        let startSeconds = Date().timeIntervalSince1970.rounded(.down)
        try EngineClient(server).ok(.snapshotSave(Wire.SnapshotSave()))
        let after = try server.metricsText()
        #expect(Self.value(of: "allot_snapshots_written_total", in: after) == 1)
        #expect(Self.value(of: "allot_snapshots_failed_total", in: after) == 0)
        #expect((Self.value(of: "allot_last_snapshot_duration_seconds", in: after) ?? -1) >= 0)
        #expect((Self.value(of: "allot_last_snapshot_timestamp_seconds", in: after) ?? 0) >= startSeconds)
        #expect(after.contains("# TYPE allot_snapshots_written_total counter"))
        #expect(after.contains("# TYPE allot_journal_available gauge"))
    }

    @Test func scheduledSnapshotIsCounted() throws {
        let server = try ServerProcess(extraArguments: ["--snapshot-interval", "1"])
        // An interval with nothing journaled writes no snapshot, so make one change.
        try EngineClient(server).ok(.createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Scheduled")))
        #expect(server.waitForLog(containing: "msg=\"wrote a snapshot\""))
        let text = try server.metricsText()
        #expect((Self.value(of: "allot_snapshots_written_total", in: text) ?? 0) >= 1)
        #expect(Self.value(of: "allot_last_snapshot_timestamp_seconds", in: text) != nil)
    }
}

import AllotPersistence
import AllotStorage
import Testing
@testable import AllotServer

@Suite struct PersistenceMetricsTests {
    func render(_ gauges: PersistenceGauges?) -> String {
        ServerMetrics(shardCount: 1).prometheusText(engine: EngineGauges(tasksByStatus: [], persistence: gauges))
    }

    @Test func journalEventsSetAvailability() {
        let metrics = PersistenceMetrics()
        let now = WallClockInstant(unixMilliseconds: 1_000)
        #expect(metrics.gauges(journalBacklogBytes: nil).journalAvailable)
        let failure = FileError(call: "write", path: "/data/journal-1", errorNumber: 28)
        metrics.record(.journal(.writeFailed(failure, failedAttemptCount: 1, retryDelay: .milliseconds(10))), at: now)
        #expect(!metrics.gauges(journalBacklogBytes: nil).journalAvailable)
        metrics.record(.journal(.writeRecovered(failedAttemptCount: 1)), at: now)
        #expect(metrics.gauges(journalBacklogBytes: nil).journalAvailable)
    }

    @Test func snapshotFailuresAreCounted() {
        let metrics = PersistenceMetrics()
        metrics.record(.snapshotFailed(description: "disk full"), at: WallClockInstant(unixMilliseconds: 1_000))
        metrics.recordSnapshotFailed()
        let gauges = metrics.gauges(journalBacklogBytes: 512)
        #expect(gauges.snapshotsFailed == 2)
        #expect(gauges.snapshotsWritten == 0)
        #expect(gauges.journalBacklogBytes == 512)
        #expect(gauges.lastSnapshotUnixSeconds == nil)
    }

    @Test func seriesRenderWithTypes() {
        var gauges = PersistenceGauges()
        gauges.journalAvailable = false
        gauges.journalBacklogBytes = 4_096
        gauges.snapshotsWritten = 3
        gauges.snapshotsFailed = 1
        gauges.lastSnapshotDurationSeconds = 0.25
        gauges.lastSnapshotUnixSeconds = 1_700_000_000.5
        let text = render(gauges)
        #expect(text.contains("# TYPE allot_journal_available gauge\nallot_journal_available 0\n"))
        #expect(text.contains("# TYPE allot_journal_backlog_bytes gauge\nallot_journal_backlog_bytes 4096\n"))
        #expect(text.contains("# TYPE allot_snapshots_written_total counter\nallot_snapshots_written_total 3\n"))
        #expect(text.contains("# TYPE allot_snapshots_failed_total counter\nallot_snapshots_failed_total 1\n"))
        #expect(text.contains("# TYPE allot_last_snapshot_duration_seconds gauge\nallot_last_snapshot_duration_seconds 0.25\n"))
        #expect(text.contains("allot_last_snapshot_timestamp_seconds 1700000000.5\n"))
    }

    @Test func unknownValuesAreLeftOut() {
        let text = render(PersistenceGauges())
        #expect(text.contains("allot_journal_available 1\n"))
        #expect(!text.contains("allot_journal_backlog_bytes"))
        #expect(!text.contains("allot_last_snapshot"))
        #expect(!render(nil).contains("allot_journal_available"))
    }
}

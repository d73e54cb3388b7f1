import AllotPersistence
import Synchronization

/// Persistence values for the metrics endpoint, at one moment.
public struct PersistenceGauges: Sendable, Equatable {
    /// False from a failed journal write until a later write succeeds.
    public var journalAvailable = true
    /// Journal records appended and not yet durable, in bytes, or nil when unknown.
    public var journalBacklogBytes: Int?
    /// Snapshots written since the start, whether scheduled or requested.
    public var snapshotsWritten: UInt64 = 0
    /// Snapshots that failed since the start.
    public var snapshotsFailed: UInt64 = 0
    /// Time the last written snapshot took, in seconds, or nil before the first.
    public var lastSnapshotDurationSeconds: Double?
    /// When the last snapshot was written, in seconds since the Unix epoch, or nil before the first.
    public var lastSnapshotUnixSeconds: Double?

    public init() {}
}

/// Counts snapshot results and tracks the journal's availability, fed by the durable
/// engine's events (scheduled snapshots and journal retries) and by snapshots that
/// administrators request.
package final class PersistenceMetrics: Sendable {
    private let values = Mutex(PersistenceGauges())

    package init() {}

    /// Records one event of the durable engine that happened at `now`.
    package func record(_ event: DurableEngineEvent, at now: WallClockInstant) {
        switch event {
        case .snapshotWritten(let report): recordSnapshotWritten(report, at: now)
        case .snapshotFailed: recordSnapshotFailed()
        case .journal(.writeFailed): values.withLock { $0.journalAvailable = false }
        case .journal(.writeRecovered): values.withLock { $0.journalAvailable = true }
        case .skippedBeforeFailure:
            // Reported only when recovery fails, before the metrics endpoint starts.
            break
        }
    }

    /// Records a snapshot written at `now`.
    package func recordSnapshotWritten(_ report: SnapshotReport, at now: WallClockInstant) {
        let duration = report.writeDuration.components
        let seconds = Double(duration.seconds) + Double(duration.attoseconds) / 1e18
        values.withLock {
            $0.snapshotsWritten += 1
            $0.lastSnapshotDurationSeconds = seconds
            $0.lastSnapshotUnixSeconds = Double(now.unixMilliseconds) / 1_000
        }
    }

    /// Records a snapshot that failed.
    package func recordSnapshotFailed() {
        values.withLock { $0.snapshotsFailed += 1 }
    }

    /// Returns the current values, with the journal backlog the caller read.
    package func gauges(journalBacklogBytes: Int?) -> PersistenceGauges {
        var gauges = values.withLock { $0 }
        gauges.journalBacklogBytes = journalBacklogBytes
        return gauges
    }
}

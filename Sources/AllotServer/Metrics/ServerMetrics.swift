import AllotWire
import Synchronization

/// Values the engine reports for the metrics endpoint.
public struct EngineGauges: Sendable {
    /// Live tasks per assignment status name ("pending", "reserved", ...).
    public var tasksByStatus: [(status: String, count: UInt64)]
    /// Workspaces of the configured accounts.
    public var workspaces: UInt64
    /// Event subscriptions open now.
    public var subscriptions: UInt64
    /// Journal and snapshot values, or nil for a server that keeps its workspaces in memory only.
    public var persistence: PersistenceGauges?

    public init(tasksByStatus: [(status: String, count: UInt64)], workspaces: UInt64 = 0, subscriptions: UInt64 = 0,
                persistence: PersistenceGauges? = nil) {
        self.tasksByStatus = tasksByStatus
        self.workspaces = workspaces
        self.subscriptions = subscriptions
        self.persistence = persistence
    }
}

/// The server's metrics: one shard per thread that counts, merged when the
/// endpoint is scraped.
final class ServerMetrics: Sendable {
    final class Shard: Sendable {
        let counts = Mutex(RequestMetrics())

        /// Moves the thread's local counts into the shard.
        func merge(_ local: inout RequestMetrics) {
            guard local.isDirty else { return }
            counts.withLock { $0.absorb(&local) }
        }
    }

    let shards: [Shard]
    /// Client connections open now.
    let openConnections = Atomic<Int>(0)

    init(shardCount: Int) {
        shards = (0..<shardCount).map { _ in Shard() }
    }

    /// Renders every metric in the Prometheus text exposition format 0.0.4.
    func prometheusText(engine: EngineGauges) -> String {
        var total = RequestMetrics()
        for shard in shards {
            var copy = shard.counts.withLock { $0 }
            total.absorb(&copy)
        }
        var lines: [String] = []
        appendRequests(total, to: &lines)
        appendLatency(total, to: &lines)
        lines.append("# HELP allot_connections Client connections open now.")
        lines.append("# TYPE allot_connections gauge")
        lines.append("allot_connections \(openConnections.load(ordering: .relaxed))")
        appendCounter("allot_connections_accepted_total", "Client connections accepted.", total.connectionsAccepted, to: &lines)
        appendCounter("allot_connections_rejected_total", "Client connections rejected at the connection limit.", total.connectionsRejected, to: &lines)
        appendCounter("allot_connections_closed_total", "Client connections closed, for any reason.", total.connectionsClosed, to: &lines)
        appendCounter("allot_events_dropped_total", "Pushed events discarded because their subscriber fell too far behind.", total.eventsDropped, to: &lines)
        lines.append("# HELP allot_tasks Live tasks by assignment status.")
        lines.append("# TYPE allot_tasks gauge")
        for (status, count) in engine.tasksByStatus {
            lines.append("allot_tasks{status=\"\(status)\"} \(count)")
        }
        lines.append("# HELP allot_workspaces Workspaces of the configured accounts.")
        lines.append("# TYPE allot_workspaces gauge")
        lines.append("allot_workspaces \(engine.workspaces)")
        lines.append("# HELP allot_subscriptions Event subscriptions open now.")
        lines.append("# TYPE allot_subscriptions gauge")
        lines.append("allot_subscriptions \(engine.subscriptions)")
        if let persistence = engine.persistence {
            appendPersistence(persistence, to: &lines)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func appendPersistence(_ persistence: PersistenceGauges, to lines: inout [String]) {
        appendGauge("allot_journal_available", "1 while journal writes succeed, 0 from a failed write until a write succeeds again.",
                    persistence.journalAvailable ? "1" : "0", to: &lines)
        if let backlog = persistence.journalBacklogBytes {
            appendGauge("allot_journal_backlog_bytes", "Journal records appended and not yet durable, in bytes.", "\(backlog)", to: &lines)
        }
        appendCounter("allot_snapshots_written_total", "Snapshots written, scheduled or requested.", persistence.snapshotsWritten, to: &lines)
        appendCounter("allot_snapshots_failed_total", "Snapshots that failed.", persistence.snapshotsFailed, to: &lines)
        // Before the first snapshot there is no value, so the two series are left out.
        if let duration = persistence.lastSnapshotDurationSeconds {
            appendGauge("allot_last_snapshot_duration_seconds", "Time the last written snapshot took.", "\(duration)", to: &lines)
        }
        if let time = persistence.lastSnapshotUnixSeconds {
            appendGauge("allot_last_snapshot_timestamp_seconds", "When the last snapshot was written, in seconds since the Unix epoch.",
                        "\(time)", to: &lines)
        }
    }

    private func appendGauge(_ name: String, _ help: String, _ value: String, to lines: inout [String]) {
        lines.append("# HELP \(name) \(help)")
        lines.append("# TYPE \(name) gauge")
        lines.append("\(name) \(value)")
    }

    private func appendRequests(_ total: RequestMetrics, to lines: inout [String]) {
        lines.append("# HELP allot_requests_total Calls answered, by request and status.")
        lines.append("# TYPE allot_requests_total counter")
        for (methodIndex, method) in RequestMetrics.methodNames.enumerated() {
            for slot in 0..<RequestMetrics.statusSlotCount {
                let count = total.requestCounts[methodIndex * RequestMetrics.statusSlotCount + slot]
                guard count > 0 else { continue }
                let status = Wire.StatusCode(wireValue: Int32(slot)).name
                lines.append("allot_requests_total{method=\"\(method)\",status=\"\(status)\"} \(count)")
            }
        }
    }

    private func appendLatency(_ total: RequestMetrics, to lines: inout [String]) {
        lines.append("# HELP allot_request_duration_seconds Time from reading a call to queuing its reply.")
        lines.append("# TYPE allot_request_duration_seconds histogram")
        var cumulative: UInt64 = 0
        for (index, bound) in RequestMetrics.latencyBucketBoundsSeconds.enumerated() {
            cumulative += total.latencyBucketCounts[index]
            lines.append("allot_request_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)")
        }
        cumulative += total.latencyBucketCounts[RequestMetrics.latencyBucketBoundsSeconds.count]
        lines.append("allot_request_duration_seconds_bucket{le=\"+Inf\"} \(cumulative)")
        lines.append("allot_request_duration_seconds_sum \(Double(total.latencySumNanoseconds) / 1e9)")
        lines.append("allot_request_duration_seconds_count \(total.latencyCount)")
    }

    private func appendCounter(_ name: String, _ help: String, _ value: UInt64, to lines: inout [String]) {
        lines.append("# HELP \(name) \(help)")
        lines.append("# TYPE \(name) counter")
        lines.append("\(name) \(value)")
    }
}

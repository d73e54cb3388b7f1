import AllotPersistence
import Foundation

/// The text and JSON that `allot snapshot inspect` and `verify` print for one file.
struct SnapshotOutput {
    let inspection: SnapshotFileCheck.Inspection

    init(_ inspection: SnapshotFileCheck.Inspection) {
        self.inspection = inspection
    }

    /// Task statuses shown as columns of their own, every status a task can have, so that
    /// the `tasks` column is their sum.
    static let taskStatusColumns = ["pending", "reserved", "assigned", "wrapping", "completed", "canceled"]

    /// Columns of the per-workspace table.
    static let workspaceColumns = [
        "sid", "friendly_name", "shard", "activities", "task_channels", "workers", "task_queues", "workflows", "tasks",
    ] + taskStatusColumns + ["reservations", "timers"]

    /// Columns of the per-shard table.
    static let shardColumns = ["shard", "covered_sequence", "compressed_bytes", "uncompressed_bytes"]

    /// The header's totals as `name=value` pairs, such as `workspaces=2 workers=15`.
    var totalsText: String {
        let header = inspection.header
        return header.countNames.map { "\($0)=\(header.totalCount(named: $0) ?? 0)" }.joined(separator: " ")
    }

    /// Formats the header fields, then a table of shards and one of workspaces.
    func lines() -> [String] {
        var lines = Table.record(headerObject())
        lines.append("")
        lines += Table.lines(columns: Self.shardColumns + inspection.header.countNames, rows: shardObjects())
        guard !inspection.workspaces.isEmpty else { return lines }
        lines.append("")
        lines += Table.lines(columns: Self.workspaceColumns, rows: inspection.workspaces.map(Self.workspaceObject))
        return lines
    }

    /// Returns every field as one JSON object. `valid` is set by verify and left out by inspect.
    func object(valid: Bool?) -> [String: Any] {
        var object = headerObject()
        object["shards"] = shardObjects()
        object["workspaces"] = inspection.workspaces.map(Self.workspaceObject)
        if let valid { object["valid"] = valid }
        return object
    }

    /// Returns `object` as pretty-printed JSON with sorted keys, as `--json` prints it.
    static func jsonText(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            preconditionFailure("snapshot output holds a value JSONSerialization rejects: \(object)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func headerObject() -> [String: Any] {
        let header = inspection.header
        var object: [String: Any] = [
            "path": inspection.path,
            "format_version": Int(header.formatVersion),
            "covered_sequence": NSNumber(value: header.coveredSequence),
            "created_at": Self.isoText(milliseconds: header.createdMilliseconds),
            "file_bytes": NSNumber(value: header.expectedFileBytes),
            "uncompressed_bytes": NSNumber(value: header.uncompressedBytes),
            "shard_count": header.shards.count,
        ]
        for name in header.countNames {
            object[name] = NSNumber(value: header.totalCount(named: name) ?? 0)
        }
        return object
    }

    private func shardObjects() -> [[String: Any]] {
        let header = inspection.header
        return header.shards.enumerated().map { index, shard in
            var object: [String: Any] = [
                "shard": index, "covered_sequence": NSNumber(value: shard.coveredSequence),
                "compressed_bytes": NSNumber(value: shard.compressedBytes),
                "uncompressed_bytes": NSNumber(value: shard.uncompressedBytes),
            ]
            for (name, count) in zip(header.countNames, shard.counts) { object[name] = NSNumber(value: count) }
            return object
        }
    }

    private static func workspaceObject(_ summary: SnapshotWorkspaceSummary) -> [String: Any] {
        var object: [String: Any] = [
            "sid": summary.sid, "account_sid": summary.accountSid, "friendly_name": summary.friendlyName,
            "shard": summary.shard, "activities": summary.activityCount, "task_channels": summary.taskChannelCount,
            "workers": summary.workerCount, "task_queues": summary.taskQueueCount, "workflows": summary.workflowCount,
            "routing_documents": summary.routingDocumentCount, "tasks": summary.taskCount,
            "reservations": summary.reservationCount, "timers": summary.timerCount,
            "tasks_by_status": summary.taskCountsByStatus, "reservations_by_status": summary.reservationCountsByStatus,
        ]
        for status in taskStatusColumns {
            object[status] = summary.taskCountsByStatus[status] ?? 0
        }
        return object
    }

    private static func isoText(milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1_000))
    }
}

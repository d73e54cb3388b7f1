/// Something recovery repaired or skipped, for the server to log at start-up.
///
/// ``message`` is a constant text per kind and ``metadata`` carries the values, to suit
/// structured log lines.
package enum RecoveryNote: Equatable, Sendable, CustomStringConvertible {
    /// The last record of the last segment was torn or damaged, and the file was truncated
    /// at `offset`, removing `removedBytes`.
    case journalTailTruncated(path: String, offset: Int, removedBytes: Int, defect: RecordDefect)
    /// As ``journalTailTruncated(path:offset:removedBytes:defect:)``, found by a read that was
    /// asked not to repair, so the file is unchanged.
    case journalTailDamaged(path: String, offset: Int, damagedBytes: Int, defect: RecordDefect)
    /// The last segment's header was incomplete, so the segment held no records and was
    /// removed (or, when `removed` is false, would be removed by a repairing read).
    case journalHeaderTorn(path: String, fileBytes: Int, removed: Bool)
    /// The journal ends before `snapshotSequence`, the highest sequence a shard of the snapshot
    /// covers. That happens when a crash follows a snapshot written before the journal's last
    /// records were synced. A shard covering the missing records contains their effects. A shard
    /// that was captured earlier loses those of its records, which had not been synced and so
    /// had not been acknowledged under the `always` policy.
    case journalEndsBeforeSnapshot(lastJournalSequence: UInt64, snapshotSequence: UInt64)
    /// A damaged record that the snapshot covers was stepped over; its length field led to the
    /// record after it. The file is unchanged.
    case coveredRecordSkipped(path: String, offset: Int, sequence: UInt64, defect: RecordDefect)
    /// A snapshot failed verification and recovery fell back to an older one.
    case snapshotSkipped(path: String, reason: String)
    /// A skipped snapshot was renamed so that no later start or retention takes it for a
    /// valid one. The file stays for inspection.
    case snapshotSetAside(path: String, newPath: String)

    /// Constant log message for this kind of note; a `StaticString`, as structured loggers take.
    package var message: StaticString {
        switch self {
        case .journalTailTruncated: "truncated a torn record at the end of the journal"
        case .journalTailDamaged: "found a torn record at the end of the journal"
        case .journalHeaderTorn: "found a journal segment with an incomplete header"
        case .journalEndsBeforeSnapshot: "journal ends before a sequence the snapshot covers"
        case .coveredRecordSkipped: "skipped a damaged journal record that the snapshot covers"
        case .snapshotSkipped: "skipped a snapshot that failed verification"
        case .snapshotSetAside: "renamed a snapshot that failed verification"
        }
    }

    /// Values for the log line, keyed by metadata name.
    package var metadata: [String: String] {
        switch self {
        case .journalTailTruncated(let path, let offset, let removedBytes, let defect):
            [
                "journal.path": path, "journal.offset": "\(offset)", "journal.removed_bytes": "\(removedBytes)",
                "journal.defect": defect.description,
            ]
        case .journalTailDamaged(let path, let offset, let damagedBytes, let defect):
            [
                "journal.path": path, "journal.offset": "\(offset)", "journal.damaged_bytes": "\(damagedBytes)",
                "journal.defect": defect.description,
            ]
        case .journalHeaderTorn(let path, let fileBytes, let removed):
            ["journal.path": path, "journal.file_bytes": "\(fileBytes)", "journal.removed": "\(removed)"]
        case .journalEndsBeforeSnapshot(let lastJournalSequence, let snapshotSequence):
            ["journal.last_sequence": "\(lastJournalSequence)", "snapshot.sequence": "\(snapshotSequence)"]
        case .coveredRecordSkipped(let path, let offset, let sequence, let defect):
            [
                "journal.path": path, "journal.offset": "\(offset)", "journal.sequence": "\(sequence)",
                "journal.defect": defect.description,
            ]
        case .snapshotSkipped(let path, let reason):
            ["snapshot.path": path, "snapshot.reason": reason]
        case .snapshotSetAside(let path, let newPath):
            ["snapshot.path": path, "snapshot.new_path": newPath]
        }
    }

    package var description: String {
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return (["\(message)"] + fields).joined(separator: " ")
    }
}

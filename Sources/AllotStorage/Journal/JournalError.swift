/// Errors from writing, reading and maintaining the journal.
///
/// Writer errors leave the process running, because the server responds with UNAVAILABLE
/// and the writer retries. Reader errors other than ``file(_:)`` mean the journal cannot be
/// replayed as it is, and each message includes what the operator can do next.
package enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The writer was closed; nothing more can be appended.
    case closed
    /// A payload is over ``StorageLimits/maximumRecordPayloadBytes``; nothing was appended.
    case recordTooLarge(payloadBytes: Int)
    /// A write or sync failed. The record is not known to be durable. It stays queued, because
    /// the engine has already applied it, and the writer writes it again on its next attempt.
    case writeFailed(FileError)
    /// More bytes are waiting to be written than the writer's configured maximum.
    case backlogFull(pendingBytes: Int, maximumBytes: Int)
    /// The writer was opened at a sequence that records already on disk have passed.
    case sequenceBehindJournal(nextSequence: UInt64, segmentPath: String)
    /// A file or folder call failed while opening, reading or cleaning up the journal.
    case file(FileError)
    /// A record inside the journal is damaged, so the records after it cannot be trusted.
    case corruptRecord(path: String, offset: Int, defect: RecordDefect)
    /// Bytes that are not a record follow the last record of a segment that is not the last,
    /// and the next segment begins with the record that would come next, so none is missing.
    case trailingBytes(path: String, offset: Int, defect: RecordDefect)
    /// Records are missing: a segment begins later than the previous one, or the snapshot, ends.
    case sequenceGap(firstMissing: UInt64, lastMissing: UInt64, segmentPath: String)
    /// A segment begins at a sequence the previous segment already used.
    case sequenceOverlap(segmentPath: String, firstSequence: UInt64, expectedSequence: UInt64)
    /// A segment's header is damaged, or the file is not a journal segment at all.
    case invalidSegmentHeader(path: String, reason: String)
    /// A segment was written in a format version this build does not read.
    case unsupportedVersion(path: String, version: UInt32)
    /// A segment file is larger than ``StorageLimits/maximumSegmentFileBytes``.
    case segmentTooLarge(path: String, bytes: Int)

    package var description: String {
        switch self {
        case .closed:
            "the journal writer is closed"
        case .recordTooLarge(let payloadBytes):
            "journal record payload of \(payloadBytes) bytes is over the limit of "
                + "\(StorageLimits.maximumRecordPayloadBytes) bytes; reject the request before applying it"
        case .writeFailed(let cause):
            "the journal could not write or sync: \(cause). The record is not known to be durable; "
                + "it stays queued and the writer retries. \(cause.advice)"
        case .backlogFull(let pendingBytes, let maximumBytes):
            "the journal has \(pendingBytes) bytes waiting to be written, over the limit of "
                + "\(maximumBytes): the disk is slower than the mutation rate. Retry later"
        case .sequenceBehindJournal(let nextSequence, let path):
            "the journal writer was asked to start at sequence \(nextSequence), but \(path) already "
                + "holds records from that sequence on; start the writer from the sequence that recovery returns"
        case .file(let cause):
            "\(cause). \(cause.advice)"
        case .corruptRecord(let path, let offset, let defect):
            "journal segment \(path) is damaged at byte offset \(offset): \(defect). Restore the data "
                + "folder from a backup. To accept losing this record and every later one, truncate the "
                + "file to \(offset) bytes and move every later journal segment out of the folder"
        case .trailingBytes(let path, let offset, let defect):
            "journal segment \(path) has bytes after its last record, at byte offset \(offset), that are not a "
                + "record: \(defect). The next segment begins with the record that would follow, so no record is "
                + "missing. Truncate the file to \(offset) bytes and start the server again"
        case .sequenceGap(let firstMissing, let lastMissing, let path):
            "journal records \(firstMissing) through \(lastMissing) are missing: \(path) begins after "
                + "them. Restore the missing segment from a backup of the data folder. To accept losing "
                + "them and every later record, move \(path) and every later segment out of the folder"
        case .sequenceOverlap(let path, let first, let expected):
            "journal segment \(path) begins at sequence \(first), but the segment before it ends at "
                + "\(expected - 1); one of them comes from another data folder. Restore the folder from a backup"
        case .invalidSegmentHeader(let path, let reason):
            "journal segment \(path) has an invalid header: \(reason). Restore it from a backup, or move "
                + "it and every later segment out of the folder to accept losing their records"
        case .unsupportedVersion(let path, let version):
            "journal segment \(path) has format version \(version), but this build reads version "
                + "\(JournalFormat.version); it was written by a newer Allot. Run a version that reads it"
        case .segmentTooLarge(let path, let bytes):
            "journal segment \(path) is \(bytes) bytes, over the limit of "
                + "\(StorageLimits.maximumSegmentFileBytes); it is not a segment this writer produced"
        }
    }
}

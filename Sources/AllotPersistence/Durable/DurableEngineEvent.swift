import AllotStorage

/// Something a durable engine reports for the server to log.
///
/// ``message`` is a constant text per kind and ``metadata`` carries the values, to suit
/// structured log lines.
package enum DurableEngineEvent: Sendable {
    /// A snapshot was written, and older snapshots and journal segments removed.
    case snapshotWritten(SnapshotReport)
    /// A scheduled snapshot failed; the next one is tried at the next interval.
    case snapshotFailed(description: String)
    /// The journal writer failed or recovered.
    case journal(JournalWriterEvent)
    /// A snapshot that recovery skipped before it stopped with an error. Reported before the
    /// error is thrown, because the error may not name it. A recovery that succeeds lists
    /// its notes in ``RecoveryReport/notes`` instead.
    case skippedBeforeFailure(RecoveryNote)

    /// Constant log message for this kind of event.
    package var message: StaticString {
        switch self {
        case .snapshotWritten: "wrote a snapshot"
        case .snapshotFailed: "snapshot failed"
        case .journal(.writeFailed): "journal write failed; retrying"
        case .journal(.writeRecovered): "journal writes recovered"
        case .skippedBeforeFailure(let note): note.message
        }
    }

    /// Values for the log line, as key and value pairs.
    package var metadata: [(String, String)] {
        switch self {
        case .snapshotWritten(let report):
            report.metadata
        case .snapshotFailed(let description):
            [("error", description)]
        case .journal(.writeFailed(let error, let attempts, let delay)):
            [("error", "\(error)"), ("journal.failed_attempts", "\(attempts)"), ("journal.retry_delay", "\(delay)")]
        case .journal(.writeRecovered(let attempts)):
            [("journal.failed_attempts", "\(attempts)")]
        case .skippedBeforeFailure(let note):
            note.metadata.sorted { $0.key < $1.key }
        }
    }
}

/// The outcome of one snapshot: the file written and the files removed.
package struct SnapshotReport: Sendable {
    package var path: String
    /// The lowest journal sequence a shard of the snapshot covers.
    package var coveredSequence: UInt64
    package var header: SnapshotHeader
    /// The maximum time one capture took, waiting for and holding a shard's lock.
    package var longestCapture: Duration
    /// Time from the first capture until the file was renamed into place.
    package var writeDuration: Duration
    /// Time spent capturing the shards and encoding them. Encoding runs on a second thread
    /// while the snapshot thread compresses and writes, so the two overlap within
    /// `writeDuration`.
    package var encodeDuration: Duration
    package var removedSnapshotPaths: [String]
    package var removedSegmentPaths: [String]

    var metadata: [(String, String)] {
        var fields = [
            ("snapshot.path", path), ("snapshot.sequence", "\(coveredSequence)"),
            ("snapshot.uncompressed_bytes", "\(header.uncompressedBytes)"),
            ("snapshot.file_bytes", "\(header.expectedFileBytes)"),
            ("snapshot.longest_capture", longestCapture.logMilliseconds), ("snapshot.duration", writeDuration.logMilliseconds),
            ("snapshot.encode_duration", encodeDuration.logMilliseconds),
            ("snapshot.removed", "\(removedSnapshotPaths.count)"), ("journal.segments_removed", "\(removedSegmentPaths.count)"),
        ]
        for name in SnapshotBodyCounts.names {
            if let total = header.totalCount(named: name) { fields.append(("snapshot.\(name)", "\(total)")) }
        }
        return fields
    }
}

/// Start-up recovery from a data folder: the newest valid snapshot, then the journal after it.
///
/// Create a `Recovery`, load ``snapshot`` into the engine, then call ``replayJournal(tailRepair:_:)``
/// and start the ``JournalWriter`` at the sequence it returns. Log every note. Recovery is
/// never silently partial: when records between the snapshot and the journal are missing,
/// it throws instead of starting from what is left.
package struct Recovery {
    /// Outcome of replaying the journal.
    package struct Result: Equatable, Sendable {
        /// The sequence to start the ``JournalWriter`` at.
        package var nextSequence: UInt64
        /// Records passed to the caller.
        package var replayedCount: Int
        /// Notes from choosing the snapshot and from reading the journal.
        package var notes: [RecoveryNote]
        /// True when `nextSequence` leaves a gap after the last record on disk, because the
        /// journal ends before sequences that the snapshot covers for some shards but not for
        /// others. A later recovery from the same snapshot would stop at that gap, so write a
        /// new snapshot, covering `nextSequence - 1` for every shard, before appending.
        package var needsSnapshotBeforeAppending = false
    }

    package let folder: String
    /// The newest snapshot that passed verification, or nil to start from an empty engine.
    package let snapshot: Snapshot?
    /// Snapshots skipped because they failed verification, newest first.
    package let snapshotNotes: [RecoveryNote]

    /// Chooses and reads the snapshot to start from. `onSnapshotSkipped` gets each note of
    /// ``snapshotNotes`` as soon as it is made, so that a caller can log the skipped snapshots
    /// even when this initializer or a later step throws.
    ///
    /// - Throws: ``SnapshotError/unsupportedVersion(path:version:)`` when a snapshot tried was
    ///   written by a newer format, ``SnapshotError/unreadable(path:cause:)`` when a file call
    ///   on a snapshot failed, and file errors from listing the folder. No file is changed then.
    package init(folder: String, onSnapshotSkipped: (RecoveryNote) -> Void = { _ in }) throws {
        self.folder = folder
        (snapshot, snapshotNotes) = try SnapshotReader.readNewestValid(in: folder, onSkip: onSnapshotSkipped)
    }

    /// Passes every journal record that the snapshot does not contain to `apply`, in sequence
    /// order, and returns where the journal writer must continue.
    ///
    /// A record is skipped when its sequence is at or below the covered sequence of its shard
    /// in the snapshot. Records of shards the snapshot does not list are all passed on.
    ///
    /// - Throws: a ``JournalError`` for damage, a gap or an unknown version;
    ///   ``RecoveryError/snapshotsUnusable(skipped:cause:)`` when the gap follows from skipped
    ///   snapshots; or what `apply` throws.
    package func replayJournal(
        tailRepair: JournalReader.TailRepair = .truncate, _ apply: (JournalRecord) throws -> Void
    ) throws -> Result {
        let snapshotSequence = snapshot?.header.coveredSequence ?? 0
        let shardSequences = snapshot?.header.shards.map(\.coveredSequence) ?? []
        var replayedCount = 0
        let summary: JournalReader.Summary
        do {
            summary = try JournalReader(folder: folder).readRecords(after: snapshotSequence, tailRepair: tailRepair) {
                record in
                let shard = Int(record.shard)
                if shard < shardSequences.count && record.sequence <= shardSequences[shard] { return }
                try apply(record)
                replayedCount += 1
            }
        } catch let error as JournalError {
            if case .sequenceGap = error, !snapshotNotes.isEmpty {
                throw RecoveryError.snapshotsUnusable(skipped: snapshotNotes, cause: error)
            }
            throw error
        }

        var notes = snapshotNotes + summary.notes
        if tailRepair == .truncate {
            notes += try setSkippedSnapshotsAside()
        }
        // New records must get sequences above every shard's covered sequence: a record at or
        // below its shard's would be skipped by the next recovery from this snapshot.
        let highestCovered = shardSequences.max() ?? snapshotSequence
        let journalNext = summary.nextSequence ?? snapshotSequence + 1
        if journalNext <= highestCovered, snapshot != nil {
            notes.append(.journalEndsBeforeSnapshot(lastJournalSequence: journalNext - 1, snapshotSequence: highestCovered))
        }
        let nextSequence = max(highestCovered + 1, journalNext)
        // The next recovery from this snapshot reads from the segment holding
        // `snapshotSequence + 1`. A writer starting above both that and the journal's end
        // would leave a gap in between.
        return Result(
            nextSequence: nextSequence, replayedCount: replayedCount, notes: notes,
            needsSnapshotBeforeAppending: nextSequence > max(journalNext, snapshotSequence + 1))
    }
}

extension Recovery {
    /// Suffix given to snapshots that failed verification once recovery succeeded without them.
    static let setAsideSuffix = ".damaged"

    /// Renames every skipped snapshot out of the snapshot name pattern. A skipped snapshot
    /// left in place and newer than every later one would be tried first on each start and
    /// could push valid snapshots out of retention. If it became readable again, it would
    /// bring back a state that the journal has since moved past.
    private func setSkippedSnapshotsAside() throws -> [RecoveryNote] {
        var notes: [RecoveryNote] = []
        for case .snapshotSkipped(let path, _) in snapshotNotes {
            let newPath = path + Self.setAsideSuffix
            try mapFileErrors { try FileSystem.rename(path, to: newPath) }
            notes.append(.snapshotSetAside(path: path, newPath: newPath))
        }
        if !notes.isEmpty {
            try mapFileErrors { try FileSystem.synchronizeDirectory(folder) }
        }
        return notes
    }
}

/// Recovery failures that involve both the snapshots and the journal.
package enum RecoveryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Newer snapshots failed verification, and the journal no longer reaches back to the
    /// snapshot, or the empty state, that recovery fell back to.
    case snapshotsUnusable(skipped: [RecoveryNote], cause: JournalError)

    package var description: String {
        switch self {
        case .snapshotsUnusable(let skipped, let cause):
            let paths = skipped.compactMap { note -> String? in
                guard case .snapshotSkipped(let path, let reason) = note else { return nil }
                return "\(path) (\(reason))"
            }
            return "recovery cannot proceed: these snapshots failed verification: "
                + paths.joined(separator: "; ")
                + ". Falling back further needs journal records that were already removed: \(cause). "
                + "Restore a snapshot or the data folder from a backup"
        }
    }
}

extension Recovery {
    /// Returns whether `folder` contains a journal segment or a snapshot, judged by file names alone.
    /// A folder without either makes recovery start from an empty state.
    package static func folderHoldsRecoveryFiles(_ folder: String) throws -> Bool {
        try FileSystem.listDirectory(folder).contains { name in
            JournalFormat.firstSequence(inSegmentName: name) != nil
                || (name.hasPrefix(SnapshotFormat.fileNamePrefix) && name.hasSuffix(SnapshotFormat.fileNameSuffix))
        }
    }
}

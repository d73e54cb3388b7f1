import AllotCore
import AllotStorage

/// Runs start-up recovery on a data folder without changing it, for `allot data verify`.
///
/// The check does what the server does before it serves: it chooses the newest snapshot
/// that passes verification, restores it into an engine in memory, and replays every journal
/// record after it. Where the server would repair (truncate a torn tail, rename a damaged
/// snapshot), the check only reports. It takes no lock, so it can run beside a server; a
/// record being written at that moment may then show as a torn tail.
package enum DataFolderCheck {
    /// The snapshot recovery would start from, the records it would replay and the state they give.
    package struct Report: Sendable {
        package var folder: String
        /// The snapshot that recovery would restore, or nil to start from an empty engine.
        package var snapshotPath: String?
        /// The journal sequence the snapshot covers; 0 without a snapshot.
        package var snapshotSequence: UInt64
        /// Journal records that recovery would replay after the snapshot.
        package var replayedRecordCount: Int
        /// The sequence the server would give its next record.
        package var nextSequence: UInt64
        /// Workspaces in the engine after the replay, by account SID.
        package var workspacesByAccount: [String: Int]
        /// Repairs the server would make and snapshots it would skip, each worth a look.
        package var notes: [RecoveryNote]
        /// True when the server would write a snapshot of the recovered state before it
        /// appends to the journal.
        package var writesSnapshot: Bool
    }

    /// Checks `folder` as recovery would and returns what a server started on it would have.
    /// `onSnapshotSkipped` gets each snapshot that fails verification as soon as it is skipped,
    /// so that a caller can show them when a later step throws.
    ///
    /// The engine uses `configuration`'s limits; its shard count need not be the server's,
    /// because replay finds each workspace's shard by its SID.
    ///
    /// - Throws: the error the server's recovery would stop with (``SnapshotError``,
    ///   ``JournalError``, ``RecoveryError`` or ``DurableRecoveryError``), which names the file
    ///   or the record. ``DataFolderCheckError`` when `folder` is not a data folder, and
    ///   ``FileError`` when it cannot be read.
    package static func verify(folder: String, configuration: EngineConfiguration = EngineConfiguration(),
                               onSnapshotSkipped: (RecoveryNote) -> Void = { _ in }) throws -> Report {
        guard try FileSystem.fileSize(folder) != nil else { throw DataFolderCheckError.missing(folder) }
        guard try FileSystem.isDirectory(folder) else { throw DataFolderCheckError.notAFolder(folder) }
        // The server would start empty here. For a check, that most likely means the wrong path.
        guard try Recovery.folderHoldsRecoveryFiles(folder) else { throw DataFolderCheckError.noRecoveryFiles(folder) }
        let recovery = try Recovery(folder: folder, onSnapshotSkipped: onSnapshotSkipped)
        let engine = Engine(configuration: configuration)
        if let snapshot = recovery.snapshot {
            try DurableEngine.restore(snapshot, into: engine)
        }
        let result = try recovery.replayJournal(tailRepair: .reportOnly) { record in
            try DurableEngine.replay(record, into: engine)
        }
        return Report(
            folder: folder, snapshotPath: recovery.snapshot?.path,
            snapshotSequence: recovery.snapshot?.header.coveredSequence ?? 0,
            replayedRecordCount: result.replayedCount, nextSequence: result.nextSequence,
            workspacesByAccount: engine.workspaceCountByAccount(), notes: result.notes,
            writesSnapshot: DurableEngine.writesSnapshot(after: result))
    }
}

/// The reason ``DataFolderCheck`` found nothing to check.
package enum DataFolderCheckError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path.
    case missing(String)
    /// Something other than a folder exists at the path.
    case notAFolder(String)
    /// The folder contains no journal segment and no snapshot.
    case noRecoveryFiles(String)

    package var description: String {
        switch self {
        case .missing(let path):
            "\(path) does not exist. A server started with it as --data-dir would create it and start empty; "
                + "pass the folder the server was started with"
        case .notAFolder(let path):
            "\(path) is not a folder. Pass the folder the server was started with as --data-dir"
        case .noRecoveryFiles(let path):
            "\(path) holds no journal segment (journal-<20 digits>.log) and no snapshot (snapshot-<20 digits>.snap), "
                + "so a server started on it would start empty. Check that it is the folder the server was started "
                + "with as --data-dir"
        }
    }
}

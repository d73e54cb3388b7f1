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
    }

    /// Checks `folder` as recovery would and returns what a server started on it would have.
    ///
    /// The engine uses `configuration`'s limits; its shard count need not be the server's,
    /// because replay finds each workspace's shard by its SID.
    ///
    /// - Throws: the error the server's recovery would stop with (``SnapshotError``,
    ///   ``JournalError``, ``RecoveryError`` or ``DurableRecoveryError``), which names the file
    ///   or the record. ``DataFolderCheckError`` when `folder` is not a data folder, and
    ///   ``FileError`` when it cannot be read.
    package static func verify(folder: String, configuration: EngineConfiguration = EngineConfiguration()) throws -> Report {
        guard try FileSystem.isDirectory(folder) else { throw DataFolderCheckError.notAFolder(folder) }
        // The server would start empty here. For a check, that most likely means the wrong path.
        guard try Recovery.folderHoldsRecoveryFiles(folder) else { throw DataFolderCheckError.noRecoveryFiles(folder) }
        let recovery = try Recovery(folder: folder)
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
            workspacesByAccount: engine.workspaceCountByAccount(), notes: result.notes)
    }
}

/// The reason ``DataFolderCheck`` found nothing to check.
package enum DataFolderCheckError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path, or something other than a folder.
    case notAFolder(String)
    /// The folder contains no journal segment and no snapshot.
    case noRecoveryFiles(String)

    package var description: String {
        switch self {
        case .notAFolder(let path):
            "\(path) is not a folder. Pass the folder the server was started with as --data-dir"
        case .noRecoveryFiles(let path):
            "\(path) holds no journal segment (journal-<20 digits>.log) and no snapshot (snapshot-<20 digits>.snap), "
                + "so a server started on it would start empty. Check that it is the folder the server was started "
                + "with as --data-dir"
        }
    }
}

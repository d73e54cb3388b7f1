import AllotCore
import AllotStorage

/// Settings of a durable engine.
package struct DurableEngineConfiguration: Sendable {
    /// Folder of the journal segments and snapshots, created if missing.
    package var dataDirectory: String
    /// The engine's shard count and limits.
    package var engine: EngineConfiguration
    /// When the journal syncs, and so when a command's completion runs.
    package var syncPolicy: JournalSyncPolicy
    /// Snapshots kept in the data folder.
    package var keptSnapshotCount = StorageLimits.keptSnapshotCount
    /// zlib level of snapshot bodies, 0 to 9.
    package var snapshotCompressionLevel: Int32 = 1
    /// Size at which the journal starts a new segment.
    package var journalSegmentBytes = StorageLimits.journalSegmentBytes

    package init(dataDirectory: String, engine: EngineConfiguration = EngineConfiguration(),
                 syncPolicy: JournalSyncPolicy = .always) {
        self.dataDirectory = dataDirectory
        self.engine = engine
        self.syncPolicy = syncPolicy
    }

    var journalConfiguration: JournalWriter.Configuration {
        var configuration = JournalWriter.Configuration(folder: dataDirectory, syncPolicy: syncPolicy)
        configuration.segmentBytes = journalSegmentBytes
        return configuration
    }

    var snapshotConfiguration: SnapshotWriter.Configuration {
        var configuration = SnapshotWriter.Configuration(folder: dataDirectory)
        configuration.keptCount = keptSnapshotCount
        configuration.compressionLevel = snapshotCompressionLevel
        return configuration
    }
}

/// Limits and defaults for journal and snapshot files, with the reason for each value.
///
/// Readers check every size field read from disk against these before allocating, so a
/// damaged file gets an error rather than exhausting memory.
package enum StorageLimits {
    /// Default size at which the journal moves on to a new segment file. Large enough that a
    /// busy server rolls over every few seconds at most; small enough that deleting segments
    /// after a snapshot frees space in fine steps and that recovery, which reads one segment
    /// into memory at a time, stays light.
    package static let journalSegmentBytes = 64 << 20

    /// Bytes of a journal segment that the writer allocates on disk at a time, ahead of its
    /// records. A sync of records inside allocated space records no new file size, and a
    /// step has room for thousands of records (a create-task record is about 300 bytes). Steps
    /// rather than the whole segment keep a quiet server's files small, and cheap on tmpfs,
    /// where allocated space is memory.
    package static let journalAllocationStepBytes = 4 << 20

    /// Maximum segment size a writer may be configured with. The reader loads a whole segment
    /// into memory and refuses files over ``maximumSegmentFileBytes``.
    package static let maximumJournalSegmentBytes = 512 << 20

    /// Maximum size of one segment file the reader accepts. A segment can exceed its
    /// configured size by the batch that crossed it, which the backlog limit bounds, so
    /// this leaves room over ``maximumJournalSegmentBytes`` for one full backlog.
    package static let maximumSegmentFileBytes = maximumJournalSegmentBytes + maximumJournalBacklogBytes

    /// Maximum payload of one journal record. A record holds one encoded command, which comes
    /// from one request frame (4 MiB by default); four times that leaves room for a raised
    /// frame limit while keeping a record far below the segment size.
    package static let maximumRecordPayloadBytes = 16 << 20

    /// Maximum bytes appended but not yet durable before ``JournalWriter/checkAvailable()``
    /// reports the journal unavailable. It bounds the memory held while the disk is slow or
    /// failing: the server stops accepting mutations instead of queueing them without end.
    package static let maximumJournalBacklogBytes = 128 << 20

    /// Default wait before the journal writer retries after a failed write or sync. Disk
    /// full and similar faults clear through operator action, so retrying more often only
    /// adds log lines and load on a struggling device.
    package static let journalRetryDelay: Duration = .seconds(1)

    /// Maximum size of one decompressed snapshot, all shards together. The engine keeps every
    /// workspace in memory, and a state this large would not fit the machines Allot runs on;
    /// the bound stops a damaged size field or a decompression bomb before it allocates.
    package static let maximumSnapshotBytes: UInt64 = 64 << 30

    /// Maximum number of shards in a snapshot. The engine defaults to four shards per core,
    /// so this covers 1,024 cores while bounding the header a reader parses.
    package static let maximumSnapshotShardCount = 4_096

    /// Maximum number of named counts (workspaces, workers, tasks, ...) per shard in a
    /// snapshot header. A handful are used; the bound keeps the header small.
    package static let maximumSnapshotCountNames = 64

    /// Maximum length of one count name in UTF-8 bytes.
    package static let maximumSnapshotCountNameBytes = 128

    /// Default number of snapshots kept in the data folder. Two would allow one fallback;
    /// three survives a bad newest snapshot and a bad second one at the cost of disk space.
    package static let keptSnapshotCount = 3

    /// Size of the buffers that snapshot compression, decompression and checksumming stream
    /// through, so that a snapshot of any size is processed in bounded extra memory.
    package static let snapshotChunkBytes = 256 << 10
}

/// One shard's state as the engine hands it to ``SnapshotWriter``.
package struct SnapshotShard: Equatable, Sendable {
    /// Highest journal sequence whose effect on this shard the body contains: the writer's
    /// ``JournalWriter/lastAssignedSequence`` read under the shard's lock.
    package var coveredSequence: UInt64
    /// Values for the snapshot's count names, in the same order.
    package var counts: [UInt64]
    /// The encoded shard state, opaque to storage.
    package var body: [UInt8]

    package init(coveredSequence: UInt64, counts: [UInt64], body: [UInt8]) {
        self.coveredSequence = coveredSequence
        self.counts = counts
        self.body = body
    }
}

/// A shard's covered sequence and counts, returned once its body has been streamed to
/// ``SnapshotWriter/write(createdMilliseconds:countNames:shardCount:streamShard:)``.
package struct SnapshotShardSummary: Equatable, Sendable {
    /// Highest journal sequence whose effect on this shard the body contains.
    package var coveredSequence: UInt64
    /// Values for the snapshot's count names, in the same order.
    package var counts: [UInt64]

    package init(coveredSequence: UInt64, counts: [UInt64]) {
        self.coveredSequence = coveredSequence
        self.counts = counts
    }
}

/// A shard's entry in a snapshot header.
package struct SnapshotShardInfo: Equatable, Sendable {
    package var coveredSequence: UInt64
    package var uncompressedBytes: UInt64
    package var compressedBytes: UInt64
    package var counts: [UInt64]
}

/// Everything in a snapshot file before the compressed bodies.
package struct SnapshotHeader: Equatable, Sendable {
    package var formatVersion: UInt32
    /// Lowest sequence any shard covers: every journal record at or below it is in the
    /// snapshot, so replay starts after it.
    package var coveredSequence: UInt64
    /// When the snapshot was written, in milliseconds since the Unix epoch.
    package var createdMilliseconds: Int64
    /// Names of the per-shard counts, such as `workspaces`, `workers`, `tasks`.
    package var countNames: [String]
    /// One entry per shard, in shard order.
    package var shards: [SnapshotShardInfo]
    /// Size of the encoded header, where the first compressed body starts.
    package var headerBytes: Int

    /// Sum over all shards of the count called `name`, or nil for an unknown name.
    package func totalCount(named name: String) -> UInt64? {
        guard let index = countNames.firstIndex(of: name) else { return nil }
        return shards.reduce(0) { $0 + $1.counts[index] }
    }

    /// Total size of the bodies once decompressed.
    package var uncompressedBytes: UInt64 { shards.reduce(0) { $0 + $1.uncompressedBytes } }

    /// Byte offset in the file where shard `index`'s compressed body starts.
    package func bodyOffset(of index: Int) -> Int {
        precondition(shards.indices.contains(index), "shard \(index) of \(shards.count)")
        return shards[..<index].reduce(headerBytes) { $0 + Int($1.compressedBytes) }
    }

    /// The size the whole file must have: header, bodies and the trailing CRC-32.
    package var expectedFileBytes: UInt64 {
        shards.reduce(UInt64(headerBytes)) { $0 + $1.compressedBytes } + UInt64(SnapshotFormat.trailerBytes)
    }
}

/// A snapshot read back and verified.
package struct Snapshot: Equatable, Sendable {
    package var path: String
    package var header: SnapshotHeader
    /// The decompressed body of each shard, in shard order.
    package var bodies: [[UInt8]]
}

/// A snapshot file in the data folder.
package struct SnapshotFile: Equatable, Sendable {
    /// The covered sequence taken from the file name.
    package var coveredSequence: UInt64
    package var path: String
}

import Glibc

/// Writes snapshot files atomically and keeps the newest few.
///
/// Each snapshot goes to a temporary file: the header, one zlib stream per shard compressed
/// through a bounded buffer, and a CRC-32 trailer. The file is synced, renamed into place,
/// and the folder is synced, so a crash leaves either the old set of snapshots or the new
/// one. Only one writer may use a folder at a time.
package struct SnapshotWriter: Sendable {
    package struct Configuration: Sendable {
        /// Folder that contains the snapshot files; created if missing.
        package var folder: String
        /// Number of snapshots kept; older ones are removed after each write.
        package var keptCount = StorageLimits.keptSnapshotCount
        /// zlib level from 0 (store) to 9 (smallest). Level 1 compresses several times faster
        /// than zlib's default of 6 for a modestly larger file, which suits a server that
        /// snapshots while it serves.
        package var compressionLevel: Int32 = 1

        package init(folder: String) {
            self.folder = folder
        }
    }

    /// Outcome of a write.
    package struct Result: Equatable, Sendable {
        package var path: String
        package var header: SnapshotHeader
        /// Older snapshots removed to keep ``Configuration/keptCount``.
        package var removedPaths: [String]
        /// Lowest covered sequence among the snapshots kept. Journal segments at or below it
        /// may go (``JournalRetention/removeSegments(in:coveredThrough:)``); removing more would
        /// make a fallback to the oldest kept snapshot fail with a gap.
        package var oldestKeptCoveredSequence: UInt64
    }

    package let configuration: Configuration

    package init(configuration: Configuration) {
        precondition(configuration.keptCount >= 1, "at least one snapshot must be kept, got \(configuration.keptCount)")
        precondition(
            (0...9).contains(configuration.compressionLevel),
            "zlib level \(configuration.compressionLevel) outside 0 ... 9")
        self.configuration = configuration
    }

    /// Writes a snapshot of `shardCount` shards, calling `shard` once per shard index in order,
    /// so only one shard's encoded body needs to be in memory at a time.
    ///
    /// - Parameter createdMilliseconds: the time to record, in milliseconds since the Unix epoch.
    /// - Throws: ``SnapshotError``, or what `shard` throws; the temporary file is removed then.
    @discardableResult
    package func write(
        createdMilliseconds: Int64, countNames: [String], shardCount: Int, shard: (Int) throws -> SnapshotShard
    ) throws -> Result {
        try write(createdMilliseconds: createdMilliseconds, countNames: countNames, shardCount: shardCount) {
            index, appendBody in
            let contents = try shard(index)
            try contents.body.withUnsafeBytes { try appendBody($0) }
            return SnapshotShardSummary(coveredSequence: contents.coveredSequence, counts: contents.counts)
        }
    }

    /// Writes a snapshot of `shardCount` shards, calling `streamShard` once per shard index in
    /// order. It passes the shard's body to its second argument in parts, each compressed and
    /// written as it arrives, so the body need not be in memory at once, and returns the
    /// shard's covered sequence and counts.
    ///
    /// - Throws: ``SnapshotError``, or what `streamShard` throws; the temporary file is removed then.
    @discardableResult
    package func write(
        createdMilliseconds: Int64, countNames: [String], shardCount: Int,
        streamShard: (Int, _ appendBody: (UnsafeRawBufferPointer) throws -> Void) throws -> SnapshotShardSummary
    ) throws -> Result {
        try Self.validate(countNames: countNames)
        precondition(
            (1...StorageLimits.maximumSnapshotShardCount).contains(shardCount),
            "shard count \(shardCount) outside 1 ... \(StorageLimits.maximumSnapshotShardCount)")
        try mapFileErrors { try FileSystem.createDirectoryIfMissing(configuration.folder) }

        let temporaryPath = FileSystem.join(
            configuration.folder, "snapshot-\(createdMilliseconds)" + SnapshotFormat.temporarySuffix)
        let header: SnapshotHeader
        do {
            header = try writeTemporaryFile(
                at: temporaryPath, createdMilliseconds: createdMilliseconds, countNames: countNames,
                shardCount: shardCount, streamShard: streamShard)
        } catch {
            // The write already failed; a temporary file that cannot be removed is retried
            // by the cleanup after the next successful write.
            try? FileSystem.removeFile(temporaryPath)
            throw error
        }

        let path = FileSystem.join(
            configuration.folder, SnapshotFormat.fileName(coveredSequence: header.coveredSequence))
        try mapFileErrors {
            try FileSystem.rename(temporaryPath, to: path)
            try FileSystem.synchronizeDirectory(configuration.folder)
        }
        let (removed, oldestKept) = try removeOldSnapshots(keeping: path)
        return Result(path: path, header: header, removedPaths: removed, oldestKeptCoveredSequence: oldestKept)
    }

    /// Writes a snapshot whose shard bodies are all in memory already.
    @discardableResult
    package func write(createdMilliseconds: Int64, countNames: [String], shards: [SnapshotShard]) throws -> Result {
        try write(createdMilliseconds: createdMilliseconds, countNames: countNames, shardCount: shards.count) {
            shards[$0]
        }
    }

    private static func validate(countNames: [String]) throws(SnapshotError) {
        guard countNames.count <= StorageLimits.maximumSnapshotCountNames else {
            throw .invalidCountNames(
                reason: "\(countNames.count) names, over the limit of \(StorageLimits.maximumSnapshotCountNames)")
        }
        for name in countNames where name.isEmpty || name.utf8.count > StorageLimits.maximumSnapshotCountNameBytes {
            throw .invalidCountNames(
                reason: "name \"\(name)\" must have 1 to \(StorageLimits.maximumSnapshotCountNameBytes) UTF-8 bytes")
        }
    }

    /// Writes and syncs the complete temporary file and returns its header.
    private func writeTemporaryFile(
        at path: String, createdMilliseconds: Int64, countNames: [String], shardCount: Int,
        streamShard: (Int, _ appendBody: (UnsafeRawBufferPointer) throws -> Void) throws -> SnapshotShardSummary
    ) throws -> SnapshotHeader {
        let file = try mapFileErrors { try SystemFile.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC) }
        let headerBytes = SnapshotFormat.headerBytes(countNames: countNames, shardCount: shardCount)
        var body = try SnapshotBodyWriter(file: file, offset: headerBytes, level: configuration.compressionLevel)
        var shards: [SnapshotShardInfo] = []
        var uncompressedBytes: UInt64 = 0
        for index in 0..<shardCount {
            try body.startBody()
            var shardBytes: UInt64 = 0
            let summary = try streamShard(index) { part in
                shardBytes += UInt64(part.count)
                guard uncompressedBytes + shardBytes <= StorageLimits.maximumSnapshotBytes else {
                    throw SnapshotError.tooLarge(uncompressedBytes: uncompressedBytes + shardBytes)
                }
                try body.appendPart(part, finish: false)
            }
            try body.appendPart(UnsafeRawBufferPointer(start: nil, count: 0), finish: true)
            precondition(
                summary.counts.count == countNames.count,
                "shard \(index) gives \(summary.counts.count) counts for \(countNames.count) count names")
            uncompressedBytes += shardBytes
            shards.append(
                SnapshotShardInfo(
                    coveredSequence: summary.coveredSequence, uncompressedBytes: shardBytes,
                    compressedBytes: UInt64(body.finishedBodyBytes), counts: summary.counts))
        }
        guard let coveredSequence = shards.map(\.coveredSequence).min() else {
            preconditionFailure("a snapshot has at least one shard")
        }

        let header = SnapshotHeader(
            formatVersion: SnapshotFormat.version, coveredSequence: coveredSequence,
            createdMilliseconds: createdMilliseconds, countNames: countNames, shards: shards, headerBytes: headerBytes)
        let encoded = SnapshotFormat.encodeHeader(header)
        // The trailer covers header and bodies; zlib combines the two checksums without
        // reading the bodies again.
        let fileChecksum = CRC32.combine(CRC32.checksum(encoded[...]), body.checksum.value, secondBytes: body.bodyBytes)
        var trailer: [UInt8] = []
        trailer.appendLittleEndian(fileChecksum)
        try mapFileErrors {
            try file.write(encoded[...], at: 0)
            try file.write(trailer[...], at: headerBytes + body.bodyBytes)
            try file.synchronize()
            try file.close()
        }
        return header
    }

    /// Removes snapshots beyond the newest ``Configuration/keptCount`` and leftover temporary
    /// files, then returns the removed paths and the oldest kept snapshot's covered sequence.
    /// The snapshot at `newPath` is kept even if older ones sort before it.
    private func removeOldSnapshots(keeping newPath: String) throws -> (removed: [String], oldestKept: UInt64) {
        try mapFileErrors {
            let snapshots = try SnapshotReader.list(in: configuration.folder)
            var kept = Array(snapshots.prefix(configuration.keptCount))
            if !kept.contains(where: { $0.path == newPath }), let new = snapshots.first(where: { $0.path == newPath }) {
                kept.append(new)
            }
            var removed = snapshots.filter { snapshot in !kept.contains { $0.path == snapshot.path } }.map(\.path)
            removed += try FileSystem.listDirectory(configuration.folder)
                .filter { $0.hasPrefix(SnapshotFormat.fileNamePrefix) && $0.hasSuffix(SnapshotFormat.temporarySuffix) }
                .map { FileSystem.join(configuration.folder, $0) }
            for path in removed { try FileSystem.removeFile(path) }
            if !removed.isEmpty { try FileSystem.synchronizeDirectory(configuration.folder) }
            guard let oldest = kept.map(\.coveredSequence).min() else {
                preconditionFailure("the snapshot just written is missing from the listing")
            }
            return (removed, oldest)
        }
    }
}

extension SnapshotWriter {
    /// Removes the temporary files of snapshots that a crash interrupted, and returns their
    /// paths. The server calls it at start-up, holding the data folder's lock, so that
    /// repeated crashes during snapshots do not leave one such file each.
    package static func removeTemporaryFiles(in folder: String) throws -> [String] {
        try mapFileErrors {
            let paths = try FileSystem.listDirectory(folder)
                .filter { $0.hasPrefix(SnapshotFormat.fileNamePrefix) && $0.hasSuffix(SnapshotFormat.temporarySuffix) }
                .map { FileSystem.join(folder, $0) }
            for path in paths { try FileSystem.removeFile(path) }
            if !paths.isEmpty { try FileSystem.synchronizeDirectory(folder) }
            return paths
        }
    }
}

/// Runs `body`, turning a ``FileError`` into ``SnapshotError/file(_:)``.
func mapFileErrors<Value>(_ body: () throws -> Value) throws -> Value {
    do {
        return try body()
    } catch let error as FileError {
        throw SnapshotError.file(error)
    }
}

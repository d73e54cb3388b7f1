/// Lists, inspects, verifies and reads snapshot files.
///
/// Every read checks the magic, the format version, the header's CRC-32, the file size the
/// header implies, each body's decompressed size and the trailing CRC-32. Decompression runs
/// through bounded buffers, and no body may exceed the size its header declares.
package enum SnapshotReader {
    /// Lists the snapshots in `folder`, newest (highest covered sequence) first. Returns an
    /// empty list when the folder does not exist.
    package static func list(in folder: String) throws -> [SnapshotFile] {
        try mapFileErrors {
            guard try FileSystem.isDirectory(folder) else { return [] }
            return try FileSystem.listDirectory(folder)
                .compactMap { name in
                    SnapshotFormat.coveredSequence(inFileName: name).map {
                        SnapshotFile(coveredSequence: $0, path: FileSystem.join(folder, name))
                    }
                }
                .sorted { $0.coveredSequence > $1.coveredSequence }
        }
    }

    /// Reads and checks the header alone, without reading the bodies: for
    /// `allot snapshot inspect`.
    /// The file's size is not checked, so a file cut short after its header still shows.
    package static func inspect(_ path: String) throws -> SnapshotHeader {
        let file = try mapFileErrors { try SystemFile.openForReading(path) }
        let (header, _) = try readHeader(file, checkFileSize: false)
        try mapFileErrors { try file.close() }
        return header
    }

    /// Checks the whole file, decompressing every body into a scratch buffer so that memory
    /// stays bounded whatever the snapshot's size: for `allot snapshot verify`.
    @discardableResult
    package static func verify(_ path: String) throws -> SnapshotHeader {
        let file = try mapFileErrors { try SystemFile.openForReading(path) }
        let (header, headerChecksum) = try readHeader(file)
        var bodies = try openBodies(file, header: header, headerChecksum: headerChecksum)
        for index in header.shards.indices {
            try bodies.readShard(index) { _ in }
        }
        try bodies.checkTrailer()
        try mapFileErrors { try file.close() }
        return header
    }

    /// Reads and checks the whole file, passing each shard's decompressed body to `body` as soon
    /// as it is read, so that only one body is in memory at a time, and returns the header. The
    /// trailing CRC-32 is checked after the last body: a caller must treat what it learned from
    /// the bodies as unchecked until this returns.
    @discardableResult
    package static func forEachBody(_ path: String, _ body: (SnapshotHeader, Int, [UInt8]) throws -> Void) throws
        -> SnapshotHeader
    {
        let file = try mapFileErrors { try SystemFile.openForReading(path) }
        let (header, headerChecksum) = try readHeader(file)
        var reader = try openBodies(file, header: header, headerChecksum: headerChecksum)
        for (index, shard) in header.shards.enumerated() {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(min(shard.uncompressedBytes, UInt64(Self.initialReserveBytes))))
            try reader.readShard(index) { bytes.append(contentsOf: $0) }
            try body(header, index, bytes)
        }
        try reader.checkTrailer()
        try mapFileErrors { try file.close() }
        return header
    }

    /// Reads and checks the whole file and returns its decompressed bodies.
    package static func read(_ path: String) throws -> Snapshot {
        let file = try mapFileErrors { try SystemFile.openForReading(path) }
        let (header, headerChecksum) = try readHeader(file)
        var reader = try openBodies(file, header: header, headerChecksum: headerChecksum)
        var bodies: [[UInt8]] = []
        for (index, shard) in header.shards.enumerated() {
            var body: [UInt8] = []
            // The header passed its checks, but reserve no more than an initial chunk so that
            // a damaged size field cannot trigger one huge allocation.
            body.reserveCapacity(Int(min(shard.uncompressedBytes, UInt64(Self.initialReserveBytes))))
            try reader.readShard(index) { body.append(contentsOf: $0) }
            bodies.append(body)
        }
        try reader.checkTrailer()
        try mapFileErrors { try file.close() }
        return Snapshot(path: path, header: header, bodies: bodies)
    }

    /// Reads the newest snapshot in `folder` that passes every check, with a note for each
    /// newer one skipped; nil when none passes or none exists.
    ///
    /// `onSkip` gets each note as soon as the snapshot is skipped, so that a caller can log the
    /// notes even when a later snapshot throws.
    ///
    /// - Throws: ``SnapshotError/unsupportedVersion(path:version:)`` for any snapshot tried,
    ///   ``SnapshotError/unreadable(path:cause:)`` when a file call on one fails, and listing
    ///   errors.
    package static func readNewestValid(in folder: String, onSkip: (RecoveryNote) -> Void = { _ in }) throws
        -> (snapshot: Snapshot?, notes: [RecoveryNote])
    {
        var notes: [RecoveryNote] = []
        for file in try list(in: folder) {
            do {
                let snapshot = try read(file.path)
                try checkFileName(of: file.path, against: snapshot.header)
                return (snapshot, notes)
            } catch SnapshotError.file(let cause) {
                throw SnapshotError.unreadable(path: file.path, cause: cause)
            } catch let error as SnapshotError where error.allowsFallback {
                notes.append(.snapshotSkipped(path: file.path, reason: error.defect))
                onSkip(notes[notes.count - 1])
            }
        }
        return (nil, notes)
    }

    /// Checks that the covered sequence in the header is the one in the file's name, when the
    /// name has the form `snapshot-<20 digits>.snap`, and returns whether the name has it.
    /// Recovery lists snapshots by the sequence in their names, so it rejects a file whose
    /// header disagrees.
    ///
    /// - Throws: ``SnapshotError/invalidHeader(path:reason:)`` when the two sequences differ.
    @discardableResult
    package static func checkFileName(of path: String, against header: SnapshotHeader) throws -> Bool {
        let name = String(path.split(separator: "/", omittingEmptySubsequences: true).last ?? "")
        guard let nameSequence = SnapshotFormat.coveredSequence(inFileName: name) else { return false }
        guard header.coveredSequence == nameSequence else {
            throw SnapshotError.invalidHeader(
                path: path,
                reason: "the header covers sequence \(header.coveredSequence) but the file name gives \(nameSequence). "
                    + "If the file was renamed, name it \(SnapshotFormat.fileName(coveredSequence: header.coveredSequence)) again")
        }
        return true
    }

    private static let initialReserveBytes = 64 << 20

    /// Checks the trailing CRC-32 over the whole file before anything is decompressed, then
    /// returns a reader positioned at the first body. On a mismatch it finds the first shard
    /// whose body fails zlib's own check (the format has no CRC per body), so that the error
    /// names the damaged body rather than an inflate failure.
    private static func openBodies(_ file: SystemFile, header: SnapshotHeader, headerChecksum: CRC32) throws
        -> SnapshotBodyReader
    {
        let checksums = try SnapshotBodyReader.fileChecksums(file: file, header: header, headerChecksum: headerChecksum)
        if checksums.stored != checksums.computed {
            var locator = try SnapshotBodyReader(file: file, header: header, headerChecksum: headerChecksum)
            for index in header.shards.indices {
                do {
                    try locator.readShard(index) { _ in }
                } catch SnapshotError.invalidBody {
                    throw SnapshotError.bodyChecksumMismatch(
                        path: file.path, shard: index, bodyOffset: header.bodyOffset(of: index),
                        bodyBytes: header.shards[index].compressedBytes)
                }
            }
            throw SnapshotError.checksumMismatch(path: file.path, stored: checksums.stored, computed: checksums.computed)
        }
        return try SnapshotBodyReader(file: file, header: header, headerChecksum: headerChecksum)
    }

    /// Reads and decodes the header, checks the file's size against it, and returns it with
    /// the CRC-32 of its bytes, where the file's checksum starts.
    private static func readHeader(_ file: SystemFile, checkFileSize: Bool = true) throws -> (SnapshotHeader, CRC32) {
        let fileBytes = try mapFileErrors { try file.size() }
        guard fileBytes > 0 else { throw SnapshotError.empty(path: file.path) }
        let prefix = try mapFileErrors { try file.readBytes(count: SnapshotFormat.fixedHeaderBytes, at: 0) }
        if prefix.count < SnapshotFormat.fixedHeaderBytes {
            guard prefix.starts(with: SnapshotFormat.magic) || prefix.count < SnapshotFormat.magic.count else {
                throw SnapshotError.notASnapshot(path: file.path)
            }
            throw SnapshotError.truncated(
                path: file.path, fileBytes: UInt64(fileBytes), expectedBytes: UInt64(SnapshotFormat.fixedHeaderBytes))
        }
        let headerBytes = try SnapshotFormat.decodeHeaderSize(prefix, path: file.path)
        let bytes = try mapFileErrors { try file.readBytes(count: headerBytes, at: 0) }
        guard bytes.count == headerBytes else {
            throw SnapshotError.truncated(
                path: file.path, fileBytes: UInt64(fileBytes), expectedBytes: UInt64(headerBytes))
        }
        let header = try SnapshotFormat.decodeHeader(bytes, path: file.path)
        guard !checkFileSize || UInt64(fileBytes) == header.expectedFileBytes else {
            throw SnapshotError.truncated(
                path: file.path, fileBytes: UInt64(fileBytes), expectedBytes: header.expectedFileBytes)
        }
        var checksum = CRC32()
        checksum.update(bytes[...])
        return (header, checksum)
    }
}

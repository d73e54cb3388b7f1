/// Compresses shard bodies into a snapshot file one after another, through a bounded buffer,
/// and keeps the CRC-32 of everything it writes.
struct SnapshotBodyWriter {
    private let file: SystemFile
    private let deflater: ZlibDeflater
    private var offset: Int
    /// CRC-32 of all compressed bytes written so far.
    private(set) var checksum = CRC32()
    /// Number of compressed bytes written so far.
    private(set) var bodyBytes = 0
    /// Value of `bodyBytes` when the current body started.
    private var bodyStart = 0

    /// Prepares to write bodies into `file` from `offset` on.
    init(file: SystemFile, offset: Int, level: Int32) throws {
        self.file = file
        self.offset = offset
        do {
            deflater = try ZlibDeflater(level: level, chunkBytes: StorageLimits.snapshotChunkBytes)
        } catch {
            throw SnapshotError.compressionFailed(error)
        }
    }

    /// Compresses `body` as one zlib stream, writes it and returns its compressed size.
    mutating func append(_ body: [UInt8]) throws -> Int {
        try startBody()
        try body.withUnsafeBytes { try appendPart($0, finish: true) }
        return finishedBodyBytes
    }

    /// Starts the zlib stream of the next body, whose parts ``appendPart(_:finish:)`` adds.
    mutating func startBody() throws {
        do {
            try deflater.startStream()
        } catch let error as ZlibError {
            throw SnapshotError.compressionFailed(error)
        }
        bodyStart = bodyBytes
    }

    /// Compresses and writes the next part of the current body; `finish` marks the last part.
    mutating func appendPart(_ part: UnsafeRawBufferPointer, finish: Bool) throws {
        do {
            try deflater.compress(part: part, finish: finish) { chunk in
                try file.write(chunk, at: offset)
                offset += chunk.count
                bodyBytes += chunk.count
                checksum.update(chunk)
            }
        } catch let error as ZlibError {
            throw SnapshotError.compressionFailed(error)
        } catch let error as FileError {
            throw SnapshotError.file(error)
        }
    }

    /// Compressed size of the body most recently started, complete once its last part is in.
    var finishedBodyBytes: Int { bodyBytes - bodyStart }
}

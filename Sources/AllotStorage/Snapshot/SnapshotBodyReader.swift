/// Reads a snapshot's compressed bodies in order through bounded buffers, decompressing each
/// and extending the file's CRC-32 with every byte read.
struct SnapshotBodyReader {
    private let file: SystemFile
    private let header: SnapshotHeader
    private let inflater: ZlibInflater
    private var offset: Int
    private var checksum: CRC32
    private var input = [UInt8](repeating: 0, count: StorageLimits.snapshotChunkBytes)
    private var output = [UInt8](repeating: 0, count: StorageLimits.snapshotChunkBytes)
    private var nextShard = 0

    /// Prepares to read the bodies after a header whose bytes have CRC-32 `headerChecksum`.
    init(file: SystemFile, header: SnapshotHeader, headerChecksum: CRC32) throws {
        self.file = file
        self.header = header
        self.offset = header.headerBytes
        self.checksum = headerChecksum
        do {
            inflater = try ZlibInflater()
        } catch {
            throw SnapshotError.invalidBody(path: file.path, shard: 0, reason: "\(error)")
        }
    }

    /// Decompresses shard `index`, which must be the next one, passing its bytes to `sink` in
    /// pieces of at most ``StorageLimits/snapshotChunkBytes``.
    mutating func readShard(_ index: Int, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(index == nextShard, "shard \(index) read out of order; shard \(nextShard) is next")
        nextShard += 1
        let info = header.shards[index]
        let invalid = { [path = file.path] (reason: String) in
            SnapshotError.invalidBody(path: path, shard: index, reason: reason)
        }
        do {
            try inflater.reset()
        } catch {
            throw invalid("\(error)")
        }
        var remainingCompressed = Int(info.compressedBytes)
        var produced: UInt64 = 0
        var streamEnded = false
        while !streamEnded {
            guard remainingCompressed > 0 else { throw invalid("the compressed body ends before its zlib stream does") }
            let chunkBytes = min(remainingCompressed, input.count)
            try refillInput(chunkBytes)
            remainingCompressed -= chunkBytes
            var consumed = 0
            while consumed < chunkBytes && !streamEnded {
                let step = try inflateStep(input: consumed..<chunkBytes, invalid: invalid)
                consumed += step.consumedBytes
                produced += UInt64(step.producedBytes)
                guard produced <= info.uncompressedBytes else {
                    throw invalid(
                        "it decompresses to more than the \(info.uncompressedBytes) bytes its header declares")
                }
                try output.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[..<step.producedBytes])) }
                streamEnded = step.streamEnded
            }
            if streamEnded && (consumed < chunkBytes || remainingCompressed > 0) {
                throw invalid(
                    "\(chunkBytes - consumed + remainingCompressed) compressed bytes follow the end of its zlib stream")
            }
        }
        guard produced == info.uncompressedBytes else {
            throw invalid("it decompresses to \(produced) bytes, but its header declares \(info.uncompressedBytes)")
        }
    }

    /// Reads the trailing CRC-32 and compares it with the checksum of everything read.
    func checkTrailer() throws {
        precondition(
            nextShard == header.shards.count, "trailer checked after \(nextShard) of \(header.shards.count) shards")
        let trailer = try mapFileErrors { try file.readBytes(count: SnapshotFormat.trailerBytes, at: offset) }
        guard trailer.count == SnapshotFormat.trailerBytes else {
            throw SnapshotError.truncated(
                path: file.path, fileBytes: UInt64(offset + trailer.count), expectedBytes: header.expectedFileBytes)
        }
        let stored = trailer.withUnsafeBytes { $0.loadLittleEndian(at: 0, as: UInt32.self) }
        guard stored == checksum.value else {
            throw SnapshotError.checksumMismatch(path: file.path, stored: stored, computed: checksum.value)
        }
    }

    /// Streams the bodies through one bounded buffer, without decompressing them, and returns
    /// the trailer's stored CRC-32 with the one computed over every byte before it.
    static func fileChecksums(file: SystemFile, header: SnapshotHeader, headerChecksum: CRC32) throws
        -> (stored: UInt32, computed: UInt32)
    {
        var checksum = headerChecksum
        var buffer = [UInt8](repeating: 0, count: StorageLimits.snapshotChunkBytes)
        let trailerOffset = Int(header.expectedFileBytes) - SnapshotFormat.trailerBytes
        var offset = header.headerBytes
        while offset < trailerOffset {
            let count = min(buffer.count, trailerOffset - offset)
            let read = try mapFileErrors {
                try buffer.withUnsafeMutableBytes { try file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<count]), at: offset) }
            }
            guard read > 0 else {
                throw SnapshotError.truncated(path: file.path, fileBytes: UInt64(offset), expectedBytes: header.expectedFileBytes)
            }
            buffer.withUnsafeBytes { checksum.update(UnsafeRawBufferPointer(rebasing: $0[..<read])) }
            offset += read
        }
        let trailer = try mapFileErrors { try file.readBytes(count: SnapshotFormat.trailerBytes, at: trailerOffset) }
        guard trailer.count == SnapshotFormat.trailerBytes else {
            throw SnapshotError.truncated(
                path: file.path, fileBytes: UInt64(trailerOffset + trailer.count), expectedBytes: header.expectedFileBytes)
        }
        let stored = trailer.withUnsafeBytes { $0.loadLittleEndian(at: 0, as: UInt32.self) }
        return (stored, checksum.value)
    }

    /// Fills the start of `input` with the next `count` bytes of the file.
    private mutating func refillInput(_ count: Int) throws {
        let read = try mapFileErrors { [offset, file] in
            try input.withUnsafeMutableBytes { buffer in
                var filled = 0
                while filled < count {
                    let step = try file.read(
                        into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<count]), at: offset + filled)
                    if step == 0 { break }
                    filled += step
                }
                return filled
            }
        }
        guard read == count else {
            throw SnapshotError.truncated(
                path: file.path, fileBytes: UInt64(offset + read), expectedBytes: header.expectedFileBytes)
        }
        input.withUnsafeBytes { checksum.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        offset += count
    }

    /// Runs one inflate call over `input[range]` into the whole output buffer.
    private mutating func inflateStep(input range: Range<Int>, invalid: (String) -> SnapshotError) throws
        -> ZlibInflater.Step
    {
        let step: ZlibInflater.Step
        do {
            step = try input.withUnsafeBytes { inputBuffer in
                try output.withUnsafeMutableBytes { outputBuffer in
                    try inflater.inflate(UnsafeRawBufferPointer(rebasing: inputBuffer[range]), into: outputBuffer)
                }
            }
        } catch let error as ZlibError {
            throw invalid("\(error)")
        }
        // With output room and input left, zlib either progresses or reports an error; a step
        // that does neither would loop for ever.
        guard step.consumedBytes > 0 || step.producedBytes > 0 || step.streamEnded else {
            throw invalid("zlib made no progress")
        }
        return step
    }
}

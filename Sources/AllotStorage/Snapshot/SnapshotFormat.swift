/// Layout of snapshot files.
///
/// One file contains every shard, so one rename publishes a whole snapshot. All integers are
/// little-endian:
///
///     header   magic "ALLOTSNP" (8 bytes) | format version u32 | header bytes u32 |
///              covered sequence u64 | created milliseconds i64 | shard count u32 |
///              count name count u32 | count names (u16 length, UTF-8 each) |
///              per shard: covered sequence u64, uncompressed bytes u64,
///              compressed bytes u64, one u64 per count name |
///              CRC-32 of the header bytes before it, u32
///     bodies   one complete zlib stream per shard, in shard order
///     trailer  CRC-32 of every byte before it, u32
///
/// The header has its own CRC-32 so that inspection can trust it without reading the bodies.
/// A snapshot is named `snapshot-<covered sequence, 20 digits>.snap`.
enum SnapshotFormat {
    static let magic: [UInt8] = Array("ALLOTSNP".utf8)
    static let version: UInt32 = 1
    /// Bytes before the count names: magic through count name count.
    static let fixedHeaderBytes = 40
    static let trailerBytes = 4
    static let fileNamePrefix = "snapshot-"
    static let fileNameSuffix = ".snap"
    static let temporarySuffix = ".tmp"
    static let sequenceDigitCount = 20

    /// Largest header the limits allow; a header field claiming more is damage.
    static let maximumHeaderBytes =
        fixedHeaderBytes
        + StorageLimits.maximumSnapshotCountNames * (2 + StorageLimits.maximumSnapshotCountNameBytes)
        + StorageLimits.maximumSnapshotShardCount * (24 + 8 * StorageLimits.maximumSnapshotCountNames)
        + 4

    static func fileName(coveredSequence: UInt64) -> String {
        let digits = String(coveredSequence)
        return fileNamePrefix + String(repeating: "0", count: sequenceDigitCount - digits.count) + digits
            + fileNameSuffix
    }

    /// Returns the covered sequence encoded in a snapshot file name, or nil for any other name.
    static func coveredSequence(inFileName name: String) -> UInt64? {
        guard name.hasPrefix(fileNamePrefix), name.hasSuffix(fileNameSuffix) else { return nil }
        let digits = name.dropFirst(fileNamePrefix.count).dropLast(fileNameSuffix.count)
        guard digits.count == sequenceDigitCount, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return UInt64(digits)
    }

    /// Size of the encoded header for these count names and shard count.
    static func headerBytes(countNames: [String], shardCount: Int) -> Int {
        fixedHeaderBytes
            + countNames.reduce(0) { $0 + 2 + $1.utf8.count }
            + shardCount * (24 + 8 * countNames.count)
            + 4
    }

    /// Encodes a header, ending with its CRC-32.
    static func encodeHeader(_ header: SnapshotHeader) -> [UInt8] {
        var bytes = magic
        bytes.appendLittleEndian(header.formatVersion)
        bytes.appendLittleEndian(UInt32(header.headerBytes))
        bytes.appendLittleEndian(header.coveredSequence)
        bytes.appendLittleEndian(header.createdMilliseconds)
        bytes.appendLittleEndian(UInt32(header.shards.count))
        bytes.appendLittleEndian(UInt32(header.countNames.count))
        for name in header.countNames {
            bytes.appendLittleEndian(UInt16(name.utf8.count))
            bytes.append(contentsOf: name.utf8)
        }
        for shard in header.shards {
            bytes.appendLittleEndian(shard.coveredSequence)
            bytes.appendLittleEndian(shard.uncompressedBytes)
            bytes.appendLittleEndian(shard.compressedBytes)
            for count in shard.counts { bytes.appendLittleEndian(count) }
        }
        bytes.appendLittleEndian(CRC32.checksum(bytes[...]))
        precondition(
            bytes.count == header.headerBytes, "encoded header is \(bytes.count) bytes, expected \(header.headerBytes)")
        return bytes
    }

    /// Reads the magic, version and header size from the first ``fixedHeaderBytes``.
    static func decodeHeaderSize(_ prefix: [UInt8], path: String) throws(SnapshotError) -> Int {
        var reader = ByteReader(prefix)
        guard let fileMagic = reader.readBytes(magic.count), Array(fileMagic) == magic else {
            throw .notASnapshot(path: path)
        }
        guard let version = reader.read(UInt32.self) else {
            throw .truncated(path: path, fileBytes: UInt64(prefix.count), expectedBytes: UInt64(fixedHeaderBytes))
        }
        guard version == Self.version else { throw .unsupportedVersion(path: path, version: version) }
        guard let headerBytes = reader.read(UInt32.self).map(Int.init) else {
            throw .truncated(path: path, fileBytes: UInt64(prefix.count), expectedBytes: UInt64(fixedHeaderBytes))
        }
        guard headerBytes >= fixedHeaderBytes + 4, headerBytes <= maximumHeaderBytes else {
            throw .invalidHeader(
                path: path,
                reason:
                    "the header size field is \(headerBytes) bytes, "
                        + "outside \(fixedHeaderBytes + 4) ... \(maximumHeaderBytes)"
            )
        }
        return headerBytes
    }

    /// Decodes a whole header whose size ``decodeHeaderSize(_:path:)`` returned, checking its
    /// CRC-32 and every field against the limits.
    static func decodeHeader(_ bytes: [UInt8], path: String) throws(SnapshotError) -> SnapshotHeader {
        let stored = bytes.withUnsafeBytes { $0.loadLittleEndian(at: bytes.count - 4, as: UInt32.self) }
        guard CRC32.checksum(bytes.dropLast(4)) == stored else {
            throw .invalidHeader(path: path, reason: "the header's CRC-32 does not match")
        }

        var reader = ByteReader(bytes, offset: magic.count + 8)
        let invalid = { (reason: String) in SnapshotError.invalidHeader(path: path, reason: reason) }
        guard let covered = reader.read(UInt64.self), let created = reader.read(Int64.self),
            let shardCount = reader.read(UInt32.self).map(Int.init),
            let nameCount = reader.read(UInt32.self).map(Int.init)
        else { throw invalid("the header ends inside its fixed fields") }

        guard shardCount >= 1, shardCount <= StorageLimits.maximumSnapshotShardCount else {
            throw invalid("shard count \(shardCount) is outside 1 ... \(StorageLimits.maximumSnapshotShardCount)")
        }
        guard nameCount <= StorageLimits.maximumSnapshotCountNames else {
            throw invalid("count name count \(nameCount) is over \(StorageLimits.maximumSnapshotCountNames)")
        }

        let countNames = try decodeCountNames(&reader, count: nameCount, invalid: invalid)
        let shards = try decodeShards(&reader, count: shardCount, countsPerShard: nameCount, invalid: invalid)
        guard reader.remainingCount == 4 else {
            throw invalid("the header has \(reader.remainingCount - 4) bytes after its last field")
        }
        guard covered == shards.map(\.coveredSequence).min() else {
            throw invalid("covered sequence \(covered) is not the lowest of the shards' covered sequences")
        }

        let header = SnapshotHeader(
            formatVersion: Self.version, coveredSequence: covered, createdMilliseconds: created,
            countNames: countNames, shards: shards, headerBytes: bytes.count)
        guard header.uncompressedBytes <= StorageLimits.maximumSnapshotBytes else {
            throw .tooLarge(uncompressedBytes: header.uncompressedBytes)
        }
        return header
    }

    private static func decodeCountNames(
        _ reader: inout ByteReader, count: Int, invalid: (String) -> SnapshotError
    ) throws(SnapshotError) -> [String] {
        var names: [String] = []
        for index in 0..<count {
            guard let length = reader.read(UInt16.self).map(Int.init),
                length <= StorageLimits.maximumSnapshotCountNameBytes,
                let utf8 = reader.readBytes(length), let name = String(validating: utf8, as: UTF8.self)
            else {
                throw invalid(
                    "count name \(index) is missing, not UTF-8 "
                        + "or over \(StorageLimits.maximumSnapshotCountNameBytes) bytes"
                )
            }
            names.append(name)
        }
        return names
    }

    private static func decodeShards(
        _ reader: inout ByteReader, count: Int, countsPerShard: Int, invalid: (String) -> SnapshotError
    ) throws(SnapshotError) -> [SnapshotShardInfo] {
        var shards: [SnapshotShardInfo] = []
        for index in 0..<count {
            guard let covered = reader.read(UInt64.self), let uncompressed = reader.read(UInt64.self),
                let compressed = reader.read(UInt64.self)
            else { throw invalid("the header ends inside shard \(index)'s entry") }
            // Bounding each size first keeps the sums over all shards from overflowing.
            guard uncompressed <= StorageLimits.maximumSnapshotBytes,
                compressed <= 2 * StorageLimits.maximumSnapshotBytes
            else {
                throw invalid(
                    "shard \(index) declares \(uncompressed) bytes uncompressed and \(compressed) compressed, "
                        + "over the limit"
                )
            }
            var counts: [UInt64] = []
            for _ in 0..<countsPerShard {
                guard let value = reader.read(UInt64.self) else {
                    throw invalid("the header ends inside shard \(index)'s counts")
                }
                counts.append(value)
            }
            shards.append(
                SnapshotShardInfo(
                    coveredSequence: covered, uncompressedBytes: uncompressed, compressedBytes: compressed,
                    counts: counts))
        }
        return shards
    }
}

import CZlib
import Foundation
import Testing

@testable import AllotStorage

/// Reads journal segments and snapshots as docs/persistence.md describes
/// them, with its own little-endian reads and CRC-32, so that a change to the
/// files that the documentation does not follow fails here. Those tables are
/// what a tool in another language relies on.
@Suite struct FileLayoutTests {
    /// Reads the little-endian integers of a file in order.
    struct Cursor {
        let bytes: [UInt8]
        var offset = 0

        mutating func integer<Value: FixedWidthInteger>(_: Value.Type) throws -> Value {
            let size = MemoryLayout<Value>.size
            guard offset + size <= bytes.count else { throw LayoutError("the file ends at \(bytes.count) bytes, inside a \(size)-byte field at \(offset)") }
            var value: Value = 0
            for index in (0..<size).reversed() {
                value = value << 8 | Value(bytes[offset + index])
            }
            offset += size
            return value
        }

        mutating func take(_ count: Int) throws -> [UInt8] {
            guard offset + count <= bytes.count else { throw LayoutError("the file ends at \(bytes.count) bytes, inside \(count) bytes at \(offset)") }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }
    }

    /// CRC-32 with the IEEE 802.3 polynomial, bit by bit, as in gzip and PNG.
    static func crc32<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return ~crc
    }

    /// A file that does not have the documented layout.
    struct LayoutError: Error, CustomStringConvertible {
        let description: String

        init(_ description: String) {
            self.description = description
        }
    }

    @Test func crc32MatchesCheckValue() {
        #expect(Self.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func journalSegmentMatchesDocumentedLayout() throws {
        let folder = try TemporaryFolder()
        let writer = try JournalWriter(configuration: .init(folder: folder.path, syncPolicy: .always), nextSequence: 7)
        let payloads: [[UInt8]] = [[], [1, 2, 3], [UInt8](repeating: 0xAB, count: 300)]
        for (index, payload) in payloads.enumerated() {
            try writer.appendAndWait(shard: UInt32(index * 2), payload: payload)
        }
        try writer.close()

        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("journal-") }
        #expect(names == ["journal-00000000000000000007.log"])
        var cursor = Cursor(bytes: try TestFiles.read(folder.path + "/journal-00000000000000000007.log"))

        // A 24-byte header: magic, version, first sequence, CRC-32 of the 20 bytes before it.
        #expect(try cursor.take(8) == Array("ALLOTJNL".utf8))
        #expect(try cursor.integer(UInt32.self) == 1)
        #expect(try cursor.integer(UInt64.self) == 7)
        #expect(try cursor.integer(UInt32.self) == Self.crc32(cursor.bytes[0..<20]))
        #expect(cursor.offset == 24)

        // Records: length, CRC-32 of sequence, shard and payload, then those fields.
        for (index, payload) in payloads.enumerated() {
            let length = try cursor.integer(UInt32.self)
            let checksum = try cursor.integer(UInt32.self)
            let checkedStart = cursor.offset
            #expect(try cursor.integer(UInt64.self) == 7 + UInt64(index))
            #expect(try cursor.integer(UInt32.self) == UInt32(index * 2))
            #expect(length == UInt32(payload.count))
            #expect(try cursor.take(Int(length)) == payload)
            #expect(checksum == Self.crc32(cursor.bytes[checkedStart..<cursor.offset]), "record \(index)")
        }
        #expect(cursor.offset == cursor.bytes.count)
    }

    @Test func snapshotMatchesDocumentedLayout() throws {
        let folder = try TemporaryFolder()
        let bodyBytes = [300, 0, 2_000]
        let result = try SnapshotFixtures.write(coveredSequence: 40, to: folder.path, bodyBytes: bodyBytes)
        let shards = SnapshotFixtures.shards(coveredSequence: 40, bodyBytes: bodyBytes)
        #expect(result.path.hasSuffix("/snapshot-00000000000000000040.snap"))
        var cursor = Cursor(bytes: try TestFiles.read(result.path))

        // The header.
        #expect(try cursor.take(8) == Array("ALLOTSNP".utf8))
        #expect(try cursor.integer(UInt32.self) == 1)
        let headerBytes = Int(try cursor.integer(UInt32.self))
        #expect(try cursor.integer(UInt64.self) == 40, "the lowest of the shards' covered sequences")
        #expect(try cursor.integer(UInt64.self) == 1_700_000_000_040)
        #expect(try cursor.integer(UInt32.self) == UInt32(shards.count))
        #expect(try cursor.integer(UInt32.self) == UInt32(SnapshotFixtures.countNames.count))
        for name in SnapshotFixtures.countNames {
            let length = Int(try cursor.integer(UInt16.self))
            #expect(try cursor.take(length) == Array(name.utf8))
        }
        var sizes: [(uncompressed: Int, compressed: Int)] = []
        for shard in shards {
            #expect(try cursor.integer(UInt64.self) == shard.coveredSequence)
            let uncompressed = Int(try cursor.integer(UInt64.self))
            let compressed = Int(try cursor.integer(UInt64.self))
            #expect(uncompressed == shard.body.count)
            sizes.append((uncompressed, compressed))
            for count in shard.counts {
                #expect(try cursor.integer(UInt64.self) == count)
            }
        }
        #expect(try cursor.integer(UInt32.self) == Self.crc32(cursor.bytes[0..<(cursor.offset - 4)]))
        #expect(cursor.offset == headerBytes)

        // One zlib stream per shard, in shard order, then the CRC-32 of every byte before it.
        for (shard, size) in zip(shards, sizes) {
            let compressed = try cursor.take(size.compressed)
            #expect(try Self.inflate(compressed, expectedBytes: size.uncompressed) == shard.body)
        }
        let trailerStart = cursor.offset
        #expect(try cursor.integer(UInt32.self) == Self.crc32(cursor.bytes[0..<trailerStart]))
        #expect(cursor.offset == cursor.bytes.count)
    }

    /// Inflates one zlib stream with zlib's one-call API.
    static func inflate(_ compressed: [UInt8], expectedBytes: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(expectedBytes, 1))
        var outputBytes = uLongf(output.count)
        let code = output.withUnsafeMutableBufferPointer { destination in
            compressed.withUnsafeBufferPointer { source in
                uncompress(destination.baseAddress, &outputBytes, source.baseAddress, uLong(source.count))
            }
        }
        guard code == Z_OK else { throw LayoutError("uncompress returned \(code)") }
        return Array(output[0..<Int(outputBytes)])
    }
}

import Testing

@testable import AllotStorage

@Suite struct SnapshotStreamingTests {
    /// Writes the fixture shards, passing each body in parts of `partBytes`.
    static func writeInParts(_ shards: [SnapshotShard], partBytes: Int, to folder: String) throws -> SnapshotWriter.Result {
        try SnapshotWriter(configuration: SnapshotWriter.Configuration(folder: folder)).write(
            createdMilliseconds: 1_700_000_000_000, countNames: SnapshotFixtures.countNames, shardCount: shards.count
        ) { index, appendBody in
            let body = shards[index].body
            var start = 0
            while start < body.count {
                let end = min(start + partBytes, body.count)
                try body[start..<end].withUnsafeBytes { try appendBody($0) }
                start = end
            }
            return SnapshotShardSummary(coveredSequence: shards[index].coveredSequence, counts: shards[index].counts)
        }
    }

    @Test func bodyInPartsReadsBackWhole() throws {
        let folder = try TemporaryFolder()
        let shards = SnapshotFixtures.shards(coveredSequence: 40, bodyBytes: [70_000, 0, 1, 300_000])
        let result = try Self.writeInParts(shards, partBytes: 4_099, to: folder.path)
        let snapshot = try SnapshotReader.read(result.path)
        #expect(snapshot.bodies == shards.map(\.body))
        #expect(snapshot.header.shards.map(\.uncompressedBytes) == shards.map { UInt64($0.body.count) })
        #expect(snapshot.header.coveredSequence == 40)
    }

    @Test func partsMatchWholeBodyWrite() throws {
        let folder = try TemporaryFolder()
        let other = try TemporaryFolder()
        let shards = SnapshotFixtures.shards(coveredSequence: 7, bodyBytes: [50_000, 20_000])
        let inParts = try Self.writeInParts(shards, partBytes: 1_000, to: folder.path)
        let whole = try SnapshotWriter(configuration: SnapshotWriter.Configuration(folder: other.path)).write(
            createdMilliseconds: 1_700_000_000_000, countNames: SnapshotFixtures.countNames, shards: shards)
        #expect(try SnapshotReader.read(inParts.path).bodies == SnapshotReader.read(whole.path).bodies)
        #expect(inParts.header.shards.map(\.uncompressedBytes) == whole.header.shards.map(\.uncompressedBytes))
    }

    @Test func failingShardLeavesNoFile() throws {
        struct Stop: Error {}
        let folder = try TemporaryFolder()
        #expect(throws: Stop.self) {
            try SnapshotWriter(configuration: SnapshotWriter.Configuration(folder: folder.path)).write(
                createdMilliseconds: 1, countNames: SnapshotFixtures.countNames, shardCount: 2
            ) { index, appendBody in
                try [UInt8](repeating: 1, count: 100).withUnsafeBytes { try appendBody($0) }
                if index == 1 { throw Stop() }
                return SnapshotShardSummary(coveredSequence: 1, counts: [0, 0, 0])
            }
        }
        #expect(try folder.names().isEmpty)
    }
}

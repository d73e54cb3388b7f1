import Glibc
import Testing

@testable import AllotStorage

/// Snapshot contents for tests.
enum SnapshotFixtures {
    static let countNames = ["workspaces", "workers", "tasks"]

    /// Returns bytes from a seeded generator, half of them repetitive, so bodies both compress and vary.
    static func body(bytes: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<bytes).map { index in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return index % 2 == 0 ? UInt8(truncatingIfNeeded: state) : UInt8(index % 251)
        }
    }

    static func shards(coveredSequence: UInt64, bodyBytes: [Int] = [300, 0, 2_000]) -> [SnapshotShard] {
        bodyBytes.enumerated().map { index, bytes in
            SnapshotShard(
                coveredSequence: coveredSequence + UInt64(index),
                counts: [UInt64(index + 1), UInt64(index * 10), UInt64(bytes)],
                body: body(bytes: bytes, seed: coveredSequence * 31 + UInt64(index)))
        }
    }

    @discardableResult
    static func write(
        coveredSequence: UInt64, to folder: String, keptCount: Int = 10, bodyBytes: [Int] = [300, 0, 2_000]
    ) throws -> SnapshotWriter.Result {
        var configuration = SnapshotWriter.Configuration(folder: folder)
        configuration.keptCount = keptCount
        return try SnapshotWriter(configuration: configuration).write(
            createdMilliseconds: 1_700_000_000_000 + Int64(coveredSequence), countNames: countNames,
            shards: shards(coveredSequence: coveredSequence, bodyBytes: bodyBytes))
    }

    /// Rewrites a snapshot's header CRC-32 and trailer after a test changed header fields, so
    /// that only the changed field is wrong.
    static func reseal(_ path: String) throws {
        var bytes = try TestFiles.read(path)
        let headerBytes = Int(bytes.withUnsafeBytes { $0.loadLittleEndian(at: 12, as: UInt32.self) })
        let headerChecksum = CRC32.checksum(bytes[..<(headerBytes - 4)])
        withUnsafeBytes(of: headerChecksum.littleEndian) {
            bytes.replaceSubrange((headerBytes - 4)..<headerBytes, with: $0)
        }
        let fileChecksum = CRC32.checksum(bytes.dropLast(4))
        withUnsafeBytes(of: fileChecksum.littleEndian) { bytes.replaceSubrange((bytes.count - 4)..., with: $0) }
        try TestFiles.write(bytes, to: path)
    }

    /// Overwrites a little-endian field of a file.
    static func patch<Value: FixedWidthInteger>(_ path: String, at offset: Int, with value: Value) throws {
        var bytes = try TestFiles.read(path)
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<(offset + $0.count), with: $0) }
        try TestFiles.write(bytes, to: path)
    }
}

@Suite struct SnapshotTests {
    @Test func roundTripsHeaderAndBodies() throws {
        let folder = try TemporaryFolder()
        let shards = SnapshotFixtures.shards(coveredSequence: 40, bodyBytes: [300, 0, 1_000_000])
        let result = try SnapshotWriter(configuration: .init(folder: folder.path)).write(
            createdMilliseconds: 1_234, countNames: SnapshotFixtures.countNames, shards: shards)
        #expect(result.path == folder.file("snapshot-00000000000000000040.snap"))
        #expect(result.header.coveredSequence == 40)

        let snapshot = try SnapshotReader.read(result.path)
        #expect(snapshot.bodies == shards.map(\.body))
        #expect(snapshot.header == result.header)
        #expect(snapshot.header.createdMilliseconds == 1_234)
        #expect(snapshot.header.countNames == SnapshotFixtures.countNames)
        #expect(snapshot.header.shards.map(\.coveredSequence) == [40, 41, 42])
        #expect(snapshot.header.shards.map(\.counts) == shards.map(\.counts))
        #expect(snapshot.header.totalCount(named: "workspaces") == 6)
        #expect(snapshot.header.totalCount(named: "queues") == nil)
        #expect(try SnapshotReader.inspect(result.path) == result.header)
        #expect(try SnapshotReader.verify(result.path) == result.header)
        #expect(try folder.names() == ["snapshot-00000000000000000040.snap"])
    }

    @Test func writerAsksForEachShardOnceInOrder() throws {
        let folder = try TemporaryFolder()
        var requested: [Int] = []
        try SnapshotWriter(configuration: .init(folder: folder.path)).write(
            createdMilliseconds: 0, countNames: [], shardCount: 5
        ) { index in
            requested.append(index)
            return SnapshotShard(coveredSequence: 7, counts: [], body: [UInt8(index)])
        }
        #expect(requested == [0, 1, 2, 3, 4])
    }

    @Test func keepsOnlyNewestSnapshots() throws {
        let folder = try TemporaryFolder()
        var results: [SnapshotWriter.Result] = []
        for sequence: UInt64 in [10, 20, 30, 40] {
            results.append(try SnapshotFixtures.write(coveredSequence: sequence, to: folder.path, keptCount: 2))
        }
        #expect(try SnapshotReader.list(in: folder.path).map(\.coveredSequence) == [40, 30])
        #expect(results[2].removedPaths == [folder.file("snapshot-00000000000000000010.snap")])
        #expect(results[3].removedPaths == [folder.file("snapshot-00000000000000000020.snap")])
        #expect(results[3].oldestKeptCoveredSequence == 30)
    }

    @Test func retentionKeepsSnapshotJustWritten() throws {
        let folder = try TemporaryFolder()
        try SnapshotFixtures.write(coveredSequence: 100, to: folder.path, keptCount: 1)
        let older = try SnapshotFixtures.write(coveredSequence: 50, to: folder.path, keptCount: 1)
        #expect(try FileSystem.fileSize(older.path) != nil)
        #expect(older.removedPaths.isEmpty)
        #expect(older.oldestKeptCoveredSequence == 50)
    }

    @Test func failedWriteLeavesNoFile() throws {
        struct EncodingFailed: Error {}
        let folder = try TemporaryFolder()
        try SnapshotFixtures.write(coveredSequence: 5, to: folder.path)
        #expect(throws: EncodingFailed.self) {
            try SnapshotWriter(configuration: .init(folder: folder.path)).write(
                createdMilliseconds: 0, countNames: [], shardCount: 3
            ) { index in
                if index == 2 { throw EncodingFailed() }
                return SnapshotShard(coveredSequence: 9, counts: [], body: [1, 2, 3])
            }
        }
        #expect(try folder.names() == ["snapshot-00000000000000000005.snap"])
    }

    @Test func leftoverTemporaryFileIsRemoved() throws {
        let folder = try TemporaryFolder()
        try TestFiles.write([1, 2, 3], to: folder.file("snapshot-99.tmp"))
        try SnapshotFixtures.write(coveredSequence: 5, to: folder.path)
        #expect(try folder.names() == ["snapshot-00000000000000000005.snap"])
    }

    @Test func invalidCountNamesAreRejected() throws {
        let folder = try TemporaryFolder()
        let writer = SnapshotWriter(configuration: .init(folder: folder.path))
        let tooLong = String(repeating: "n", count: StorageLimits.maximumSnapshotCountNameBytes + 1)
        let tooMany = (0...StorageLimits.maximumSnapshotCountNames).map { "count\($0)" }
        for names in [[""], [tooLong], tooMany] {
            #expect(throws: SnapshotError.self) {
                try writer.write(createdMilliseconds: 0, countNames: names, shardCount: 1) { _ in
                    SnapshotShard(coveredSequence: 1, counts: Array(repeating: 0, count: names.count), body: [])
                }
            }
        }
        #expect(try folder.names() == [])
    }

    @Test func everyFlippedByteIsDetected() throws {
        let folder = try TemporaryFolder()
        let path = try SnapshotFixtures.write(coveredSequence: 3, to: folder.path, bodyBytes: [100, 0, 60]).path
        let original = try TestFiles.read(path)
        for position in original.indices {
            var damaged = original
            damaged[position] ^= 0x01
            try TestFiles.write(damaged, to: path)
            #expect(throws: SnapshotError.self, "byte \(position)") { try SnapshotReader.read(path) }
            #expect(throws: SnapshotError.self, "byte \(position)") { try SnapshotReader.verify(path) }
        }
    }

    @Test func truncatedFileIsRejected() throws {
        let folder = try TemporaryFolder()
        let path = try SnapshotFixtures.write(coveredSequence: 3, to: folder.path).path
        let original = try TestFiles.read(path)
        for length in [0, 5, 39, 100, original.count - 1] {
            try TestFiles.write(Array(original.prefix(length)), to: path)
            #expect(throws: SnapshotError.self, "length \(length)") { try SnapshotReader.read(path) }
        }
        try TestFiles.write(original + [0], to: path)
        #expect(
            throws: SnapshotError.truncated(
                path: path, fileBytes: UInt64(original.count + 1), expectedBytes: UInt64(original.count))
        ) { try SnapshotReader.verify(path) }
    }

    @Test func headerReadsFromHalfFile() throws {
        let folder = try TemporaryFolder()
        let written = try SnapshotFixtures.write(coveredSequence: 3, to: folder.path, bodyBytes: [4_000, 4_000])
        let original = try TestFiles.read(written.path)
        try #require(original.count / 2 > written.header.headerBytes)
        try TestFiles.write(Array(original.prefix(original.count / 2)), to: written.path)
        #expect(try SnapshotReader.inspect(written.path) == written.header)
        #expect(throws: SnapshotError.self) { try SnapshotReader.verify(written.path) }
    }

    @Test func emptyFileIsReportedAsEmpty() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("snapshot-00000000000000000001.snap")
        try TestFiles.write([], to: path)
        #expect(throws: SnapshotError.empty(path: path)) { try SnapshotReader.inspect(path) }
        #expect(throws: SnapshotError.empty(path: path)) { try SnapshotReader.verify(path) }
        #expect(SnapshotError.empty(path: path).description.contains("is empty, not a snapshot"))
    }

    @Test func flippedBodyByteNamesShard() throws {
        let folder = try TemporaryFolder()
        let written = try SnapshotFixtures.write(coveredSequence: 3, to: folder.path, bodyBytes: [100, 0, 60])
        let offset = written.header.bodyOffset(of: 2)
        try TestFiles.flipByte(at: offset + Int(written.header.shards[2].compressedBytes) / 2, in: written.path)
        let expected = SnapshotError.bodyChecksumMismatch(
            path: written.path, shard: 2, bodyOffset: offset, bodyBytes: written.header.shards[2].compressedBytes)
        #expect(throws: expected) { try SnapshotReader.verify(written.path) }
        #expect(throws: expected) { try SnapshotReader.read(written.path) }
        #expect(expected.description.contains("checksum mismatch in shard 2 body at offset \(offset)"))
        #expect(expected.description.contains("restore from an older snapshot"))
    }

    @Test func bodyLargerThanDeclaredIsRejected() throws {
        let folder = try TemporaryFolder()
        let path = try SnapshotFixtures.write(coveredSequence: 3, to: folder.path, bodyBytes: [1_000]).path
        // Shard 0's uncompressed size follows the fixed fields, the three count names and
        // shard 0's covered sequence.
        let namesBytes = SnapshotFixtures.countNames.reduce(0) { $0 + 2 + $1.utf8.count }
        try SnapshotFixtures.patch(path, at: SnapshotFormat.fixedHeaderBytes + namesBytes + 8, with: UInt64(999))
        try SnapshotFixtures.reseal(path)

        let error = #expect(throws: SnapshotError.self) { try SnapshotReader.read(path) }
        guard case .invalidBody(_, let shard, let reason) = error else {
            Issue.record("expected invalidBody, got \(String(describing: error))")
            return
        }
        #expect(shard == 0)
        #expect(reason.contains("more than the 999 bytes"))
    }

    @Test func unknownVersionIsHardError() throws {
        let folder = try TemporaryFolder()
        try SnapshotFixtures.write(coveredSequence: 3, to: folder.path)
        let newest = try SnapshotFixtures.write(coveredSequence: 9, to: folder.path).path
        try SnapshotFixtures.patch(newest, at: 8, with: UInt32(2))
        try SnapshotFixtures.reseal(newest)

        #expect(throws: SnapshotError.unsupportedVersion(path: newest, version: 2)) {
            try SnapshotReader.inspect(newest)
        }
        #expect(throws: SnapshotError.unsupportedVersion(path: newest, version: 2)) {
            try SnapshotReader.readNewestValid(in: folder.path)
        }
    }

    @Test func otherFileIsNotASnapshot() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("snapshot-00000000000000000001.snap")
        try TestFiles.write(Array("definitely not a snapshot file, just text".utf8), to: path)
        #expect(throws: SnapshotError.notASnapshot(path: path)) { try SnapshotReader.inspect(path) }
    }

    @Test func damagedNewestFallsBackToPrevious() throws {
        let folder = try TemporaryFolder()
        try SnapshotFixtures.write(coveredSequence: 3, to: folder.path)
        let middle = try SnapshotFixtures.write(coveredSequence: 6, to: folder.path)
        let newest = try SnapshotFixtures.write(coveredSequence: 9, to: folder.path)
        let size = try #require(try FileSystem.fileSize(newest.path))
        try TestFiles.flipByte(at: size - 50, in: newest.path)

        let (snapshot, notes) = try SnapshotReader.readNewestValid(in: folder.path)
        #expect(snapshot?.path == middle.path)
        #expect(snapshot?.header == middle.header)
        #expect(notes.count == 1)
        guard case .snapshotSkipped(let path, _) = notes.first else {
            Issue.record("expected a skipped-snapshot note, got \(notes)")
            return
        }
        #expect(path == newest.path)
    }

    @Test func renamedSnapshotIsSkipped() throws {
        let folder = try TemporaryFolder()
        let original = try SnapshotFixtures.write(coveredSequence: 3, to: folder.path)
        let renamed = folder.file(SnapshotFormat.fileName(coveredSequence: 8))
        try FileSystem.rename(original.path, to: renamed)
        let (snapshot, notes) = try SnapshotReader.readNewestValid(in: folder.path)
        #expect(snapshot == nil)
        #expect(notes.count == 1)
    }

    @Test func fileNamesRoundTrip() {
        #expect(SnapshotFormat.fileName(coveredSequence: 7) == "snapshot-00000000000000000007.snap")
        #expect(SnapshotFormat.coveredSequence(inFileName: "snapshot-00000000000000000007.snap") == 7)
        #expect(SnapshotFormat.coveredSequence(inFileName: "snapshot-7.snap") == nil)
        #expect(SnapshotFormat.coveredSequence(inFileName: "snapshot-00000000000000000007.snap.tmp") == nil)
    }

    @Test func unreadableNewestStopsWithoutFallback() throws {
        let folder = try TemporaryFolder()
        try SnapshotFixtures.write(coveredSequence: 3, to: folder.path)
        let newest = try SnapshotFixtures.write(coveredSequence: 6, to: folder.path)
        try TestFiles.replaceWithSymlinkLoop(newest.path)

        let cause = FileError(call: "open", path: newest.path, errorNumber: ELOOP)
        #expect(throws: SnapshotError.unreadable(path: newest.path, cause: cause)) {
            try SnapshotReader.readNewestValid(in: folder.path)
        }
        let text = SnapshotError.unreadable(path: newest.path, cause: cause).description
        #expect(text.contains("snapshot \(newest.path) cannot be read"))
        #expect(text.contains("not treated as damaged"))
    }

    @Test func skippedSnapshotReachesCallbackBeforeThrow() throws {
        let folder = try TemporaryFolder()
        let unreadable = try SnapshotFixtures.write(coveredSequence: 3, to: folder.path)
        let damaged = try SnapshotFixtures.write(coveredSequence: 6, to: folder.path)
        try TestFiles.replaceWithSymlinkLoop(unreadable.path)
        let size = try #require(try FileSystem.fileSize(damaged.path))
        try TestFiles.flipByte(at: size - 50, in: damaged.path)

        var skipped: [String] = []
        #expect(throws: SnapshotError.self) {
            try SnapshotReader.readNewestValid(in: folder.path) { note in
                if case .snapshotSkipped(let path, _) = note { skipped.append(path) }
            }
        }
        #expect(skipped == [damaged.path])
    }
}

extension TestFiles {
    /// Replaces the file at `path` with a symbolic link to itself, so that `open` fails with
    /// ELOOP. Like EACCES for a user without access, that failure gives no information about
    /// the file's bytes, and tests running as root can cause it.
    static func replaceWithSymlinkLoop(_ path: String) throws {
        try FileSystem.removeFile(path)
        guard symlink(path, path) == 0 else {
            throw FileError(call: "symlink", path: path, errorNumber: errno)
        }
    }
}

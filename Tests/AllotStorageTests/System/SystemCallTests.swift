import Glibc
import Testing

@testable import AllotStorage

@Suite struct SystemCallTests {
    @Test func crc32MatchesStandardCheckValue() {
        // The check value of CRC-32 (IEEE 802.3) over the ASCII digits 1 to 9.
        #expect(CRC32.checksum(Array("123456789".utf8)[...]) == 0xCBF4_3926)
        #expect(CRC32.checksum([][...]) == 0)
    }

    @Test func crc32CombineMatchesWholeChecksum() {
        let bytes = SnapshotFixtures.body(bytes: 10_000, seed: 3)
        for split in [0, 1, 4_999, 10_000] {
            let combined = CRC32.combine(
                CRC32.checksum(bytes[..<split]), CRC32.checksum(bytes[split...]), secondBytes: bytes.count - split)
            #expect(combined == CRC32.checksum(bytes[...]), "split at \(split)")
        }
    }

    @Test func failedOpenNamesCallPathAndErrno() {
        let path = "/nonexistent-allot-folder/file"
        #expect(throws: FileError(call: "open", path: path, errorNumber: ENOENT)) {
            try SystemFile.openForReading(path)
        }
        let error = FileError(call: "open", path: path, errorNumber: ENOENT)
        #expect(error.description == "open failed on \(path): No such file or directory (errno 2)")
    }

    @Test func adviceFitsMissingFileAndFolder() throws {
        let folder = try TemporaryFolder()
        let missing = folder.file("missing")
        do {
            _ = try SystemFile.openForReading(missing)
            Issue.record("opening \(missing) succeeded")
        } catch let error as FileError {
            #expect(error.advice.contains("Nothing exists at \(missing)"))
        }
        do {
            _ = try SystemFile.open(folder.path, flags: O_WRONLY)
            Issue.record("opening the folder \(folder.path) for writing succeeded")
        } catch let error as FileError {
            #expect(error.errorNumber == EISDIR)
            #expect(error.advice.contains("is a folder where a file is expected"))
        }
    }

    @Test func writeReadTruncateRoundTrip() throws {
        let folder = try TemporaryFolder()
        let file = try SystemFile.open(folder.file("data"), flags: O_RDWR | O_CREAT)
        try file.write(Array("hello world".utf8)[...], at: 0)
        try file.synchronizeData()
        #expect(try file.readBytes(count: 5, at: 6) == Array("world".utf8))
        #expect(try file.readBytes(count: 50, at: 6) == Array("world".utf8))
        try file.truncate(to: 5)
        #expect(try file.size() == 5)
        try file.close()
        try file.close()
    }

    @Test func directoryHelpersListRenameAndRemove() throws {
        let folder = try TemporaryFolder()
        let nested = folder.file("a")
        try FileSystem.createDirectoryIfMissing(nested)
        try FileSystem.createDirectoryIfMissing(nested)
        #expect(try FileSystem.isDirectory(nested))
        try TestFiles.write([1], to: FileSystem.join(nested, "one"))
        try FileSystem.rename(FileSystem.join(nested, "one"), to: FileSystem.join(nested, "two"))
        try FileSystem.synchronizeDirectory(nested)
        #expect(try FileSystem.listDirectory(nested) == ["two"])
        try FileSystem.removeFile(FileSystem.join(nested, "two"))
        #expect(try FileSystem.listDirectory(nested) == [])
        #expect(throws: FileError(call: "unlink", path: FileSystem.join(nested, "two"), errorNumber: ENOENT)) {
            try FileSystem.removeFile(FileSystem.join(nested, "two"))
        }
    }

    @Test func createDirectoryOverRegularFileFails() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("file")
        try TestFiles.write([1], to: path)
        #expect(throws: FileError(call: "mkdir", path: path, errorNumber: EEXIST)) {
            try FileSystem.createDirectoryIfMissing(path)
        }
    }

    @Test func parentFolderHandlesEdgeCases() {
        #expect(FileSystem.parentFolder(of: "/data/journal") == "/data")
        #expect(FileSystem.parentFolder(of: "/data/journal/") == "/data")
        #expect(FileSystem.parentFolder(of: "/data") == "/")
        #expect(FileSystem.parentFolder(of: "journal") == ".")
        #expect(FileSystem.join("/data/", "x") == "/data/x")
        #expect(FileSystem.join("/data", "x") == "/data/x")
    }
}

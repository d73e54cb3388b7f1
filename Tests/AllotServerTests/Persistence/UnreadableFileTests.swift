import AllotTestSupport
import Foundation
import Glibc
import Testing

/// Starts the server as an unprivileged user on a data folder where one file belongs to root
/// with mode 0600, as after a restore run as root. The start must stop with an error that
/// names the file and the fix, and no file may be renamed or removed.
@Suite struct UnreadableFileTests {
    /// The user that the server runs as: `nobody` on Debian.
    static let userID: UInt32 = 65534

    /// Gives the folder and every file in it to ``userID``, except `rootFile`, which stays
    /// root's with mode 0600, and returns the folder's entries.
    static func denyAccess(to rootFile: String, in folder: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(chown(folder, userID, userID) == 0)
        for name in names where folder + "/" + name != rootFile {
            #expect(chown(folder + "/" + name, userID, userID) == 0)
        }
        #expect(chown(rootFile, 0, 0) == 0)
        #expect(chmod(rootFile, 0o600) == 0)
        return names
    }

    @Test func unreadableSnapshotStopsStart() throws {
        let damaged = try CorruptionTests.DamagedFolder()
        let newest = damaged.snapshots[1]
        let names = try Self.denyAccess(to: newest, in: damaged.folder)

        let attempt = try FailedStart(folder: damaged.folder, userID: Self.userID)
        #expect(attempt.exitedNormally)
        #expect(attempt.status == 1)
        #expect(attempt.error.contains("snapshot \(newest) cannot be read"), "\(attempt.error)")
        #expect(attempt.error.contains("Permission denied (errno 13)"))
        #expect(attempt.error.contains("Check the owner and mode of \(newest)"))
        #expect(attempt.error.contains("the server runs as uid \(Self.userID)"))
        #expect(!attempt.error.contains("move"))
        #expect(!attempt.logLines.contains { $0.contains("skipped a snapshot") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: damaged.folder).sorted() == names)
        withExtendedLifetime(damaged) {}
    }

    @Test func unreadableSegmentStopsStart() throws {
        let damaged = try CorruptionTests.DamagedFolder()
        let segment = try #require(try damaged.segments.last)
        let size = try FileManager.default.attributesOfItem(atPath: segment)[.size] as? Int
        let names = try Self.denyAccess(to: segment, in: damaged.folder)

        let attempt = try FailedStart(folder: damaged.folder, userID: Self.userID)
        #expect(attempt.exitedNormally)
        #expect(attempt.status == 1)
        #expect(attempt.error.contains("open failed on \(segment): Permission denied (errno 13)"), "\(attempt.error)")
        #expect(attempt.error.contains("the server runs as uid \(Self.userID)"))
        #expect(!attempt.error.contains("move"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: damaged.folder).sorted() == names)
        #expect(try FileManager.default.attributesOfItem(atPath: segment)[.size] as? Int == size)
        withExtendedLifetime(damaged) {}
    }
}

import Glibc
import Testing

@testable import AllotStorage

@Suite struct DataDirectoryLockTests {
    @Test func secondLockNamesHolder() throws {
        let folder = try TemporaryFolder()
        let first = try DataDirectoryLock(folder: folder.path)
        #expect(throws: DataDirectoryLockError.inUse(folder: folder.path, processID: getpid())) {
            _ = try DataDirectoryLock(folder: folder.path)
        }
        first.release()
    }

    @Test func releasedLockCanBeTakenAgain() throws {
        let folder = try TemporaryFolder()
        let first = try DataDirectoryLock(folder: folder.path)
        first.release()
        let second = try DataDirectoryLock(folder: folder.path)
        second.release()
    }

    @Test func lockCreatesMissingFolder() throws {
        let parent = try TemporaryFolder()
        let folder = parent.file("data")
        let lock = try DataDirectoryLock(folder: folder)
        #expect(try FileSystem.isDirectory(folder))
        #expect(try FileSystem.fileSize(folder + "/" + DataDirectoryLock.fileName) ?? 0 > 0)
        lock.release()
    }

    @Test func droppedLockIsReleased() throws {
        let folder = try TemporaryFolder()
        do {
            _ = try DataDirectoryLock(folder: folder.path)
        }
        let again = try DataDirectoryLock(folder: folder.path)
        again.release()
    }
}

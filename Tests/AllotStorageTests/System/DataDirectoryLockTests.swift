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

    @Test func regularFileAsFolderIsNamed() throws {
        let parent = try TemporaryFolder()
        let path = parent.file("data")
        try TestFiles.write([1, 2, 3], to: path)
        #expect(throws: DataDirectoryLockError.notAFolder(folder: path)) {
            _ = try DataDirectoryLock(folder: path)
        }
        #expect("\(DataDirectoryLockError.notAFolder(folder: path))".contains("is a file, not a folder"))
    }

    @Test func danglingLinkNamesItsTarget() throws {
        let parent = try TemporaryFolder()
        let path = parent.file("data")
        #expect(symlink("elsewhere/data", path) == 0)
        let expected = DataDirectoryLockError.danglingLink(folder: path, target: "elsewhere/data")
        #expect(throws: expected) {
            _ = try DataDirectoryLock(folder: path)
        }
        #expect(throws: DataDirectoryLockError.danglingLink(folder: path + "/", target: "elsewhere/data")) {
            _ = try DataDirectoryLock(folder: path + "/")
        }
        let text = "\(expected)"
        #expect(text.contains("is a symbolic link to elsewhere/data, which does not exist"))
        #expect(text.contains("Create the folder \(parent.path)/elsewhere/data that the link points to"))
    }

    @Test func linkToFileCountsAsFile() throws {
        let parent = try TemporaryFolder()
        let file = parent.file("file")
        try TestFiles.write([1], to: file)
        let path = parent.file("data")
        #expect(symlink(file, path) == 0)
        #expect(throws: DataDirectoryLockError.notAFolder(folder: path)) {
            _ = try DataDirectoryLock(folder: path)
        }
    }

    @Test func missingParentFolderIsNamed() throws {
        let parent = try TemporaryFolder()
        let missing = parent.file("missing")
        let path = missing + "/data"
        #expect(throws: DataDirectoryLockError.parentMissing(folder: path, parent: missing)) {
            _ = try DataDirectoryLock(folder: path)
        }
        let text = "\(DataDirectoryLockError.parentMissing(folder: path, parent: missing))"
        #expect(text.contains("Create \(missing) first, or choose another --data-dir"))
    }
}

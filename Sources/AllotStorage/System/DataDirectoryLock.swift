import Glibc
import Synchronization

/// The lock that gives one process the use of a data folder.
///
/// Two servers on one folder would each recover it, open journal segments with the same
/// sequence numbers and write snapshots over each other's. The lock is an exclusive
/// `flock` on the file `lock` in the folder, which also records the holder's process ID
/// for the error a second server reports. The kernel drops the lock when the holder exits,
/// even after a crash, so a stale lock file never blocks a restart.
package final class DataDirectoryLock: Sendable {
    /// Name of the lock file inside the data folder.
    package static let fileName = "lock"

    /// The open lock file, kept open for as long as the lock is held, and nil once released.
    private let file: Mutex<SystemFile?>

    /// Creates `folder` when missing and locks it.
    ///
    /// - Throws: ``DataDirectoryLockError/inUse(folder:processID:)`` when another process
    ///   holds the lock, and another ``DataDirectoryLockError`` when the folder or the lock
    ///   file cannot be created or written.
    package init(folder: String) throws(DataDirectoryLockError) {
        do {
            try FileSystem.createDirectoryIfMissing(folder)
        } catch let error as FileError {
            throw DataDirectoryLockError(creating: folder, cause: error)
        } catch {
            preconditionFailure("creating a folder throws only FileError, got \(error)")
        }
        let path = folder + "/" + Self.fileName
        do {
            let file = try SystemFile.open(path, flags: O_RDWR | O_CREAT)
            var attempts = 1
            while try !file.lockExclusivelyWithoutWaiting() {
                let holder = Int32(String(decoding: try file.readBytes(count: Self.maximumRecordBytes, at: 0), as: UTF8.self)
                    .filter(\.isNumber))
                // This process released the lock a moment ago, but a child it was starting
                // may still share the old descriptor until its exec closes it. That passes
                // within milliseconds; another process's lock does not, and is refused at once.
                guard holder == getpid(), attempts < Self.maximumOwnLockAttempts else {
                    try? file.close()
                    throw DataDirectoryLockError.inUse(folder: folder, processID: holder)
                }
                attempts += 1
                usleep(Self.ownLockRetryMicroseconds)
            }
            let record = Array("\(getpid())\n".utf8)
            try file.truncate(to: 0)
            try file.write(record[...], at: 0)
            self.file = Mutex(file)
        } catch let error as DataDirectoryLockError {
            throw error
        } catch let error as FileError {
            throw .unusable(folder: folder, cause: error)
        } catch {
            preconditionFailure("locking a folder throws only FileError, got \(error)")
        }
    }

    /// Bytes read from the lock file for the holder's process ID, more than any ID needs.
    private static let maximumRecordBytes = 32

    /// Attempts, and the wait between them, to take a lock that this process itself
    /// released: 100 attempts 10 ms apart, one second in all.
    private static let maximumOwnLockAttempts = 100
    private static let ownLockRetryMicroseconds: useconds_t = 10_000

    /// Releases the lock. A lock that is never released is released when the process ends.
    package func release() {
        let lockedFile = file.withLock { current in
            defer { current = nil }
            return current
        }
        try? lockedFile?.close()
    }
}

/// A failure to create or lock a data folder.
package enum DataDirectoryLockError: Error, Equatable, CustomStringConvertible {
    /// Another process holds the lock. `processID` is the one its lock file names, if any.
    case inUse(folder: String, processID: Int32?)
    /// Something other than a folder exists at the data folder's path.
    case notAFolder(folder: String)
    /// The data folder's path is a symbolic link to `target`, which does not exist.
    case danglingLink(folder: String, target: String)
    /// The folder that would contain the data folder does not exist.
    case parentMissing(folder: String, parent: String)
    /// Creating the folder, or creating, locking or writing its lock file, failed.
    case unusable(folder: String, cause: FileError)

    /// Classifies a failure to create `folder`.
    init(creating folder: String, cause: FileError) {
        switch cause.errorNumber {
        case EEXIST where cause.call == "mkdir":
            // mkdir fails with EEXIST on a link to a missing target too, and such a link is no file.
            if let target = try? FileSystem.danglingLinkTarget(folder) {
                self = .danglingLink(folder: folder, target: target)
            } else {
                self = .notAFolder(folder: folder)
            }
        case ENOENT where cause.call == "mkdir":
            self = .parentMissing(folder: folder, parent: FileSystem.parentFolder(of: folder))
        default: self = .unusable(folder: folder, cause: cause)
        }
    }

    package var description: String {
        switch self {
        case .inUse(let folder, let processID):
            let holder = processID.map { "another allot-server (process \($0))" } ?? "another allot-server"
            return "data directory \(folder) is in use by \(holder); stop that server first, "
                + "or start this one with a different --data-dir"
        case .notAFolder(let folder):
            return "data directory \(folder) is a file, not a folder. Choose another --data-dir, "
                + "or move the file away so that the server can create the folder there"
        case .danglingLink(let folder, let target):
            let resolved = target.hasPrefix("/") ? target : FileSystem.join(FileSystem.parentFolder(of: folder), target)
            return "data directory \(folder) is a symbolic link to \(target), which does not exist. "
                + "Create the folder \(resolved) that the link points to, remove the link so that the server "
                + "creates the folder in its place, or choose another --data-dir"
        case .parentMissing(let folder, let parent):
            return "data directory \(folder) cannot be created because its parent folder \(parent) does not exist. "
                + "Create \(parent) first, or choose another --data-dir"
        case .unusable(let folder, let cause):
            return "data directory \(folder) cannot be used: \(cause). \(cause.advice)"
        }
    }
}

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
    ///   holds the lock, or a ``FileError`` when the folder or the lock file cannot be
    ///   created.
    package init(folder: String) throws {
        try FileSystem.createDirectoryIfMissing(folder)
        let path = folder + "/" + Self.fileName
        let file = try SystemFile.open(path, flags: O_RDWR | O_CREAT)
        guard try file.lockExclusivelyWithoutWaiting() else {
            let holder = String(decoding: try file.readBytes(count: Self.maximumRecordBytes, at: 0), as: UTF8.self)
            try? file.close()
            throw DataDirectoryLockError.inUse(folder: folder, processID: Int32(holder.filter(\.isNumber)))
        }
        let record = Array("\(getpid())\n".utf8)
        try file.truncate(to: 0)
        try file.write(record[...], at: 0)
        self.file = Mutex(file)
    }

    /// Bytes read from the lock file for the holder's process ID, more than any ID needs.
    private static let maximumRecordBytes = 32

    /// Releases the lock. A lock that is never released is released when the process ends.
    package func release() {
        let lockedFile = file.withLock { current in
            defer { current = nil }
            return current
        }
        try? lockedFile?.close()
    }
}

/// A failure to lock a data folder.
package enum DataDirectoryLockError: Error, Equatable, CustomStringConvertible {
    /// Another process holds the lock. `processID` is the one its lock file names, if any.
    case inUse(folder: String, processID: Int32?)

    package var description: String {
        switch self {
        case .inUse(let folder, let processID):
            let holder = processID.map { "another allot-server (process \($0))" } ?? "another allot-server"
            return "data directory \(folder) is in use by \(holder); stop that server first, "
                + "or start this one with a different --data-dir"
        }
    }
}

import Glibc

/// Checked path-level calls: rename, unlink, directory listing and directory sync.
///
/// Every call throws a ``FileError`` naming the C call, the path and `errno`.
package enum FileSystem {
    /// Renames `source` to `destination`, replacing it atomically if it exists (`rename(2)`).
    /// The new name is durable only after ``synchronizeDirectory(_:)`` on its folder.
    package static func rename(_ source: String, to destination: String) throws {
        try SystemFile.retryingInterrupts(call: "rename", path: "\(source) -> \(destination)") {
            Glibc.rename(source, destination)
        }
    }

    /// Removes the file at `path` (`unlink(2)`).
    package static func removeFile(_ path: String) throws {
        try SystemFile.retryingInterrupts(call: "unlink", path: path) { unlink(path) }
    }

    /// Flushes a folder's entries to the device, so that files created, renamed or removed
    /// in it stay that way after a power loss (`open` of the folder, then `fsync`).
    package static func synchronizeDirectory(_ path: String) throws {
        let directory = try SystemFile.open(path, flags: O_RDONLY | O_DIRECTORY)
        try directory.synchronize()
        try directory.close()
    }

    /// Creates the folder at `path` unless a folder already exists there (`mkdir(2)`), then
    /// syncs its parent so the new entry survives a power loss. The folder is created with
    /// mode 0700, because only its owner may read the data in it.
    package static func createDirectoryIfMissing(_ path: String) throws {
        if try isDirectory(path) { return }
        do {
            try SystemFile.retryingInterrupts(call: "mkdir", path: path) { mkdir(path, 0o700) }
        } catch let error as FileError where error.errorNumber == EEXIST {
            // Another process created it between the check and the call; the check below
            // still rejects a regular file of that name.
            if try isDirectory(path) { return }
            throw error
        }
        try synchronizeDirectory(parentFolder(of: path))
    }

    /// Returns whether `path` is an existing folder, and false when nothing exists there.
    package static func isDirectory(_ path: String) throws -> Bool {
        guard let status = try status(path) else { return false }
        return status.st_mode & S_IFMT == S_IFDIR
    }

    /// Returns the target of the symbolic link at `path` when that target does not exist,
    /// and nil when `path` is no link or its target exists (`lstat(2)`, `readlink(2)`).
    package static func danglingLinkTarget(_ path: String) throws -> String? {
        // A trailing slash would make lstat follow the link.
        var link = Substring(path)
        while link.count > 1 && link.hasSuffix("/") { link.removeLast() }
        let linkPath = String(link)
        var linkStatus = stat()
        try SystemFile.retryingInterrupts(call: "lstat", path: linkPath) { lstat(linkPath, &linkStatus) }
        guard linkStatus.st_mode & S_IFMT == S_IFLNK, try status(linkPath) == nil else { return nil }
        var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = try SystemFile.retryingInterrupts(call: "readlink", path: linkPath) {
            readlink(linkPath, &target, target.count - 1)
        }
        return String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Returns the size in bytes of the file at `path`, or nil when nothing exists there.
    package static func fileSize(_ path: String) throws -> Int? {
        try status(path).map { Int($0.st_size) }
    }

    /// Lists the names of the entries in the folder at `path`, without `.` and `..`, in no
    /// particular order (`opendir(3)`, `readdir(3)`).
    package static func listDirectory(_ path: String) throws -> [String] {
        guard let directory = opendir(path) else {
            throw FileError(call: "opendir", path: path, errorNumber: errno)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while true {
            // readdir returns nil both at the end and on error; only an error sets errno.
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw FileError(call: "readdir", path: path, errorNumber: errno) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    /// Joins a folder and a file name with one `/`.
    package static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Returns the folder that contains `path`: `"."` for a bare name, `"/"` for a top-level entry.
    package static func parentFolder(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    private static func status(_ path: String) throws -> stat? {
        var status = stat()
        do {
            try SystemFile.retryingInterrupts(call: "stat", path: path) { stat(path, &status) }
        } catch let error as FileError where error.errorNumber == ENOENT {
            return nil
        }
        return status
    }
}

/// Errors from writing, reading and verifying snapshot files.
package enum SnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file or folder call failed.
    case file(FileError)
    /// Recovery could not read a snapshot because a system call failed, for example with a
    /// denied permission or an exhausted limit, and stopped without changing any file.
    case unreadable(path: String, cause: FileError)
    /// zlib failed while compressing; the snapshot was not written.
    case compressionFailed(ZlibError)
    /// The caller's count names break a limit; nothing was written.
    case invalidCountNames(reason: String)
    /// The snapshot's bodies decompress to more than ``StorageLimits/maximumSnapshotBytes``.
    case tooLarge(uncompressedBytes: UInt64)
    /// The file does not start with the snapshot magic.
    case notASnapshot(path: String)
    /// The file has no bytes at all.
    case empty(path: String)
    /// The file was written in a format version this build does not read.
    case unsupportedVersion(path: String, version: UInt32)
    /// The header fails its CRC-32 or contains impossible values.
    case invalidHeader(path: String, reason: String)
    /// The file is shorter or longer than its header states.
    case truncated(path: String, fileBytes: UInt64, expectedBytes: UInt64)
    /// A shard's compressed body does not decompress to the size the header gives.
    case invalidBody(path: String, shard: Int, reason: String)
    /// The trailing CRC-32 does not match the file's bytes.
    case checksumMismatch(path: String, stored: UInt32, computed: UInt32)
    /// The trailing CRC-32 does not match, and shard `shard`'s body, which starts at byte
    /// `bodyOffset` of the file, is the first that fails zlib's own check.
    case bodyChecksumMismatch(path: String, shard: Int, bodyOffset: Int, bodyBytes: UInt64)

    /// Whether recovery may skip this snapshot and fall back to an older one. Every defect
    /// in the file's bytes qualifies, because the journal gap check stops a fallback that
    /// would lose records. A failed system call does not, whatever its `errno`. EACCES, EMFILE
    /// or ENOMEM tell nothing about the bytes, and a read that failed with EIO may succeed once
    /// the device is fixed, so the operator decides. An unknown version does not either: an older build must not
    /// quietly roll back the state that a newer build wrote.
    package var allowsFallback: Bool {
        switch self {
        case .file, .unreadable, .unsupportedVersion: false
        default: true
        }
    }

    /// What to do about a file whose bytes changed after it was written.
    static let damagedAdvice = "The file is damaged; restore from an older snapshot: move this file "
        + "out of the data folder and the server starts from the previous one"

    package var description: String {
        switch self {
        case .file(let cause):
            "\(cause). \(cause.advice)"
        case .unreadable(let path, let cause):
            "snapshot \(path) cannot be read: \(cause). Its bytes were not checked, so it is not treated as "
                + "damaged, and recovery stopped without changing any file. \(cause.advice) Then start the server again"
        case .compressionFailed(let cause):
            "compressing the snapshot failed: \(cause)"
        case .invalidCountNames(let reason):
            "invalid snapshot count names: \(reason)"
        case .tooLarge(let bytes):
            "the snapshot's bodies total \(bytes) bytes, over the limit of \(StorageLimits.maximumSnapshotBytes)"
        case .notASnapshot(let path):
            "\(path) is not an Allot snapshot: it does not start with the magic ALLOTSNP"
        case .empty:
            defect + ": a write was interrupted before its first byte, or the file was truncated. "
                + "Delete it; the server starts from the previous snapshot"
        case .unsupportedVersion(let path, let version):
            "snapshot \(path) has format version \(version), but this build reads version \(SnapshotFormat.version); "
                + "it was written by a newer Allot. Run a version that reads it, or move the file out of the "
                + "data folder to start from the previous snapshot"
        case .invalidHeader(let path, let reason):
            "snapshot \(path) has an invalid header: \(reason)"
        case .truncated(let path, let fileBytes, let expectedBytes):
            "snapshot \(path) is \(fileBytes) bytes, but its header describes \(expectedBytes) bytes: "
                + "the file was cut short or appended to"
        case .invalidBody(let path, let shard, let reason):
            "snapshot \(path) has a damaged body for shard \(shard): \(reason)"
        case .checksumMismatch, .bodyChecksumMismatch:
            defect + ". " + Self.damagedAdvice
        }
    }

    /// The defect without the advice that ``description`` adds to some cases. A skipped
    /// snapshot's note uses it, because recovery has already fallen back past the file.
    package var defect: String {
        switch self {
        case .empty(let path):
            "\(path) is empty, not a snapshot"
        case .checksumMismatch(let path, let stored, let computed):
            "snapshot \(path) fails its checksum: the trailer stores \(stored) but the bytes give \(computed)"
        case .bodyChecksumMismatch(let path, let shard, let bodyOffset, let bodyBytes):
            "snapshot \(path): checksum mismatch in shard \(shard) body at offset \(bodyOffset) "
                + "(the body's \(bodyBytes) bytes start there)"
        default:
            description
        }
    }
}

import Glibc

@testable import AllotStorage

/// A tiny tmpfs mounted over a fresh temporary folder, for tests that need a full file
/// system. Mounting needs root or CAP_SYS_ADMIN; tests that use it are skipped where it is
/// not permitted.
final class TmpfsMount {
    /// The folder is unmounted in `deinit`, before this property releases and removes it.
    private let folder: TemporaryFolder

    var path: String { folder.path }

    /// Whether this process may mount a tmpfs, found by mounting one.
    static let isPermitted: Bool = (try? TmpfsMount(bytes: 4_096)) != nil

    init(bytes: Int) throws {
        folder = try TemporaryFolder()
        guard Glibc.mount("tmpfs", folder.path, "tmpfs", 0, "size=\(bytes),mode=0755") == 0 else {
            throw FileError(call: "mount", path: folder.path, errorNumber: errno)
        }
    }

    deinit {
        // Detach lazily so that a descriptor a failing test left open cannot keep it mounted.
        _ = umount2(folder.path, Int32(MNT_DETACH))
    }
}

import AllotTestSupport
import Glibc

/// Sets another process's file size limit (RLIMIT_FSIZE) through prlimit(2), so that a test
/// can make the server's writes fail as on a full disk and then let them succeed again.
/// Glibc declares prlimit only under _GNU_SOURCE, which Swift's Glibc module leaves out, so
/// the function is looked up at run time.
enum FileSizeLimit {
    private typealias PrlimitFunction = @convention(c) (
        pid_t, Int32, UnsafePointer<rlimit>?, UnsafeMutablePointer<rlimit>?
    ) -> Int32

    /// Limits the files of process `pid` to `bytes`; nil removes the limit.
    static func set(_ bytes: Int?, forProcess pid: Int32) throws {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prlimit") else {
            throw TestFailure("prlimit is not in the C library")
        }
        let prlimit = unsafeBitCast(symbol, to: PrlimitFunction.self)
        // RLIM_INFINITY is all bits set, which Swift imports as an overflowing literal.
        let infinity = rlim_t.max
        var limit = rlimit(rlim_cur: bytes.map(rlim_t.init) ?? infinity, rlim_max: infinity)
        guard prlimit(pid, Int32(RLIMIT_FSIZE.rawValue), &limit, nil) == 0 else {
            throw TestFailure("prlimit on process \(pid) failed: errno \(errno)")
        }
    }
}

import Glibc

/// A failed system call: the call's name and the errno it left.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Name of the libc function that failed.
    public let call: String
    /// errno right after the call.
    public let errno: Int32

    /// Captures errno for `call`; must run right after the failing call.
    init(call: StaticString) {
        self.call = "\(call)"
        self.errno = Glibc.errno
    }

    /// An error with a known errno, for calls that return it instead of setting errno.
    init(call: StaticString, errno: Int32) {
        self.call = "\(call)"
        self.errno = errno
    }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

import Glibc

/// A failed system call on a file or folder: the call, the path and the `errno` it set.
package struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Name of the C function that failed, such as `"fdatasync"`.
    package let call: String
    /// Path of the file or folder the call was made on.
    package let path: String
    /// The `errno` value the call set.
    package let errorNumber: Int32

    package init(call: String, path: String, errorNumber: Int32) {
        self.call = call
        self.path = path
        self.errorNumber = errorNumber
    }

    /// Whether the failure means the file system is out of space or quota.
    package var isOutOfSpace: Bool {
        errorNumber == ENOSPC || errorNumber == EDQUOT
    }

    package var description: String {
        "\(call) failed on \(path): \(String(cString: strerror(errorNumber))) (errno \(errorNumber))"
    }
}

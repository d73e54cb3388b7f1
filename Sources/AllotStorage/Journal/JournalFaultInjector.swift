import Glibc
import Synchronization

/// Makes chosen calls of a journal writer fail, so tests can reach the failure paths that a
/// real device seldom takes, such as a failed `fdatasync`.
final class JournalFaultInjector: Sendable {
    /// A call the writer makes that can be set to fail.
    enum Call: Hashable, Sendable {
        case createSegment
        case write
        case synchronize
    }

    private let remainingFailures = Mutex<[Call: (count: Int, errorNumber: Int32)]>([:])

    init() {}

    /// Makes the next `count` calls of `call` fail with `errorNumber`.
    func fail(_ call: Call, count: Int = 1, errorNumber: Int32 = EIO) {
        remainingFailures.withLock { $0[call] = (count, errorNumber) }
    }

    /// Throws the planned error if the next `call` is set to fail.
    func check(_ call: Call, path: String) throws {
        let errorNumber: Int32? = remainingFailures.withLock { failures in
            guard let planned = failures[call], planned.count > 0 else { return nil }
            failures[call] = (planned.count - 1, planned.errorNumber)
            return planned.errorNumber
        }
        if let errorNumber {
            throw FileError(call: "\(call) (injected)", path: path, errorNumber: errorNumber)
        }
    }
}

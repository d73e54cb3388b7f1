/// Something the journal writer reports for the server to log.
package enum JournalWriterEvent: Equatable, Sendable {
    /// A write, sync or segment creation failed. Waiting appenders got
    /// ``JournalError/writeFailed(_:)``, and the writer tries again after `retryDelay`.
    case writeFailed(FileError, failedAttemptCount: Int, retryDelay: Duration)
    /// A write and sync succeeded after `failedAttemptCount` failed attempts; every record
    /// appended so far is durable again.
    case writeRecovered(failedAttemptCount: Int)
}

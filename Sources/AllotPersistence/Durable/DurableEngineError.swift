import AllotCore
import AllotStorage

/// The reason a durable command got no successful reply.
package enum DurableEngineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The engine rejected the command; nothing was applied or journaled.
    case engine(EngineError)
    /// The journal could not take or keep the record. When `applied` is false the command was
    /// not applied. When it is true the engine applied it and the record stays queued for the
    /// writer's retries, so the mutation is not known to be durable: it may survive a restart
    /// or not. Clients get UNAVAILABLE and should read the resource before retrying.
    case unavailable(JournalError, applied: Bool)
    /// The command cannot be encoded as a journal record, for example because a string
    /// contains a NUL character; nothing was applied.
    case invalidCommand(PersistenceCodecError)
    /// The encoded command is over the journal's record limit; nothing was applied.
    case commandTooLarge(payloadBytes: Int)
    /// The durable engine was closed; nothing was applied.
    case closed

    /// The gRPC status code for replies: the engine error's own, INVALID_ARGUMENT (3) for
    /// commands that cannot be journaled, and UNAVAILABLE (14) for journal failures.
    package var grpcStatusCode: Int {
        switch self {
        case .engine(let error): error.code.grpcStatusCode
        case .invalidCommand, .commandTooLarge: 3
        case .unavailable, .closed: 14
        }
    }

    /// Returns `error`'s text ending with one full stop, since journal errors end with
    /// advice that has its own.
    private static func sentence(_ error: some Error) -> String {
        let text = "\(error)"
        return text.hasSuffix(".") ? text : text + "."
    }

    /// Returns the journal's fault for the client whose change was rejected. A failed write
    /// is an earlier record's, so the journal error's own text would describe another record.
    private static func rejectionReason(_ cause: JournalError) -> String {
        guard case .writeFailed(let fileError) = cause else { return "\(cause)" }
        return "an earlier journal write failed (\(fileError)) and the writer is retrying it. "
            + "Retry the change once writes succeed again. \(fileError.advice)"
    }

    package var description: String {
        switch self {
        case .engine(let error):
            "\(error)"
        case .unavailable(let cause, let applied):
            applied
                ? "the change was applied but is not known to be durable: \(Self.sentence(cause)) Read the resource before retrying"
                : "the journal is unavailable, so the change was not applied: \(Self.rejectionReason(cause))"
        case .invalidCommand(let cause):
            "the request cannot be recorded in the journal: \(cause); remove NUL characters from its strings"
        case .commandTooLarge(let payloadBytes):
            "the request encodes to \(payloadBytes) bytes, over the journal record limit of "
                + "\(StorageLimits.maximumRecordPayloadBytes); shorten its longest field"
        case .closed:
            "the server is shutting down and accepts no more changes"
        }
    }
}

/// The reason a data folder could not be opened.
package enum DurableRecoveryError: Error, Sendable, CustomStringConvertible {
    /// A snapshot passed its checksums but its body cannot be restored.
    case snapshotUnusable(path: String, shard: Int, cause: any Error & Sendable)
    /// A journal record could not be decoded or failed when applied again, so the journal and
    /// the restored state disagree.
    case replayFailed(sequence: UInt64, shard: UInt32, cause: any Error & Sendable)

    package var description: String {
        switch self {
        case .snapshotUnusable(let path, let shard, let cause):
            "snapshot \(path) cannot be restored (shard \(shard)): \(cause). Move it out of the data folder "
                + "to fall back to the previous snapshot, or run the Allot version that wrote it"
        case .replayFailed(let sequence, let shard, let cause):
            "journal record \(sequence) (shard \(shard)) cannot be replayed: \(cause). The record passed its "
                + "checksum, so it was written this way: a newer Allot wrote it, the journal and the snapshot come "
                + "from different data folders, or replay differs from the original run, which is a bug to report. "
                + "Run the Allot version that wrote the folder, or restore the data folder from a backup"
        }
    }
}

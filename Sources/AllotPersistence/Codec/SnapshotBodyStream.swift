import AllotCore
import Dispatch
import Foundation

/// Encodes a captured shard on a second thread and hands the body to the caller's thread in
/// parts, so that encoding overlaps compressing and writing the snapshot file, and only a
/// few parts rather than the whole body are in memory.
///
/// The encoding thread is a new thread, so it starts with the caller's nice value: a
/// snapshot that the scheduler writes at a lowered priority encodes at that priority too.
enum SnapshotBodyStream {
    /// Bytes per part, large enough that handing a part over costs little against encoding
    /// it, and small enough that the queued parts stay a few megabytes.
    static let partBytes = 1 << 20
    /// Parts encoded ahead of the consumer at most.
    static let maximumQueuedParts = 8

    /// An item the encoding thread hands over.
    enum Part: Sendable {
        case bytes([UInt8])
        case failed(PersistenceCodecError)
        /// The body ended; its counts, and the wall time the encoding thread spent.
        case finished(SnapshotBodyCounts, Duration)
    }

    /// Passes the body of `snapshot` to `consume` in parts of about `partBytes`, in order, and
    /// returns its counts and the encoding thread's wall time.
    ///
    /// - Throws: ``PersistenceCodecError`` from encoding, or what `consume` throws. Either way
    ///   the encoding thread has stopped when this returns.
    static func encode(_ snapshot: ShardSnapshot, partBytes: Int = partBytes,
                       consume: (UnsafeRawBufferPointer) throws -> Void) throws -> (SnapshotBodyCounts, Duration) {
        let handoff = BoundedHandoff<Part>(capacity: maximumQueuedParts)
        let thread = Thread { produce(snapshot, partBytes: partBytes, into: handoff) }
        thread.name = "allot-snapshot-encoder"
        thread.start()
        var failure: (any Error)?
        while true {
            switch handoff.take() {
            case .bytes(let bytes):
                guard failure == nil else { continue }
                do {
                    try bytes.withUnsafeBytes { try consume($0) }
                } catch {
                    // Keep taking parts so that the encoding thread is never left blocked.
                    failure = error
                    handoff.cancel()
                }
            case .failed(let error):
                throw failure ?? error
            case .finished(let counts, let duration):
                if let failure { throw failure }
                return (counts, duration)
            }
        }
    }

    /// A consumer's cancellation, thrown inside the encoder to stop it early.
    private struct Cancelled: Error {}

    /// Encodes on the encoding thread and always ends the stream with `finished` or `failed`.
    private static func produce(_ snapshot: ShardSnapshot, partBytes: Int, into handoff: BoundedHandoff<Part>) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let counts = try SnapshotBodyEncoder.encode(snapshot, partBytes: partBytes) { part in
                guard !handoff.isCancelled else { throw Cancelled() }
                handoff.put(.bytes(part))
            }
            handoff.put(.finished(counts, clock.now - start))
        } catch let error as PersistenceCodecError {
            handoff.put(.failed(error))
        } catch {
            // Only a cancellation gets here; the consumer is waiting for an end marker.
            handoff.put(.finished(SnapshotBodyCounts(), clock.now - start))
        }
    }
}

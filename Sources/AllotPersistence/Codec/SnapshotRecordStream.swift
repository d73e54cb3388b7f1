import AllotCore
import AllotWire
import Dispatch
import Synchronization

/// Decodes the records of a snapshot body on a second thread and hands them to the caller's
/// thread in chunks, so that protobuf decoding and the parsing of task attributes overlap the
/// rebuilding of the engine state.
///
/// At most ``maximumQueuedChunks`` chunks wait at a time, which bounds the memory held ahead
/// of the consumer whatever the body's size.
enum SnapshotRecordStream {
    /// Chunks decoded ahead of the consumer at most.
    static let maximumQueuedChunks = 16
    /// Records after which a chunk is handed over. A batch record's contents stay in one
    /// chunk, so a chunk can exceed this by up to one batch (256 records).
    static let chunkRecordCount = 512

    /// A decoded record, with a task's attributes parsed when they are valid.
    struct Decoded: Sendable {
        var record: SnapshotImage.Record
        var attributes: AttributeValue?
    }

    /// Passes every record after the header, which starts at `offset`, to `consume` in body
    /// order.
    ///
    /// - Throws: ``PersistenceCodecError`` from decoding, or what `consume` throws. Either way
    ///   the decoding thread has stopped when this returns.
    static func forEachRecord(in body: [UInt8], from offset: Int,
                              _ consume: (SnapshotImage.Record, AttributeValue?) throws -> Void) throws {
        let handoff = BoundedHandoff<Chunk>(capacity: maximumQueuedChunks)
        DispatchQueue.global(qos: .userInitiated).async {
            produce(body, from: offset, into: handoff)
        }
        var failure: (any Error)?
        while true {
            switch handoff.take() {
            case .records(var records):
                guard failure == nil else { continue }
                do {
                    // The chunk arrives reversed, so that popping moves each record out
                    // instead of copying it.
                    while let decoded = records.popLast() { try consume(decoded.record, decoded.attributes) }
                } catch {
                    // Keep draining so that the decoding thread is never left blocked on a full queue.
                    failure = error
                    handoff.cancel()
                }
            case .failed(let error):
                throw failure ?? error
            case .finished:
                if let failure { throw failure }
                return
            }
        }
    }

    /// Decodes records on the decoding thread until the body ends, decoding fails or the
    /// consumer cancels, and always ends the stream with `finished` or `failed`.
    private static func produce(_ body: [UInt8], from start: Int, into handoff: BoundedHandoff<Chunk>) {
        body.withUnsafeBytes { bytes in
            var offset = start
            var chunk: [Decoded] = []
            chunk.reserveCapacity(chunkRecordCount)
            do {
                while let record = try SnapshotBodyDecoder.nextRecord(bytes, offset: &offset) {
                    try SnapshotBodyDecoder.images(of: record) { image in
                        guard case .task(let task) = image else {
                            chunk.append(Decoded(record: image, attributes: nil))
                            return
                        }
                        chunk.append(Decoded(record: image, attributes: ShardSnapshotBuilder.parseStoredAttributes(task.attributes)))
                    }
                    guard chunk.count >= chunkRecordCount else { continue }
                    guard !handoff.isCancelled else { break }
                    chunk.reverse()
                    handoff.put(.records(chunk))
                    chunk = []
                    chunk.reserveCapacity(chunkRecordCount)
                }
                chunk.reverse()
                if !chunk.isEmpty { handoff.put(.records(chunk)) }
                handoff.put(.finished)
            } catch let error as PersistenceCodecError {
                handoff.put(.failed(error))
            } catch {
                preconditionFailure("decoding a snapshot record threw \(error)")
            }
        }
    }

    /// An item the decoding thread hands over.
    enum Chunk: Sendable {
        /// Records in reverse body order.
        case records([Decoded])
        case failed(PersistenceCodecError)
        case finished
    }
}

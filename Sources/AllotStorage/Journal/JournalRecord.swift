/// One accepted mutation as stored in the journal.
package struct JournalRecord: Equatable, Sendable {
    /// Position in the journal, starting at 1 and increasing by 1 per record across segments.
    package let sequence: UInt64
    /// Engine shard the mutation applied to.
    package let shard: UInt32
    /// The encoded command, opaque to storage.
    package let payload: [UInt8]

    package init(sequence: UInt64, shard: UInt32, payload: [UInt8]) {
        self.sequence = sequence
        self.shard = shard
        self.payload = payload
    }
}

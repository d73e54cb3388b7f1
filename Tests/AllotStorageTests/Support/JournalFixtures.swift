@testable import AllotStorage

/// Journals written for reader and recovery tests.
enum JournalFixtures {
    /// A payload that names its record, so a test can tell records apart.
    static func payload(_ sequence: UInt64, bytes: Int = 40) -> [UInt8] {
        let label = Array("record-\(sequence)-".utf8)
        return (0..<bytes).map { label[$0 % label.count] }
    }

    /// Appends `count` records (sequences `firstSequence` onwards, shards cycling 0 to 3) and
    /// closes the writer.
    @discardableResult
    static func write(
        count: Int, firstSequence: UInt64 = 1, to folder: String,
        segmentBytes: Int = StorageLimits.journalSegmentBytes, payloadBytes: Int = 40
    ) throws -> [JournalRecord] {
        var configuration = JournalWriter.Configuration(folder: folder, syncPolicy: .never)
        configuration.segmentBytes = segmentBytes
        let writer = try JournalWriter(configuration: configuration, nextSequence: firstSequence)
        var records: [JournalRecord] = []
        for index in 0..<count {
            let sequence = firstSequence + UInt64(index)
            let record = JournalRecord(
                sequence: sequence, shard: UInt32(index % 4), payload: payload(sequence, bytes: payloadBytes))
            let assigned = try writer.append(shard: record.shard, payload: record.payload)
            precondition(assigned == sequence, "writer assigned \(assigned), expected \(sequence)")
            records.append(record)
        }
        try writer.close()
        return records
    }

    /// Encoded size of one record with a payload of `payloadBytes`.
    static func recordBytes(payloadBytes: Int = 40) -> Int {
        JournalFormat.recordHeaderBytes + payloadBytes
    }

    static func segmentPath(in folder: String, firstSequence: UInt64) -> String {
        FileSystem.join(folder, JournalFormat.segmentName(firstSequence: firstSequence))
    }
}

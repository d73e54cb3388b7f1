/// Reads the journal's records in sequence order across segments, checking every CRC-32 and
/// that sequence numbers run on without a gap.
///
/// A record that is torn or damaged at the end of the last segment is what a crash during a
/// write leaves: the reader reports it and, unless asked only to report, truncates the file
/// there. Any other damage, a gap, an overlap or an unknown format version throws a
/// ``JournalError`` whose message includes what the operator can do next.
package struct JournalReader: Sendable {
    /// Treatment of a torn record at the end of the last segment.
    package enum TailRepair: Sendable {
        /// Truncate the segment before the torn record, or remove a segment whose header is
        /// incomplete, and sync the change. Recovery uses this.
        case truncate
        /// Leave the files unchanged and only report; for inspection tools.
        case reportOnly
    }

    /// Outcome of a read.
    package struct Summary: Equatable, Sendable {
        /// The sequence the next appended record gets: one past the last valid record, or the
        /// first sequence of an empty last segment. Nil when the folder contains no segment.
        package var nextSequence: UInt64?
        /// How many records were passed to the caller.
        package var deliveredCount = 0
        package var notes: [RecoveryNote] = []
    }

    package let folder: String

    package init(folder: String) {
        self.folder = folder
    }

    /// Passes every record with a sequence above `sequence` to `body`, in order.
    ///
    /// Segments whose records all lie at or below `sequence` are not read. The first segment
    /// read must begin at or before `sequence + 1`.
    ///
    /// - Throws: a ``JournalError`` for damage, gaps or unknown versions, or what `body` throws.
    ///   Records passed to `body` before the error stay delivered.
    package func readRecords(
        after sequence: UInt64,
        tailRepair: TailRepair = .truncate,
        _ body: (JournalRecord) throws -> Void
    ) throws -> Summary {
        let segments: [JournalSegment]
        do {
            segments = try JournalSegments.list(in: folder)
        } catch let error as FileError {
            throw JournalError.file(error)
        }
        guard !segments.isEmpty else { return Summary(nextSequence: nil) }

        // Records at or below `sequence` are not needed, so start with the segment that
        // contains `sequence + 1`, which is the last one that begins at or before it.
        let startIndex = segments.lastIndex { $0.firstSequence <= sequence + 1 } ?? 0
        if segments[startIndex].firstSequence > sequence + 1 {
            throw JournalError.sequenceGap(
                firstMissing: sequence + 1, lastMissing: segments[startIndex].firstSequence - 1,
                segmentPath: segments[startIndex].path)
        }
        var summary = Summary(nextSequence: segments[startIndex].firstSequence)
        for index in startIndex..<segments.count {
            let segment = segments[index]
            let expected = summary.nextSequence ?? segment.firstSequence
            if segment.firstSequence > expected {
                throw JournalError.sequenceGap(
                    firstMissing: max(expected, sequence + 1), lastMissing: segment.firstSequence - 1,
                    segmentPath: segment.path)
            }
            if segment.firstSequence < expected {
                throw JournalError.sequenceOverlap(
                    segmentPath: segment.path, firstSequence: segment.firstSequence, expectedSequence: expected)
            }
            let scan = JournalSegmentScan(
                segment: segment,
                nextSegmentFirstSequence: index + 1 < segments.count ? segments[index + 1].firstSequence : nil,
                deliverAfter: sequence, tailRepair: tailRepair)
            let result = try scan.read(body)
            summary.nextSequence = result.nextSequence
            summary.deliveredCount += result.deliveredCount
            summary.notes += result.notes
        }
        return summary
    }

    /// Reads every record into memory; for tests and small journals.
    package func allRecords(after sequence: UInt64 = 0, tailRepair: TailRepair = .truncate) throws
        -> (records: [JournalRecord], summary: Summary)
    {
        var records: [JournalRecord] = []
        let summary = try readRecords(after: sequence, tailRepair: tailRepair) { records.append($0) }
        return (records, summary)
    }
}

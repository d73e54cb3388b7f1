import Glibc

/// Reads one segment file: its header, then its records in order.
struct JournalSegmentScan {
    struct Result {
        /// One past the last valid record's sequence.
        var nextSequence: UInt64
        var deliveredCount = 0
        var notes: [RecoveryNote] = []
    }

    let segment: JournalSegment
    /// The first sequence of the segment after this one, or nil for the last segment.
    let nextSegmentFirstSequence: UInt64?
    /// Records at or below this sequence are checked but not delivered.
    let deliverAfter: UInt64
    let tailRepair: JournalReader.TailRepair

    var isLastSegment: Bool { nextSegmentFirstSequence == nil }

    init(segment: JournalSegment, nextSegmentFirstSequence: UInt64?, deliverAfter: UInt64,
         tailRepair: JournalReader.TailRepair) {
        self.segment = segment
        self.nextSegmentFirstSequence = nextSegmentFirstSequence
        self.deliverAfter = deliverAfter
        self.tailRepair = tailRepair
    }

    func read(_ body: (JournalRecord) throws -> Void) throws -> Result {
        let bytes = try loadFile()
        var result = Result(nextSequence: segment.firstSequence)
        if let note = try checkHeader(bytes) {
            result.notes.append(note)
            return result
        }
        // The writer allocates a segment's space ahead of its records, so a segment that was not
        // closed cleanly ends in zeros. Every record has a nonzero sequence number, so the
        // records end where nothing but zeros follows.
        let dataEnd = Self.endOfData(bytes)
        var offset = JournalFormat.segmentHeaderBytes
        while offset < dataEnd {
            let decoding = bytes.withUnsafeBytes { JournalFormat.decodeRecord(in: $0, at: offset) }
            switch decoding {
            case .record(let record, let endOffset):
                guard record.sequence == result.nextSequence else {
                    throw JournalError.corruptRecord(
                        path: segment.path, offset: offset,
                        defect: .unexpectedSequence(found: record.sequence, expected: result.nextSequence))
                }
                if record.sequence > deliverAfter {
                    try body(record)
                    result.deliveredCount += 1
                }
                result.nextSequence += 1
                offset = endOffset
            case .invalid(let foundDefect):
                var defect = foundDefect
                if case .checksumMismatch = foundDefect,
                   let cutShort = Self.cutShortDefect(bytes, at: offset, dataEnd: dataEnd) {
                    defect = cutShort
                }
                // A damaged record that the snapshot already covers is not needed. It is
                // stepped over when its length field leads to the record that follows it.
                if result.nextSequence <= deliverAfter,
                   let endOffset = endOfSkippableRecord(bytes, at: offset, dataEnd: dataEnd, sequence: result.nextSequence) {
                    result.notes.append(.coveredRecordSkipped(
                        path: segment.path, offset: offset, sequence: result.nextSequence, defect: defect))
                    result.nextSequence += 1
                    offset = endOffset
                    continue
                }
                result.notes.append(try handleInvalidRecord(
                    bytes, at: offset, dataEnd: dataEnd, defect: defect, nextSequence: result.nextSequence))
                return result
            }
        }
        if tailRepair == .truncate && offset < bytes.count {
            cutZeroTail(at: offset)
        }
        return result
    }

    /// Cuts the zeros after the last record off the file, since recovery writes on in a new
    /// segment. A failed cut is ignored, because the zeros mark the end of the records anyway.
    private func cutZeroTail(at offset: Int) {
        do {
            let file = try SystemFile.open(segment.path, flags: O_WRONLY)
            defer { try? file.close() }
            try file.truncate(to: offset)
        } catch {}
    }

    /// Returns the offset one past the last nonzero byte of `bytes`, or 0 when every byte is zero.
    static func endOfData(_ bytes: [UInt8]) -> Int {
        var end = bytes.count
        while end > 0 && bytes[end - 1] == 0 { end -= 1 }
        return end
    }

    /// Returns the defect of a record that the written bytes end inside, as a crash leaves
    /// it, or nil when the record at `offset` ends before `dataEnd`.
    ///
    /// In a preallocated segment such a record is followed by zeros instead of the end of
    /// the file, so it fails its checksum. Decoding only the bytes up to `dataEnd` names it
    /// as cut short, as the end of the file would.
    // NOTE: a record whose last payload bytes are zeros and whose checksum fails for another
    // reason, such as a bad sector, is also reported as cut short.
    static func cutShortDefect(_ bytes: [UInt8], at offset: Int, dataEnd: Int) -> RecordDefect? {
        guard dataEnd < bytes.count else { return nil }
        let decoding = bytes.withUnsafeBytes { buffer in
            JournalFormat.decodeRecord(in: UnsafeRawBufferPointer(rebasing: buffer[..<dataEnd]), at: offset)
        }
        switch decoding {
        case .invalid(let defect):
            switch defect {
            case .incompleteHeader, .incompletePayload: return defect
            case .lengthOverLimit, .checksumMismatch, .unexpectedSequence: return nil
            }
        case .record:
            return nil
        }
    }

    private func loadFile() throws -> [UInt8] {
        do {
            let file = try SystemFile.openForReading(segment.path)
            let size = try file.size()
            guard size <= StorageLimits.maximumSegmentFileBytes else {
                throw JournalError.segmentTooLarge(path: segment.path, bytes: size)
            }
            let bytes = try file.readBytes(count: size, at: 0)
            try file.close()
            return bytes
        } catch let error as FileError {
            throw JournalError.file(error)
        }
    }

    /// Throws for a damaged header or an unknown version. Returns a note instead when the
    /// last segment's header is incomplete, which a crash while creating the segment leaves.
    private func checkHeader(_ bytes: [UInt8]) throws -> RecoveryNote? {
        let headerBytes = JournalFormat.segmentHeaderBytes
        if bytes.count < headerBytes {
            guard isLastSegment else {
                throw JournalError.invalidSegmentHeader(
                    path: segment.path,
                    reason: "the file is \(bytes.count) bytes, shorter than the \(headerBytes)-byte header")
            }
            return try removeTornSegment(fileBytes: bytes.count)
        }
        var reader = ByteReader(bytes)
        guard let magic = reader.readBytes(JournalFormat.magic.count), Array(magic) == JournalFormat.magic,
            let version = reader.read(UInt32.self)
        else {
            if isLastSegment && Self.containsOnlyHeader(bytes) {
                return try removeTornSegment(fileBytes: bytes.count)
            }
            throw JournalError.invalidSegmentHeader(
                path: segment.path, reason: "the file does not start with the journal magic ALLOTJNL")
        }
        guard version == JournalFormat.version else {
            throw JournalError.unsupportedVersion(path: segment.path, version: version)
        }
        guard let firstSequence = reader.read(UInt64.self), let storedChecksum = reader.read(UInt32.self) else {
            preconditionFailure("a \(bytes.count)-byte file holds the \(headerBytes)-byte header")
        }
        let checksum = CRC32.checksum(bytes[..<(headerBytes - 4)])
        guard checksum == storedChecksum else {
            if isLastSegment && Self.containsOnlyHeader(bytes) {
                return try removeTornSegment(fileBytes: bytes.count)
            }
            throw JournalError.invalidSegmentHeader(path: segment.path, reason: "the header's CRC-32 does not match")
        }
        guard firstSequence == segment.firstSequence else {
            throw JournalError.invalidSegmentHeader(
                path: segment.path,
                reason:
                    "the header gives first sequence \(firstSequence) but the file name gives \(segment.firstSequence)")
        }
        return nil
    }

    /// Returns whether every byte after the segment header is zero. A crash while the writer
    /// creates a segment can keep the size it allocated ahead without the header written
    /// before, so a torn header can be followed by zeros instead of the end of the file.
    private static func containsOnlyHeader(_ bytes: [UInt8]) -> Bool {
        endOfData(bytes) <= JournalFormat.segmentHeaderBytes
    }

    private func removeTornSegment(fileBytes: Int) throws -> RecoveryNote {
        if tailRepair == .truncate {
            do {
                try FileSystem.removeFile(segment.path)
                try FileSystem.synchronizeDirectory(FileSystem.parentFolder(of: segment.path))
            } catch let error as FileError {
                throw JournalError.file(error)
            }
        }
        return .journalHeaderTorn(path: segment.path, fileBytes: fileBytes, removed: tailRepair == .truncate)
    }

    /// Decides whether an invalid record is a torn tail, which is repaired and noted, or damage
    /// inside the journal, which throws.
    ///
    /// In the last segment, the record is a torn tail unless a valid record with a later
    /// sequence follows it; anywhere else it is damage.
    // NOTE: a crash can persist a later sector of a batch's write without an earlier one.
    // That leaves a valid record after a torn one and is reported as damage, although no
    // record of that batch had been acknowledged under the `.always` policy.
    private func handleInvalidRecord(_ bytes: [UInt8], at offset: Int, dataEnd: Int, defect: RecordDefect,
                                     nextSequence: UInt64) throws -> RecoveryNote {
        let followed = bytes.withUnsafeBytes {
            Self.validRecordFollows(in: $0, after: offset, dataEnd: dataEnd, expectedSequence: nextSequence)
        }
        if !isLastSegment && !followed && nextSegmentFirstSequence == nextSequence {
            // Every record is accounted for: the next segment begins with the one that would follow.
            throw JournalError.trailingBytes(path: segment.path, offset: offset, defect: defect)
        }
        guard isLastSegment, !followed else {
            throw JournalError.corruptRecord(path: segment.path, offset: offset, defect: defect)
        }
        // The zeros after the written bytes are not damage, but the cut removes them too.
        let tailBytes = bytes.count - offset
        guard tailRepair == .truncate else {
            return .journalTailDamaged(path: segment.path, offset: offset, damagedBytes: max(dataEnd, offset) - offset,
                                       defect: defect)
        }
        do {
            let file = try SystemFile.open(segment.path, flags: O_WRONLY)
            try file.truncate(to: offset)
            try file.synchronize()
            try file.close()
        } catch let error as FileError {
            throw JournalError.file(error)
        }
        return .journalTailTruncated(path: segment.path, offset: offset, removedBytes: tailBytes, defect: defect)
    }

    /// Returns where the invalid record at `offset` ends, when its length field leads to what
    /// must follow record `sequence`. That is a valid record `sequence + 1`, or the end of a
    /// segment whose successor begins at `sequence + 1`.
    ///
    /// Returns nil when the length leads elsewhere, since nothing after the damage can then be
    /// found, and at the end of the last segment, where the damage is a torn tail.
    private func endOfSkippableRecord(_ bytes: [UInt8], at offset: Int, dataEnd: Int, sequence: UInt64) -> Int? {
        let headerBytes = JournalFormat.recordHeaderBytes
        guard bytes.count - offset >= headerBytes else { return nil }
        let length = bytes.withUnsafeBytes { Int($0.loadLittleEndian(at: offset, as: UInt32.self)) }
        guard length <= StorageLimits.maximumRecordPayloadBytes, offset + headerBytes + length <= bytes.count else {
            return nil
        }
        let end = offset + headerBytes + length
        if end >= dataEnd {
            // Only zeros, or nothing, follow the record.
            return nextSegmentFirstSequence == sequence + 1 ? end : nil
        }
        let following = bytes.withUnsafeBytes { JournalFormat.decodeRecord(in: $0, at: end) }
        guard case .record(let record, _) = following, record.sequence == sequence + 1 else { return nil }
        return end
    }

    /// Returns whether a valid record whose sequence is `expectedSequence` or later starts
    /// anywhere after `offset`.
    ///
    /// Only offsets whose sequence field lies in the range that the remaining bytes could
    /// hold get a CRC-32 check, so the scan costs about one comparison per byte. It stops at
    /// `dataEnd`, the end of the nonzero bytes, because a record's sequence is never zero.
    static func validRecordFollows(in buffer: UnsafeRawBufferPointer, after offset: Int, dataEnd: Int,
                                   expectedSequence: UInt64) -> Bool {
        let headerBytes = JournalFormat.recordHeaderBytes
        let highest = expectedSequence + UInt64((buffer.count - offset) / headerBytes)
        var candidate = offset + 1
        while candidate < dataEnd && candidate + headerBytes <= buffer.count {
            let sequence = buffer.loadLittleEndian(at: candidate + 8, as: UInt64.self)
            if sequence >= expectedSequence && sequence <= highest,
                case .record = JournalFormat.decodeRecord(in: buffer, at: candidate)
            {
                return true
            }
            candidate += 1
        }
        return false
    }
}

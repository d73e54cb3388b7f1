import Testing

@testable import AllotStorage

@Suite struct JournalReaderTests {
    /// Offset of record `index` (counting from 0) in a segment of fixture records.
    static func recordOffset(_ index: Int) -> Int {
        JournalFormat.segmentHeaderBytes + index * JournalFixtures.recordBytes()
    }

    @Test func tornTailAtEveryOffsetIsTruncatedAndReported() throws {
        let source = try TemporaryFolder()
        // Two segments of 4 records, so the torn record sits in the last of several segments.
        let records = try JournalFixtures.write(count: 8, to: source.path, segmentBytes: Self.recordOffset(4))
        let lastSegment = JournalFixtures.segmentPath(in: source.path, firstSequence: 5)
        let firstSegment = JournalFixtures.segmentPath(in: source.path, firstSequence: 1)
        let lastBytes = try TestFiles.read(lastSegment)
        let lastRecordOffset = Self.recordOffset(3)
        #expect(lastBytes.count == lastRecordOffset + JournalFixtures.recordBytes())

        for cut in (lastRecordOffset + 1)..<lastBytes.count {
            let folder = try TemporaryFolder()
            let torn = folder.file(JournalFormat.segmentName(firstSequence: 5))
            try TestFiles.write(
                try TestFiles.read(firstSegment), to: folder.file(JournalFormat.segmentName(firstSequence: 1)))
            try TestFiles.write(Array(lastBytes[..<cut]), to: torn)

            let (readBack, summary) = try JournalReader(folder: folder.path).allRecords()
            #expect(readBack == Array(records.prefix(7)), "cut at \(cut)")
            #expect(summary.nextSequence == 8, "cut at \(cut)")
            #expect(summary.notes.count == 1, "cut at \(cut)")
            guard case .journalTailTruncated(let path, let offset, let removedBytes, _) = summary.notes.first else {
                Issue.record("cut at \(cut): expected a truncation note, got \(summary.notes)")
                continue
            }
            #expect(path == torn)
            #expect(offset == lastRecordOffset)
            #expect(removedBytes == cut - lastRecordOffset)
            #expect(try FileSystem.fileSize(torn) == lastRecordOffset, "cut at \(cut)")
        }
    }

    @Test func damagedLastRecordIsTruncated() throws {
        let folder = try TemporaryFolder()
        let records = try JournalFixtures.write(count: 5, to: folder.path)
        let segment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        try TestFiles.flipByte(at: Self.recordOffset(4) + 30, in: segment)

        let (readBack, summary) = try JournalReader(folder: folder.path).allRecords()
        #expect(readBack == Array(records.prefix(4)))
        guard case .journalTailTruncated(_, let offset, _, let defect) = summary.notes.first else {
            Issue.record("expected a truncation note, got \(summary.notes)")
            return
        }
        #expect(offset == Self.recordOffset(4))
        guard case .checksumMismatch = defect else {
            Issue.record("expected a checksum mismatch, got \(defect)")
            return
        }
    }

    @Test func reportOnlyLeavesTornTailInPlace() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 3, to: folder.path)
        let segment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        let bytes = try TestFiles.read(segment)
        try TestFiles.write(Array(bytes.dropLast(5)), to: segment)

        let (records, summary) = try JournalReader(folder: folder.path).allRecords(tailRepair: .reportOnly)
        #expect(records.count == 2)
        #expect(
            summary.notes == [
                .journalTailDamaged(
                    path: segment, offset: Self.recordOffset(2), damagedBytes: JournalFixtures.recordBytes() - 5,
                    defect: .incompletePayload(payloadBytes: 40, availableBytes: 35))
            ])
        #expect(try FileSystem.fileSize(segment) == bytes.count - 5)
    }

    @Test func flippedByteInMiddleRecordIsHardError() throws {
        let source = try TemporaryFolder()
        try JournalFixtures.write(count: 5, to: source.path)
        let name = JournalFormat.segmentName(firstSequence: 1)
        let original = try TestFiles.read(source.file(name))
        let middle = Self.recordOffset(2)

        for position in middle..<(middle + JournalFixtures.recordBytes()) {
            let folder = try TemporaryFolder()
            var damaged = original
            damaged[position] ^= 0x5A
            try TestFiles.write(damaged, to: folder.file(name))

            #expect("byte \(position)") {
                try JournalReader(folder: folder.path).readRecords(after: 0) { _ in }
            } throws: { error in
                guard case .corruptRecord(_, let offset, _) = error as? JournalError else { return false }
                return offset == middle
            }
            #expect(try TestFiles.read(folder.file(name)) == damaged, "byte \(position): the file must stay unchanged")
        }
    }

    @Test func damageInEarlierSegmentIsHardErrorEvenAtItsEnd() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 8, to: folder.path, segmentBytes: Self.recordOffset(4))
        let firstSegment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        try TestFiles.flipByte(at: Self.recordOffset(3) + 25, in: firstSegment)

        #expect {
            try JournalReader(folder: folder.path).readRecords(after: 0) { _ in }
        } throws: { error in
            guard case .corruptRecord(let path, let offset, _) = error as? JournalError else { return false }
            return path == firstSegment && offset == Self.recordOffset(3)
        }
    }

    @Test func coveredDamagedRecordIsSkipped() throws {
        let folder = try TemporaryFolder()
        let records = try JournalFixtures.write(count: 8, to: folder.path, segmentBytes: Self.recordOffset(4))
        let firstSegment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        try TestFiles.flipByte(at: Self.recordOffset(1) + 25, in: firstSegment)
        let damaged = try TestFiles.read(firstSegment)

        var delivered: [JournalRecord] = []
        let summary = try JournalReader(folder: folder.path).readRecords(after: 3, tailRepair: .reportOnly) {
            delivered.append($0)
        }
        #expect(delivered == Array(records.suffix(5)))
        #expect(summary.nextSequence == 9)
        #expect(summary.notes.count == 1)
        guard case .coveredRecordSkipped(let path, let offset, let sequence, _) = summary.notes.first else {
            Issue.record("expected a skipped-record note, got \(summary.notes)")
            return
        }
        #expect(path == firstSegment)
        #expect(offset == Self.recordOffset(1))
        #expect(sequence == 2)
        #expect(try TestFiles.read(firstSegment) == damaged)
    }

    @Test func uncoveredDamagedRecordIsHardError() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 8, to: folder.path, segmentBytes: Self.recordOffset(4))
        let firstSegment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        try TestFiles.flipByte(at: Self.recordOffset(1) + 25, in: firstSegment)

        #expect {
            try JournalReader(folder: folder.path).readRecords(after: 1) { _ in }
        } throws: { error in
            guard case .corruptRecord(let path, let offset, _) = error as? JournalError else { return false }
            return path == firstSegment && offset == Self.recordOffset(1)
        }
    }

    /// A damaged length field leaves nothing to find the next record by, even when the
    /// snapshot covers the record.
    @Test func coveredRecordWithDamagedLengthIsHardError() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 8, to: folder.path, segmentBytes: Self.recordOffset(4))
        let firstSegment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        try TestFiles.flipByte(at: Self.recordOffset(1), in: firstSegment)

        #expect {
            try JournalReader(folder: folder.path).readRecords(after: 3) { _ in }
        } throws: { error in
            guard case .corruptRecord(_, let offset, _) = error as? JournalError else { return false }
            return offset == Self.recordOffset(1)
        }
    }

    @Test func trailingBytesInEarlierSegmentNameTheTruncation() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 8, to: folder.path, segmentBytes: Self.recordOffset(4))
        let firstSegment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        try TestFiles.write(try TestFiles.read(firstSegment) + [1, 2, 3, 4, 5, 6, 7], to: firstSegment)

        let error = #expect(throws: JournalError.self) {
            try JournalReader(folder: folder.path).readRecords(after: 0) { _ in }
        }
        guard case .trailingBytes(let path, let offset, _) = error else {
            Issue.record("expected trailing bytes, got \(String(describing: error))")
            return
        }
        #expect(path == firstSegment)
        #expect(offset == Self.recordOffset(4))
        #expect(error?.description.contains("Truncate the file to \(Self.recordOffset(4)) bytes") == true)
    }

    @Test func missingMiddleSegmentIsGapError() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 12, to: folder.path, segmentBytes: Self.recordOffset(4))
        #expect(try JournalSegments.list(in: folder.path).map(\.firstSequence) == [1, 5, 9, 13])
        try FileSystem.removeFile(JournalFixtures.segmentPath(in: folder.path, firstSequence: 5))

        let error = #expect(throws: JournalError.self) {
            try JournalReader(folder: folder.path).readRecords(after: 0) { _ in }
        }
        #expect(
            error
                == .sequenceGap(
                    firstMissing: 5, lastMissing: 8,
                    segmentPath: JournalFixtures.segmentPath(in: folder.path, firstSequence: 9)))
        #expect(error?.description.contains("Restore the missing segment") == true)
    }

    @Test func journalStartingAfterRequestedSequenceIsGapError() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 12, to: folder.path, segmentBytes: Self.recordOffset(4))
        try JournalRetention.removeSegments(in: folder.path, coveredThrough: 8)

        #expect(
            throws: JournalError.sequenceGap(
                firstMissing: 3, lastMissing: 8,
                segmentPath: JournalFixtures.segmentPath(in: folder.path, firstSequence: 9))
        ) {
            try JournalReader(folder: folder.path).readRecords(after: 2) { _ in }
        }
    }

    @Test func readAfterSequenceSkipsEarlierRecords() throws {
        let folder = try TemporaryFolder()
        let records = try JournalFixtures.write(count: 12, to: folder.path, segmentBytes: Self.recordOffset(4))
        for after in 0...12 {
            let (readBack, summary) = try JournalReader(folder: folder.path).allRecords(after: UInt64(after))
            #expect(readBack == Array(records.dropFirst(after)), "after \(after)")
            #expect(summary.nextSequence == 13, "after \(after)")
        }
    }

    @Test func unknownVersionIsHardError() throws {
        let folder = try TemporaryFolder()
        try JournalFixtures.write(count: 3, to: folder.path)
        let segment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        var bytes = try TestFiles.read(segment)
        bytes[8] = 2
        let checksum = CRC32.checksum(bytes[..<20])
        withUnsafeBytes(of: checksum.littleEndian) { bytes.replaceSubrange(20..<24, with: $0) }
        try TestFiles.write(bytes, to: segment)

        let error = #expect(throws: JournalError.self) {
            try JournalReader(folder: folder.path).readRecords(after: 0) { _ in }
        }
        #expect(error == .unsupportedVersion(path: segment, version: 2))
        #expect(error?.description.contains("newer Allot") == true)
    }

    @Test func foreignFileWithSegmentNameIsHardError() throws {
        let folder = try TemporaryFolder()
        let segment = JournalFixtures.segmentPath(in: folder.path, firstSequence: 1)
        try TestFiles.write(Array("this is not a journal segment at all".utf8), to: segment)
        #expect {
            try JournalReader(folder: folder.path).readRecords(after: 0) { _ in }
        } throws: { error in
            guard case .invalidSegmentHeader(let path, _) = error as? JournalError else { return false }
            return path == segment
        }
    }

    @Test func tornHeaderOfLastSegmentRemovesIt() throws {
        let folder = try TemporaryFolder()
        let records = try JournalFixtures.write(count: 4, to: folder.path)
        let torn = JournalFixtures.segmentPath(in: folder.path, firstSequence: 5)
        try TestFiles.write(Array(JournalFormat.segmentHeader(firstSequence: 5).prefix(10)), to: torn)

        let (readBack, summary) = try JournalReader(folder: folder.path).allRecords()
        #expect(readBack == records)
        #expect(summary.nextSequence == 5)
        #expect(summary.notes == [.journalHeaderTorn(path: torn, fileBytes: 10, removed: true)])
        #expect(try FileSystem.fileSize(torn) == nil)
    }

    /// A crash while the writer creates a segment can keep the allocated size but not the
    /// header written before it, so the file is zeros, or part of a header and then zeros.
    @Test(arguments: [0, 10])
    func zeroFilledTornHeaderRemovesSegment(writtenHeaderBytes: Int) throws {
        let folder = try TemporaryFolder()
        let records = try JournalFixtures.write(count: 4, to: folder.path)
        let torn = JournalFixtures.segmentPath(in: folder.path, firstSequence: 5)
        let fileBytes = 4096
        var bytes = Array(JournalFormat.segmentHeader(firstSequence: 5).prefix(writtenHeaderBytes))
        bytes += [UInt8](repeating: 0, count: fileBytes - bytes.count)
        try TestFiles.write(bytes, to: torn)

        let (readBack, summary) = try JournalReader(folder: folder.path).allRecords()
        #expect(readBack == records)
        #expect(summary.nextSequence == 5)
        #expect(summary.notes == [.journalHeaderTorn(path: torn, fileBytes: fileBytes, removed: true)])
        #expect(try FileSystem.fileSize(torn) == nil)
    }

    @Test func emptyFolderHasNoNextSequence() throws {
        let folder = try TemporaryFolder()
        let summary = try JournalReader(folder: folder.path).readRecords(after: 0) { _ in }
        #expect(summary == JournalReader.Summary(nextSequence: nil))
    }

    @Test func segmentNamesRoundTrip() {
        #expect(JournalFormat.segmentName(firstSequence: 42) == "journal-00000000000000000042.log")
        #expect(JournalFormat.firstSequence(inSegmentName: "journal-00000000000000000042.log") == 42)
        #expect(JournalFormat.firstSequence(inSegmentName: JournalFormat.segmentName(firstSequence: .max)) == .max)
        #expect(JournalFormat.firstSequence(inSegmentName: "journal-42.log") == nil)
        #expect(JournalFormat.firstSequence(inSegmentName: "journal-0000000000000000004x.log") == nil)
        #expect(JournalFormat.firstSequence(inSegmentName: "journal-99999999999999999999.log") == nil)
    }
}

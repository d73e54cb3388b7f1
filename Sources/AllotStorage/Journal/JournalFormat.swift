/// Layout of journal segment files.
///
/// A segment is a header followed by records, all integers little-endian:
///
///     header  magic "ALLOTJNL" (8 bytes) | format version u32 | first sequence u64 |
///             CRC-32 of the 20 bytes before it, u32
///     record  payload length u32 | CRC-32 u32 of the fields after it |
///             sequence u64 | shard u32 | payload
///
/// A segment is named `journal-<first sequence, 20 digits>.log`, so names sort in sequence order.
enum JournalFormat {
    static let magic: [UInt8] = Array("ALLOTJNL".utf8)
    static let version: UInt32 = 1
    static let segmentHeaderBytes = 24
    /// Bytes of a record before its payload: length, CRC-32, sequence and shard.
    static let recordHeaderBytes = 20
    /// Offset of the sequence field inside a record; the CRC-32 covers from here to the end.
    static let checksummedFieldsOffset = 8

    static let segmentNamePrefix = "journal-"
    static let segmentNameSuffix = ".log"
    static let sequenceDigitCount = 20

    static func segmentName(firstSequence: UInt64) -> String {
        let digits = String(firstSequence)
        let padding = String(repeating: "0", count: sequenceDigitCount - digits.count)
        return segmentNamePrefix + padding + digits + segmentNameSuffix
    }

    /// Returns the first sequence encoded in a segment file name, or nil for any other name.
    static func firstSequence(inSegmentName name: String) -> UInt64? {
        guard name.hasPrefix(segmentNamePrefix), name.hasSuffix(segmentNameSuffix) else { return nil }
        let digits = name.dropFirst(segmentNamePrefix.count).dropLast(segmentNameSuffix.count)
        guard digits.count == sequenceDigitCount, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else {
            return nil
        }
        return UInt64(digits)
    }

    static func segmentHeader(firstSequence: UInt64) -> [UInt8] {
        var bytes = magic
        bytes.appendLittleEndian(version)
        bytes.appendLittleEndian(firstSequence)
        bytes.appendLittleEndian(CRC32.checksum(bytes[...]))
        assert(bytes.count == segmentHeaderBytes, "segment header is \(bytes.count) bytes")
        return bytes
    }

    /// Appends one encoded record to `bytes`.
    static func appendRecord(sequence: UInt64, shard: UInt32, payload: UnsafeRawBufferPointer, to bytes: inout [UInt8])
    {
        precondition(
            payload.count <= StorageLimits.maximumRecordPayloadBytes,
            "record payload of \(payload.count) bytes is over the limit checked by append")
        let start = bytes.count
        bytes.appendLittleEndian(UInt32(payload.count))
        bytes.appendLittleEndian(UInt32(0))
        bytes.appendLittleEndian(sequence)
        bytes.appendLittleEndian(shard)
        bytes.append(contentsOf: payload)
        let checksum = CRC32.checksum(bytes[(start + checksummedFieldsOffset)...])
        withUnsafeBytes(of: checksum.littleEndian) { checksumBytes in
            bytes.replaceSubrange((start + 4)..<(start + 8), with: checksumBytes)
        }
    }

    /// The outcome of decoding the record at one offset.
    enum RecordDecoding {
        case record(JournalRecord, endOffset: Int)
        case invalid(RecordDefect)
    }

    /// Decodes the record that starts at `offset`, checking its length and CRC-32 but not its
    /// sequence number.
    static func decodeRecord(in buffer: UnsafeRawBufferPointer, at offset: Int) -> RecordDecoding {
        let available = buffer.count - offset
        guard available >= recordHeaderBytes else {
            return .invalid(.incompleteHeader(availableBytes: available))
        }
        let length = Int(buffer.loadLittleEndian(at: offset, as: UInt32.self))
        guard length <= StorageLimits.maximumRecordPayloadBytes else {
            return .invalid(.lengthOverLimit(payloadBytes: length))
        }
        guard available >= recordHeaderBytes + length else {
            return .invalid(.incompletePayload(payloadBytes: length, availableBytes: available - recordHeaderBytes))
        }
        let stored = buffer.loadLittleEndian(at: offset + 4, as: UInt32.self)
        let checksummed = UnsafeRawBufferPointer(
            rebasing: buffer[(offset + checksummedFieldsOffset)..<(offset + recordHeaderBytes + length)])
        var crc = CRC32()
        crc.update(checksummed)
        guard crc.value == stored else {
            return .invalid(.checksumMismatch(stored: stored, computed: crc.value))
        }
        let record = JournalRecord(
            sequence: buffer.loadLittleEndian(at: offset + 8, as: UInt64.self),
            shard: buffer.loadLittleEndian(at: offset + 16, as: UInt32.self),
            payload: Array(checksummed.dropFirst(recordHeaderBytes - checksummedFieldsOffset)))
        return .record(record, endOffset: offset + recordHeaderBytes + length)
    }
}

/// The defect that makes the bytes at an offset an invalid record.
package enum RecordDefect: Equatable, Sendable, CustomStringConvertible {
    case incompleteHeader(availableBytes: Int)
    case lengthOverLimit(payloadBytes: Int)
    case incompletePayload(payloadBytes: Int, availableBytes: Int)
    case checksumMismatch(stored: UInt32, computed: UInt32)
    case unexpectedSequence(found: UInt64, expected: UInt64)

    package var description: String {
        switch self {
        case .incompleteHeader(let available):
            "the written bytes end \(available) bytes into the \(JournalFormat.recordHeaderBytes)-byte record header"
        case .lengthOverLimit(let payloadBytes):
            "the length field says \(payloadBytes) bytes, over the limit of \(StorageLimits.maximumRecordPayloadBytes)"
        case .incompletePayload(let payloadBytes, let available):
            "the written bytes end \(available) bytes into a payload of \(payloadBytes) bytes"
        case .checksumMismatch(let stored, let computed):
            "the stored CRC-32 is \(hex(stored)) but the record's bytes give \(hex(computed))"
        case .unexpectedSequence(let found, let expected):
            "the record has sequence \(found) where \(expected) was expected"
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}

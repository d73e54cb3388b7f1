import Glibc

/// Reads protobuf wire-format fields from a buffer for the direct decoders, which accept
/// only plain encodings and leave everything else to protobuf-c. Every read returns nil
/// when the bytes are not in the plain form it accepts, and never reads past the buffer.
struct DirectFieldReader {
    enum WireType: UInt32 {
        case varint = 0
        case lengthDelimited = 2
    }

    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset >= bytes.count }

    /// Returns the tag value, field number and wire type together, for comparison with ``tag(_:_:)``.
    static func tag(_ field: UInt32, _ wireType: WireType) -> UInt32 {
        field << 3 | wireType.rawValue
    }

    /// Reads a tag of one or two bytes, which covers field numbers below 2048.
    mutating func readTag() -> UInt32? {
        readVarint(maximumBytes: 2).map { UInt32($0) }
    }

    /// Reads a varint of at most `maximumBytes` bytes. Nine bytes hold 63 bits, so the value
    /// needs no overflow check, where a tenth byte would carry bits past 64.
    mutating func readVarint(maximumBytes: Int = 9) -> UInt64? {
        precondition(maximumBytes >= 1 && maximumBytes <= 9, "a direct varint read takes 1 to 9 bytes, not \(maximumBytes)")
        var value: UInt64 = 0
        var shift: UInt64 = 0
        let end = min(bytes.count, offset + maximumBytes)
        while offset < end {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    /// Reads a length-delimited field's bytes; its length takes at most four bytes (below 256 MiB).
    mutating func readLengthDelimited() -> UnsafeRawBufferPointer? {
        guard let length = readVarint(maximumBytes: 4), length <= UInt64(bytes.count - offset) else { return nil }
        let start = offset
        offset += Int(length)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
    }

    /// Reads a string field, or returns nil when it contains a NUL or is not valid UTF-8,
    /// which protobuf-c would cut or the Swift model would repair. The checks are those of
    /// ``StringFieldScan/firstFault(in:descriptor:)``, so both paths reject the same strings.
    mutating func readString() -> String? {
        guard let value = readLengthDelimited() else { return nil }
        guard let base = value.baseAddress, !value.isEmpty else { return "" }
        guard memchr(base, 0, value.count) == nil else { return nil }
        if StringFieldScan.containsNonASCII(value), StringFieldScan.firstInvalidUTF8Offset(value) != nil { return nil }
        // The bytes are valid UTF-8, so decoding repairs nothing. In a callgrind profile with
        // Swift 6.3.1, String(validating:as:) took over three times the instructions.
        return String(decoding: value.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }
}

import Glibc

/// Appends protobuf wire-format fields to a byte buffer by the rules protobuf-c's pack
/// follows for proto3, so that its output matches protobuf-c's byte for byte. Fields without
/// presence are left out when zero or empty, fields in a oneof are written whenever set, and
/// repeated scalars are packed.
///
/// It serves the messages written most often: the snapshot's task batches, which are most of
/// a large snapshot, and the server's task replies and task journal records, which are
/// written once per call. Writing them directly avoids building a protobuf-c struct, copying
/// every string into C memory and walking the message twice, which made encoding several
/// times slower. Tests compare each of those writers with protobuf-c's output.
package struct ProtobufWriter {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    package var count: Int { bytes.count }

    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    package mutating func appendVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    private mutating func appendTag(_ field: UInt32, lengthDelimited: Bool) {
        appendVarint(UInt64(field << 3 | (lengthDelimited ? 2 : 0)))
    }

    /// Writes an int32, int64, uint32, uint64, bool or enum field that is set.
    package mutating func writeVarintField(_ field: UInt32, _ value: UInt64) {
        appendTag(field, lengthDelimited: false)
        appendVarint(value)
    }

    /// Writes an int64 field without presence: nothing when zero.
    package mutating func writeInt64(_ field: UInt32, _ value: Int64) {
        if value != 0 { writeVarintField(field, UInt64(bitPattern: value)) }
    }

    /// Writes an int32 field without presence: nothing when zero. Negative values take ten
    /// bytes, sign-extended to 64 bits, as protobuf requires.
    package mutating func writeInt32(_ field: UInt32, _ value: Int32) {
        if value != 0 { writeVarintField(field, UInt64(bitPattern: Int64(value))) }
    }

    /// Writes an int32 field of a oneof, which is written whenever it is set.
    package mutating func writeOneofInt32(_ field: UInt32, _ value: Int32?) {
        if let value { writeVarintField(field, UInt64(bitPattern: Int64(value))) }
    }

    package mutating func writeOneofInt64(_ field: UInt32, _ value: Int64?) {
        if let value { writeVarintField(field, UInt64(bitPattern: value)) }
    }

    package mutating func writeUInt64(_ field: UInt32, _ value: UInt64) {
        if value != 0 { writeVarintField(field, value) }
    }

    package mutating func writeBool(_ field: UInt32, _ value: Bool) {
        if value { writeVarintField(field, 1) }
    }

    /// Writes a string field without presence: nothing when empty.
    package mutating func writeString(_ field: UInt32, _ value: String) {
        if !value.isEmpty { writeOneofString(field, value) }
    }

    /// Writes a string field of a oneof or a repeated string element.
    package mutating func writeOneofString(_ field: UInt32, _ value: String) {
        var value = value
        value.withUTF8 { utf8 in appendLengthDelimited(field, utf8) }
    }

    /// Writes a packed repeated int32 field: nothing when empty.
    package mutating func writePackedInt32(_ field: UInt32, _ values: [Int32]) {
        guard !values.isEmpty else { return }
        var payload = 0
        for value in values { payload += Self.varintSize(UInt64(bitPattern: Int64(value))) }
        appendTag(field, lengthDelimited: true)
        appendVarint(UInt64(payload))
        for value in values { appendVarint(UInt64(bitPattern: Int64(value))) }
    }

    /// Writes an embedded message field whose encoding is `message`.
    package mutating func writeMessage(_ field: UInt32, _ message: [UInt8]) {
        appendTag(field, lengthDelimited: true)
        appendVarint(UInt64(message.count))
        bytes.append(contentsOf: message)
    }

    /// Writes a string field without presence, nothing when empty. It throws for a NUL
    /// character as the protobuf-c path does, because protobuf-c takes C strings. `name` is
    /// the "Message.field" that the error names.
    package mutating func writeString(_ field: UInt32, _ value: String, name: StaticString) throws(WireCodecError) {
        if !value.isEmpty { try writeOneofString(field, value, name: name) }
    }

    /// Writes a string field of a oneof, and throws for a NUL character as
    /// ``writeString(_:_:name:)`` does.
    package mutating func writeOneofString(_ field: UInt32, _ value: String, name: StaticString) throws(WireCodecError) {
        var value = value
        let containsNUL = value.withUTF8 { utf8 in
            if let base = utf8.baseAddress, memchr(base, 0, utf8.count) != nil { return true }
            appendLengthDelimited(field, utf8)
            return false
        }
        if containsNUL {
            throw .stringContainsNUL(field: "\(name)")
        }
    }

    /// Writes a length-delimited field from contiguous bytes, which `append` copies at once.
    /// That costs fewer instructions than appending a `String.UTF8View`.
    private mutating func appendLengthDelimited(_ field: UInt32, _ payload: UnsafeBufferPointer<UInt8>) {
        appendTag(field, lengthDelimited: true)
        appendVarint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    /// Writes an embedded message field whose fields `body` writes. The length goes before
    /// them once they are written: one byte is set aside for it, which is enough below 128
    /// bytes, and a longer message moves right by the bytes its length needs beyond that.
    package mutating func writeMessage<Failure: Error>(
        _ field: UInt32, _ body: (inout ProtobufWriter) throws(Failure) -> Void
    ) throws(Failure) {
        appendTag(field, lengthDelimited: true)
        let lengthOffset = bytes.count
        bytes.append(0)
        try body(&self)
        let length = bytes.count - lengthOffset - 1
        let lengthBytes = Self.varintSize(UInt64(length))
        if lengthBytes > 1 {
            bytes.insert(contentsOf: repeatElement(0, count: lengthBytes - 1), at: lengthOffset + 1)
        }
        var remaining = UInt64(length)
        for index in lengthOffset..<(lengthOffset + lengthBytes) {
            bytes[index] = UInt8(truncatingIfNeeded: remaining) | (remaining >= 0x80 ? 0x80 : 0)
            remaining >>= 7
        }
    }

    package static func varintSize(_ value: UInt64) -> Int {
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }
}

/// Appends protobuf wire-format fields to a byte buffer by the rules protobuf-c's pack
/// follows for proto3, so that its output matches protobuf-c's byte for byte. Fields without
/// presence are left out when zero or empty, fields in a oneof are written whenever set, and
/// repeated scalars are packed.
///
/// Only the snapshot's task batches use it. They are most of a large snapshot, and writing
/// them directly avoids building a protobuf-c struct, copying every string into C memory
/// and walking the message twice, which made encoding several times slower.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func appendVarint(_ value: UInt64) {
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
    mutating func writeVarintField(_ field: UInt32, _ value: UInt64) {
        appendTag(field, lengthDelimited: false)
        appendVarint(value)
    }

    /// Writes an int64 field without presence: nothing when zero.
    mutating func writeInt64(_ field: UInt32, _ value: Int64) {
        if value != 0 { writeVarintField(field, UInt64(bitPattern: value)) }
    }

    /// Writes an int32 field without presence: nothing when zero. Negative values take ten
    /// bytes, sign-extended to 64 bits, as protobuf requires.
    mutating func writeInt32(_ field: UInt32, _ value: Int32) {
        if value != 0 { writeVarintField(field, UInt64(bitPattern: Int64(value))) }
    }

    /// Writes an int32 field of a oneof, which is written whenever it is set.
    mutating func writeOneofInt32(_ field: UInt32, _ value: Int32?) {
        if let value { writeVarintField(field, UInt64(bitPattern: Int64(value))) }
    }

    mutating func writeOneofInt64(_ field: UInt32, _ value: Int64?) {
        if let value { writeVarintField(field, UInt64(bitPattern: value)) }
    }

    mutating func writeUInt64(_ field: UInt32, _ value: UInt64) {
        if value != 0 { writeVarintField(field, value) }
    }

    mutating func writeBool(_ field: UInt32, _ value: Bool) {
        if value { writeVarintField(field, 1) }
    }

    /// Writes a string field without presence: nothing when empty.
    mutating func writeString(_ field: UInt32, _ value: String) {
        if !value.isEmpty { writeOneofString(field, value) }
    }

    /// Writes a string field of a oneof or a repeated string element.
    mutating func writeOneofString(_ field: UInt32, _ value: String) {
        appendTag(field, lengthDelimited: true)
        appendVarint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// Writes a packed repeated int32 field: nothing when empty.
    mutating func writePackedInt32(_ field: UInt32, _ values: [Int32]) {
        guard !values.isEmpty else { return }
        var payload = 0
        for value in values { payload += Self.varintSize(UInt64(bitPattern: Int64(value))) }
        appendTag(field, lengthDelimited: true)
        appendVarint(UInt64(payload))
        for value in values { appendVarint(UInt64(bitPattern: Int64(value))) }
    }

    /// Writes an embedded message field whose encoding is `message`.
    mutating func writeMessage(_ field: UInt32, _ message: [UInt8]) {
        appendTag(field, lengthDelimited: true)
        appendVarint(UInt64(message.count))
        bytes.append(contentsOf: message)
    }

    static func varintSize(_ value: UInt64) -> Int {
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }
}

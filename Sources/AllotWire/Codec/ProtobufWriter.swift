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
    /// The bytes written, `storage[..<count]`, followed by spare room. Each field is
    /// written through one pointer into the spare room, which costs one uniqueness check and
    /// one capacity check per field, where `Array.append` paid both per byte.
    private var storage: [UInt8]
    /// Bytes written so far.
    package private(set) var count = 0

    /// Creates a writer with room for `capacity` bytes before its storage grows.
    package init(capacity: Int = 0) {
        // `reserveCapacity` allocates through code specialized for bytes, where
        // `init(repeating:count:)` calls the standard library's generic allocation, which
        // cost about twice as many instructions under callgrind. Zeros copied from a block
        // fill the storage, so that fields can be written into it through a pointer.
        let capacityBytes = max(capacity, Self.minimumCapacityBytes)
        storage = []
        storage.reserveCapacity(capacityBytes)
        Self.zeroBlock.withUnsafeBufferPointer { zeros in
            var remaining = capacityBytes
            while remaining > 0 {
                let chunk = min(remaining, zeros.count)
                storage.append(contentsOf: UnsafeBufferPointer(rebasing: zeros[..<chunk]))
                remaining -= chunk
            }
        }
    }

    /// A copy of the bytes written so far.
    package var bytes: [UInt8] {
        Array(storage[..<count])
    }

    /// Returns the bytes written and leaves the writer empty, without the copy that
    /// ``bytes`` makes.
    package mutating func takeBytes() -> [UInt8] {
        var written: [UInt8] = []
        swap(&written, &storage)
        written.removeLast(written.count - count)
        count = 0
        return written
    }

    package mutating func removeAll() {
        count = 0
    }

    package mutating func appendVarint(_ value: UInt64) {
        reserve(Self.maximumVarintBytes)
        var end = count
        storage.withUnsafeMutableBufferPointer { buffer in Self.put(value, into: buffer, at: &end) }
        count = end
    }

    private mutating func appendTag(_ field: UInt32, lengthDelimited: Bool) {
        appendVarint(UInt64(field << 3 | (lengthDelimited ? 2 : 0)))
    }

    /// Writes an int32, int64, uint32, uint64, bool or enum field that is set.
    package mutating func writeVarintField(_ field: UInt32, _ value: UInt64) {
        reserve(2 * Self.maximumVarintBytes)
        var end = count
        storage.withUnsafeMutableBufferPointer { buffer in
            Self.put(UInt64(field << 3), into: buffer, at: &end)
            Self.put(value, into: buffer, at: &end)
        }
        count = end
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
        message.withUnsafeBufferPointer { appendLengthDelimited(field, $0) }
    }

    /// Writes an embedded message field whose encoding is what `message` has written, without
    /// the copy that its ``bytes`` makes.
    package mutating func writeMessage(_ field: UInt32, _ message: ProtobufWriter) {
        message.storage.withUnsafeBufferPointer { written in
            appendLengthDelimited(field, UnsafeBufferPointer(rebasing: written[..<message.count]))
        }
    }

    /// Appends the bytes written so far to `output`, without the copy that ``bytes`` makes.
    package func appendBytes(to output: inout [UInt8]) {
        storage.withUnsafeBufferPointer { written in
            output.append(contentsOf: UnsafeBufferPointer(rebasing: written[..<count]))
        }
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
        // A native string lends its UTF-8 bytes in place, which spares the copy of the string
        // that `withUTF8` needs because it is mutating.
        let lentContainsNUL = value.utf8.withContiguousStorageIfAvailable { utf8 in
            appendUnlessNUL(field, utf8)
        }
        let containsNUL: Bool
        if let lentContainsNUL {
            containsNUL = lentContainsNUL
        } else {
            var copy = value
            containsNUL = copy.withUTF8 { utf8 in appendUnlessNUL(field, utf8) }
        }
        if containsNUL {
            throw .stringContainsNUL(field: "\(name)")
        }
    }

    /// Writes `utf8` as a length-delimited field and returns false, or returns true without
    /// writing when it contains a NUL byte.
    private mutating func appendUnlessNUL(_ field: UInt32, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        if let base = utf8.baseAddress, memchr(base, 0, utf8.count) != nil { return true }
        appendLengthDelimited(field, utf8)
        return false
    }

    /// Writes a length-delimited field from contiguous bytes.
    private mutating func appendLengthDelimited(_ field: UInt32, _ payload: UnsafeBufferPointer<UInt8>) {
        reserve(2 * Self.maximumVarintBytes + payload.count)
        var end = count
        storage.withUnsafeMutableBufferPointer { buffer in
            Self.put(UInt64(field << 3 | 2), into: buffer, at: &end)
            Self.put(UInt64(payload.count), into: buffer, at: &end)
            if let source = payload.baseAddress, let target = buffer.baseAddress {
                (target + end).update(from: source, count: payload.count)
            }
            end += payload.count
        }
        count = end
    }

    /// Writes an embedded message field whose fields `body` writes. The length goes before
    /// them once they are written: one byte is set aside for it, which is enough below 128
    /// bytes, and a longer message moves right by the bytes its length needs beyond that.
    package mutating func writeMessage<Failure: Error>(
        _ field: UInt32, _ body: (inout ProtobufWriter) throws(Failure) -> Void
    ) throws(Failure) {
        appendTag(field, lengthDelimited: true)
        let lengthOffset = count
        appendVarint(0)
        try body(&self)
        let length = count - lengthOffset - 1
        let extraLengthBytes = Self.varintSize(UInt64(length)) - 1
        reserve(extraLengthBytes)
        storage.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { preconditionFailure("the storage holds at least the tag written above") }
            if extraLengthBytes > 0 {
                // The regions overlap, which memmove allows.
                memmove(base + lengthOffset + 1 + extraLengthBytes, base + lengthOffset + 1, length)
            }
            var lengthEnd = lengthOffset
            Self.put(UInt64(length), into: buffer, at: &lengthEnd)
        }
        count += extraLengthBytes
    }

    /// Makes room for `byteCount` more bytes after ``count``.
    private mutating func reserve(_ byteCount: Int) {
        guard byteCount > storage.count - count else { return }
        grow(toHold: count + byteCount)
    }

    /// Moves the bytes written into zeroed storage of at least `byteCount` bytes, and at
    /// least twice the current storage, so that appends stay amortized O(1).
    @inline(never)
    private mutating func grow(toHold byteCount: Int) {
        var larger = [UInt8](repeating: 0, count: max(byteCount, 2 * storage.count))
        larger.withUnsafeMutableBytes { target in
            storage.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[..<count]))
            }
        }
        storage = larger
    }

    /// Stores `value` as a varint at `offset` and moves `offset` past it. The caller has
    /// reserved ``maximumVarintBytes`` bytes there.
    @inline(__always)
    private static func put(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: inout Int) {
        var remaining = value
        while remaining >= 0x80 {
            buffer[offset] = UInt8(truncatingIfNeeded: remaining) | 0x80
            offset += 1
            remaining >>= 7
        }
        buffer[offset] = UInt8(remaining)
        offset += 1
    }

    /// Zero bytes that ``init(capacity:)`` copies into new storage, where appending
    /// `repeatElement(0, count:)` stored them one at a time.
    private static let zeroBlock = [UInt8](repeating: 0, count: 4096)

    /// Bytes of the longest varint, a 64-bit value.
    private static let maximumVarintBytes = 10
    /// Storage a writer starts with when asked for less.
    private static let minimumCapacityBytes = 16

    package static func varintSize(_ value: UInt64) -> Int {
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }
}

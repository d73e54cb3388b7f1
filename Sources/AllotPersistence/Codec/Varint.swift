/// Base-128 varints, the length prefix of each record in a snapshot body.
enum Varint {
    /// Maximum encoded length of a 64-bit value in bytes.
    static let maximumBytes = 10

    static func append(_ value: UInt64, to output: inout [UInt8]) {
        var remaining = value
        while remaining >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        output.append(UInt8(remaining))
    }

    /// Reads a varint at `offset` and returns it with the offset after it, or
    /// nil when the bytes end first or the value does not fit in 64 bits.
    static func read(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (value: UInt64, next: Int)? {
        var value: UInt64 = 0
        var position = offset
        for index in 0..<maximumBytes {
            guard position < bytes.count else { return nil }
            let byte = bytes[position]
            position += 1
            if index == maximumBytes - 1 && byte > 1 { return nil }
            value |= UInt64(byte & 0x7F) << (7 * UInt64(index))
            if byte < 0x80 { return (value, position) }
        }
        return nil
    }
}

import CZlib

/// CRC-32 with the IEEE 802.3 polynomial, as computed by zlib's `crc32_z`: the checksum of
/// gzip, PNG and Ethernet.
///
/// zlib is already linked for snapshot compression, its table-driven implementation needs no
/// code of ours, and any tool (Python's `zlib.crc32`, `gzip`) can check a file by hand.
/// CRC-32C detects the same error classes and is faster with the SSE 4.2 instruction, but
/// Swift cannot reach that instruction without a C target of our own.
package struct CRC32: Equatable, Sendable {
    /// The checksum of everything added so far.
    package private(set) var value: UInt32 = 0

    package init() {}

    /// Returns the checksum of `bytes` alone.
    package static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// Extends the checksum with `bytes`.
    package mutating func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Extends the checksum with the bytes in `buffer`.
    package mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        value = UInt32(
            truncatingIfNeeded: crc32_z(
                UInt(value), base.assumingMemoryBound(to: UInt8.self), buffer.count))
    }

    /// Returns the checksum of the concatenation `first + second` from the checksum of each
    /// part and the byte count of `second` (zlib's `crc32_combine`).
    package static func combine(_ first: UInt32, _ second: UInt32, secondBytes: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: crc32_combine(UInt(first), UInt(second), secondBytes))
    }
}

/// Little-endian encoding of the fixed-width integers in journal and snapshot files.
///
/// Files are little-endian on every platform, so a data folder moves between machines.
extension Array where Element == UInt8 {
    mutating func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

extension UnsafeRawBufferPointer {
    /// Reads a little-endian integer at `offset`, which the caller has checked lies in bounds.
    func loadLittleEndian<Value: FixedWidthInteger>(at offset: Int, as: Value.Type) -> Value {
        precondition(
            offset >= 0 && offset + MemoryLayout<Value>.size <= count,
            "read of \(MemoryLayout<Value>.size) bytes at \(offset) outside a buffer of \(count) bytes")
        return Value(littleEndian: loadUnaligned(fromByteOffset: offset, as: Value.self))
    }
}

/// A cursor over bytes that reads little-endian fields in order and reports running out.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remainingCount: Int { bytes.count - offset }

    /// Reads the next integer, or returns nil and stays put when too few bytes remain.
    mutating func read<Value: FixedWidthInteger>(_ type: Value.Type) -> Value? {
        let size = MemoryLayout<Value>.size
        guard remainingCount >= size else { return nil }
        let value = bytes.withUnsafeBytes { $0.loadLittleEndian(at: offset, as: Value.self) }
        offset += size
        return value
    }

    /// Reads the next `count` bytes, or returns nil and stays put when too few remain.
    mutating func readBytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, remainingCount >= count else { return nil }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }
}

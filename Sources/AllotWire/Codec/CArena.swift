import AllotWireC
import Glibc

/// Memory for the C strings, arrays and submessages of one pack call, all
/// freed together when the arena goes away.
///
/// Allocation bumps a cursor through blocks that never move, so pointers
/// handed out stay valid for the arena's lifetime.
final class CArena {
    /// Size of an ordinary block; a larger request gets a block of its own.
    static let blockBytes = 4_096
    /// Alignment of every allocation, enough for any C scalar or struct.
    static let alignmentBytes = 16

    private var blocks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remainingBytes = 0

    deinit {
        for block in blocks {
            block.deallocate()
        }
    }

    /// Returns uninitialised memory for `count` values of `T`.
    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        precondition(count >= 0, "count \(count) is negative")
        precondition(MemoryLayout<T>.alignment <= Self.alignmentBytes, "alignment of \(T.self) exceeds the arena's")
        let bytes = max(1, MemoryLayout<T>.stride * count)
        let rounded = (bytes + Self.alignmentBytes - 1) & ~(Self.alignmentBytes - 1)
        if rounded > remainingBytes {
            let blockSize = max(Self.blockBytes, rounded)
            let block = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: Self.alignmentBytes)
            blocks.append(block)
            cursor = block
            remainingBytes = blockSize
        }
        guard let start = cursor else { preconditionFailure("arena has no block after allocating one") }
        cursor = start + rounded
        remainingBytes -= rounded
        return start.bindMemory(to: T.self, capacity: count)
    }

    /// Copies `value` as a NUL-terminated C string.
    ///
    /// A native string is checked for NUL with `memchr` and copied in one pass over its
    /// contiguous bytes. A string without contiguous UTF-8 storage goes byte by byte.
    func cString(_ value: String, field: StaticString) throws(WireCodecError) -> UnsafeMutablePointer<CChar> {
        let utf8 = value.utf8
        let count = utf8.count
        let pointer = allocate(CChar.self, count: count + 1)
        let containsNUL: Bool? = utf8.withContiguousStorageIfAvailable { source in
            guard let base = source.baseAddress else { return false }
            if memchr(base, 0, count) != nil { return true }
            UnsafeMutableRawPointer(pointer).copyMemory(from: base, byteCount: count)
            return false
        }
        switch containsNUL {
        case true?:
            throw .stringContainsNUL(field: "\(field)")
        case false?:
            break
        case nil:
            for (index, byte) in utf8.enumerated() {
                guard byte != 0 else { throw .stringContainsNUL(field: "\(field)") }
                (pointer + index).initialize(to: CChar(bitPattern: byte))
            }
        }
        (pointer + count).initialize(to: 0)
        return pointer
    }

    /// Copies every string of `values`.
    func cStrings(
        _ values: [String],
        field: StaticString
    ) throws(WireCodecError) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard !values.isEmpty else { return (0, nil) }
        let pointers = allocate(UnsafeMutablePointer<CChar>?.self, count: values.count)
        for (index, value) in values.enumerated() {
            (pointers + index).initialize(to: try cString(value, field: field))
        }
        return (values.count, pointers)
    }

    /// Copies `bytes` into protobuf-c's binary data struct.
    func binaryData(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        let pointer = allocate(UInt8.self, count: bytes.count)
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress {
                pointer.initialize(from: base, count: source.count)
            }
        }
        return ProtobufCBinaryData(len: bytes.count, data: pointer)
    }

    /// Copies `values`, converted element by element, into a C array.
    func array<Value, CValue>(_ values: [Value], _ convert: (Value) -> CValue) -> (Int, UnsafeMutablePointer<CValue>?) {
        guard !values.isEmpty else { return (0, nil) }
        let pointer = allocate(CValue.self, count: values.count)
        for (index, value) in values.enumerated() {
            (pointer + index).initialize(to: convert(value))
        }
        return (values.count, pointer)
    }

    /// Converts `message` to its C struct in arena memory.
    func cMessage<Message: ProtobufCMessage>(_ message: Message) throws(WireCodecError) -> UnsafeMutablePointer<Message.CStruct> {
        let pointer = allocate(Message.CStruct.self, count: 1)
        pointer.initialize(to: Message.makeCStruct())
        try message.fill(&pointer.pointee, arena: self)
        return pointer
    }

    /// Converts every message of `messages` into a C array of struct pointers.
    func cMessages<Message: ProtobufCMessage>(
        _ messages: [Message]
    ) throws(WireCodecError) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<Message.CStruct>?>?) {
        guard !messages.isEmpty else { return (0, nil) }
        let pointers = allocate(UnsafeMutablePointer<Message.CStruct>?.self, count: messages.count)
        for (index, element) in messages.enumerated() {
            (pointers + index).initialize(to: try cMessage(element))
        }
        return (messages.count, pointers)
    }
}

import AllotWireC
import Glibc

/// Memory for protobuf-c's unpack of one message at a time, reused for every message, so
/// that decoding a request costs no malloc and free per string and submessage.
///
/// protobuf-c allocates through the arena's `ProtobufCAllocator`: an allocation that fits
/// takes the next bytes of one fixed block, and a larger one goes to malloc. Freeing ignores
/// pointers into the block and frees the others. The block is reused once the message has
/// been copied into Swift values. An arena is confined to one thread at a time, which is
/// what the `@unchecked Sendable` conformance rests on.
public final class UnpackArena: @unchecked Sendable {
    /// Size of the reused block. A request frame with its strings usually fits in it.
    static let blockBytes = 16 << 10
    /// Alignment of every allocation, enough for any C scalar or struct.
    static let alignmentBytes = 16

    private let block: UnsafeMutableRawPointer
    private var usedBytes = 0
    /// Allocations taken from malloc and not yet freed.
    private(set) var mallocCount = 0

    /// Creates an arena with its block.
    public init() {
        block = UnsafeMutableRawPointer.allocate(byteCount: Self.blockBytes, alignment: Self.alignmentBytes)
    }

    deinit {
        block.deallocate()
    }

    /// Runs `body` with an allocator that protobuf-c can use for one message. Once `body`
    /// returns, nothing from the block may be used any more.
    func withAllocator<Value>(_ body: (UnsafeMutablePointer<ProtobufCAllocator>) throws(WireCodecError) -> Value) throws(WireCodecError) -> Value {
        precondition(usedBytes == 0, "unpack arena entered again while \(usedBytes) bytes are in use")
        defer {
            assert(mallocCount == 0, "protobuf-c left \(mallocCount) allocations of the unpack arena unfreed")
            usedBytes = 0
        }
        var allocator = ProtobufCAllocator(alloc: unpackArenaAllocate, free: unpackArenaFree,
                                           allocator_data: Unmanaged.passUnretained(self).toOpaque())
        return try withExtendedLifetime(self) { () throws(WireCodecError) -> Value in try body(&allocator) }
    }

    fileprivate func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer? {
        let rounded = (max(1, byteCount) + Self.alignmentBytes - 1) & ~(Self.alignmentBytes - 1)
        if rounded <= Self.blockBytes - usedBytes {
            let pointer = block + usedBytes
            usedBytes += rounded
            return pointer
        }
        guard let pointer = malloc(byteCount) else { return nil }
        mallocCount += 1
        return pointer
    }

    fileprivate func free(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        if pointer >= block && pointer < block + Self.blockBytes { return }
        mallocCount -= 1
        Glibc.free(pointer)
    }
}

private func unpackArena(_ data: UnsafeMutableRawPointer?) -> UnpackArena {
    guard let data else { preconditionFailure("protobuf-c called the unpack arena's allocator without its data") }
    return Unmanaged<UnpackArena>.fromOpaque(data).takeUnretainedValue()
}

private func unpackArenaAllocate(_ data: UnsafeMutableRawPointer?, _ byteCount: Int) -> UnsafeMutableRawPointer? {
    unpackArena(data).allocate(byteCount)
}

private func unpackArenaFree(_ data: UnsafeMutableRawPointer?, _ pointer: UnsafeMutableRawPointer?) {
    unpackArena(data).free(pointer)
}

import AllotWireC
import Glibc

/// Finds string fields that contain a NUL byte in an encoded message.
///
/// protobuf-c copies a string field into a NUL-terminated C string, so the
/// bytes after an embedded NUL are lost without an error: a name sent as
/// "a\0b" would be stored as "a". The codec cannot tell from the unpacked
/// struct, so this walks the encoded bytes with the message's descriptor.
enum EmbeddedNULScan {
    /// Deepest nesting of messages the scan follows. The protocol nests
    /// three levels (frame, request, statistics window), so this bounds the
    /// recursion with room to spare. Fields below it are not scanned.
    static let maximumDepth = 8

    /// Returns "Message.field" of the first string field in `bytes` that
    /// contains a NUL byte, or nil when there is none. `bytes` must be an
    /// encoding protobuf-c has unpacked with `descriptor`.
    ///
    /// - Complexity: O(n) in the length of `bytes`; a payload without any
    ///   zero byte is checked with one `memchr`.
    static func firstField(in bytes: UnsafeRawBufferPointer,
                           descriptor: UnsafePointer<ProtobufCMessageDescriptor>) -> String? {
        guard let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil else { return nil }
        return scan(bytes, descriptor: descriptor, depth: 0)
    }

    private static func scan(_ bytes: UnsafeRawBufferPointer, descriptor: UnsafePointer<ProtobufCMessageDescriptor>,
                             depth: Int) -> String? {
        var offset = 0
        while offset < bytes.count {
            guard let tag = varint(bytes, at: &offset) else { return nil }
            switch tag & 7 {
            case 0: guard varint(bytes, at: &offset) != nil else { return nil }
            case 1: offset += 8
            case 5: offset += 4
            case 2:
                guard let length = varint(bytes, at: &offset), length <= UInt64(bytes.count - offset) else { return nil }
                let value = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Int(length))])
                offset += Int(length)
                if let found = check(value, fieldNumber: tag >> 3, descriptor: descriptor, depth: depth) { return found }
            default: return nil
            }
        }
        return nil
    }

    private static func check(_ value: UnsafeRawBufferPointer, fieldNumber: UInt64,
                              descriptor: UnsafePointer<ProtobufCMessageDescriptor>, depth: Int) -> String? {
        let message = descriptor.pointee
        guard let fields = message.fields,
              let field = UnsafeBufferPointer(start: fields, count: Int(message.n_fields)).first(where: { UInt64($0.id) == fieldNumber })
        else { return nil }
        switch field.type {
        case PROTOBUF_C_TYPE_STRING:
            guard let base = value.baseAddress, memchr(base, 0, value.count) != nil else { return nil }
            return String(cString: message.short_name) + "." + String(cString: field.name)
        case PROTOBUF_C_TYPE_MESSAGE:
            guard depth < maximumDepth, let nested = field.descriptor else { return nil }
            return scan(value, descriptor: nested.assumingMemoryBound(to: ProtobufCMessageDescriptor.self), depth: depth + 1)
        default:
            return nil
        }
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}

import AllotWireC
import Glibc

/// Finds string fields of an encoded message that the decoded struct would
/// not carry faithfully: ones with a NUL byte or with bytes that are not UTF-8.
///
/// protobuf-c copies a string field into a NUL-terminated C string, so the
/// bytes after an embedded NUL are lost without an error: a name sent as
/// "a\0b" would be stored as "a". Nor does it check UTF-8, which proto3
/// requires of strings, and the Swift model then replaces each invalid
/// sequence with U+FFFD. Neither is visible in the unpacked struct, so this
/// walks the encoded bytes with the message's descriptor.
enum StringFieldScan {
    /// Deepest nesting of messages the scan follows. The protocol nests
    /// three levels (frame, request, statistics window), so this bounds the
    /// recursion with room to spare. Fields below it are not scanned.
    static let maximumDepth = 8

    /// Returns the error for the first string field in `bytes` that contains
    /// a NUL byte or is not valid UTF-8, or nil when every one is clean.
    /// `bytes` must be an encoding protobuf-c has unpacked with `descriptor`.
    ///
    /// - Complexity: O(n) in the length of `bytes`. A payload without any
    ///   zero byte and without any byte of 0x80 or more, which holds only
    ///   ASCII strings and small numbers, is checked in one pass and not walked.
    static func firstFault(in bytes: UnsafeRawBufferPointer,
                           descriptor: UnsafePointer<ProtobufCMessageDescriptor>) -> WireCodecError? {
        guard let base = bytes.baseAddress else { return nil }
        guard memchr(base, 0, bytes.count) != nil || containsNonASCII(bytes) else { return nil }
        var fault: WireCodecError?
        forEachString(in: bytes, descriptor: descriptor, depth: 0) { value, name in
            guard let valueBase = value.baseAddress else { return true }
            if memchr(valueBase, 0, value.count) != nil {
                fault = .stringContainsNUL(field: name())
            } else if containsNonASCII(value), let invalid = firstInvalidUTF8Offset(value) {
                fault = .stringNotUTF8(field: name(), byteOffset: invalid, byte: value[invalid])
            }
            return fault == nil
        }
        return fault
    }

    /// Returns "Message.field" and the length of the longest string field in
    /// `bytes`, or nil when it has none.
    ///
    /// - Complexity: O(f) in the number of fields of `bytes`.
    static func longestString(in bytes: UnsafeRawBufferPointer,
                              descriptor: UnsafePointer<ProtobufCMessageDescriptor>) -> (field: String, byteCount: Int)? {
        var longest: (field: String, byteCount: Int)?
        forEachString(in: bytes, descriptor: descriptor, depth: 0) { value, name in
            if value.count > longest?.byteCount ?? -1 { longest = (name(), value.count) }
            return true
        }
        return longest
    }

    /// Calls `body` with each string field's bytes and a closure that makes
    /// its "Message.field" name, until `body` returns false.
    /// Returns false when it stopped early.
    @discardableResult
    private static func forEachString(in bytes: UnsafeRawBufferPointer, descriptor: UnsafePointer<ProtobufCMessageDescriptor>,
                                      depth: Int, _ body: (UnsafeRawBufferPointer, () -> String) -> Bool) -> Bool {
        var offset = 0
        while offset < bytes.count {
            guard let tag = varint(bytes, at: &offset) else { return true }
            switch tag & 7 {
            case 0: guard varint(bytes, at: &offset) != nil else { return true }
            case 1: offset += 8
            case 5: offset += 4
            case 2:
                guard let length = varint(bytes, at: &offset), length <= UInt64(bytes.count - offset) else { return true }
                let value = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Int(length))])
                offset += Int(length)
                guard visit(value, fieldNumber: tag >> 3, descriptor: descriptor, depth: depth, body) else { return false }
            default: return true
            }
        }
        return true
    }

    private static func visit(_ value: UnsafeRawBufferPointer, fieldNumber: UInt64,
                              descriptor: UnsafePointer<ProtobufCMessageDescriptor>, depth: Int,
                              _ body: (UnsafeRawBufferPointer, () -> String) -> Bool) -> Bool {
        let message = descriptor.pointee
        guard let fields = message.fields,
              let field = UnsafeBufferPointer(start: fields, count: Int(message.n_fields)).first(where: { UInt64($0.id) == fieldNumber })
        else { return true }
        switch field.type {
        case PROTOBUF_C_TYPE_STRING:
            return body(value) { String(cString: message.short_name) + "." + String(cString: field.name) }
        case PROTOBUF_C_TYPE_MESSAGE:
            guard depth < maximumDepth, let nested = field.descriptor else { return true }
            return forEachString(in: value, descriptor: nested.assumingMemoryBound(to: ProtobufCMessageDescriptor.self),
                                 depth: depth + 1, body)
        default:
            return true
        }
    }

    /// Returns whether any byte of `bytes` is 0x80 or more, testing eight bytes at a time.
    static func containsNonASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & highBits != 0 { return true }
            offset += 8
        }
        while offset < bytes.count {
            if bytes[offset] >= 0x80 { return true }
            offset += 1
        }
        return false
    }

    /// Returns the offset of the first byte that does not start a valid
    /// UTF-8 sequence, or nil when all of `bytes` is UTF-8. Overlong forms,
    /// UTF-16 surrogates and values above U+10FFFF are invalid, as in Unicode.
    static func firstInvalidUTF8Offset(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
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

/// A failure to encode or decode a message.
public enum WireCodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// protobuf-c's unpack returned no message: the bytes are not a valid
    /// encoding of `message`, or a length inside them runs past the end.
    case malformedMessage(message: String, byteCount: Int)
    /// A string field contains a NUL character, which protobuf-c's C strings
    /// cannot carry.
    case stringContainsNUL(field: String)
    /// A string field's bytes are not UTF-8, which proto3 requires of
    /// strings; `byte` at `byteOffset` of the string starts the first bad sequence.
    case stringNotUTF8(field: String, byteOffset: Int, byte: UInt8)
    /// protobuf-c's pack wrote a different number of bytes than its
    /// get_packed_size returned; a bug in the mapping or in protobuf-c.
    case packedSizeMismatch(message: String, expectedBytes: Int, writtenBytes: Int)

    /// "Message.field" of the string field at fault, or nil for the other errors.
    public var stringField: String? {
        switch self {
        case .stringContainsNUL(let field), .stringNotUTF8(let field, _, _): field
        case .malformedMessage, .packedSizeMismatch: nil
        }
    }

    public var description: String {
        switch self {
        case .malformedMessage(let message, let count):
            return "protobuf-c unpack of \(message) failed: the \(count) bytes are not a valid encoding of that message"
        case .stringContainsNUL(let field):
            return "string field \(field) contains a NUL character, which this protocol cannot carry; remove it"
        case .stringNotUTF8(let field, let offset, let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "string field \(field) is not valid UTF-8: byte 0x\(hex.count == 1 ? "0" + hex : hex) at offset \(offset) "
                + "of the string starts no valid sequence; send the text encoded as UTF-8"
        case .packedSizeMismatch(let message, let expected, let written):
            return "protobuf-c pack of \(message) wrote \(written) bytes where get_packed_size returned \(expected)"
        }
    }
}

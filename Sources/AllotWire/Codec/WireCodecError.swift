/// A failure to encode or decode a message.
public enum WireCodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// protobuf-c's unpack returned no message: the bytes are not a valid
    /// encoding of `message`, or a length inside them runs past the end.
    case malformedMessage(message: String, byteCount: Int)
    /// A string field contains a NUL character, which protobuf-c's C strings
    /// cannot carry.
    case stringContainsNUL(field: String)
    /// protobuf-c's pack wrote a different number of bytes than its
    /// get_packed_size returned; a bug in the mapping or in protobuf-c.
    case packedSizeMismatch(message: String, expectedBytes: Int, writtenBytes: Int)

    public var description: String {
        switch self {
        case .malformedMessage(let message, let count):
            return "protobuf-c unpack of \(message) failed: the \(count) bytes are not a valid encoding of that message"
        case .stringContainsNUL(let field):
            return "string field \(field) contains a NUL character, which this protocol cannot carry; remove it"
        case .packedSizeMismatch(let message, let expected, let written):
            return "protobuf-c pack of \(message) wrote \(written) bytes where get_packed_size returned \(expected)"
        }
    }
}

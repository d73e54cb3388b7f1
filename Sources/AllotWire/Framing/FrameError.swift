/// A byte stream that is not a valid sequence of frames. After any of
/// these the stream cannot be resynchronised, so the connection must close.
public enum FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The length field exceeds the frame limit; detected from the header
    /// alone, before any of the payload is buffered.
    case lengthOverLimit(lengthBytes: UInt64, limitBytes: Int)
    /// Flag bits that this protocol version reserves are set.
    case reservedFlagsSet(flags: UInt8)
    /// The payload is flagged as compressed but is not valid zlib data.
    case invalidCompressedData(reason: String)
    /// The compressed payload inflates past the frame limit.
    case decompressedSizeOverLimit(limitBytes: Int)

    public var description: String {
        switch self {
        case .lengthOverLimit(let length, let limit):
            return "frame length \(length) bytes exceeds the limit of \(limit) bytes; send smaller requests or raise the server's max-frame-bytes"
        case .reservedFlagsSet(let flags):
            return "frame flags 0x\(String(flags, radix: 16)) set reserved bits (only bit 0, compression, is defined); the peer does not speak this protocol version"
        case .invalidCompressedData(let reason):
            return "frame is flagged as compressed but its payload is not valid zlib data: \(reason)"
        case .decompressedSizeOverLimit(let limit):
            return "compressed frame inflates past the limit of \(limit) bytes; send smaller requests or raise the server's max-frame-bytes"
        }
    }
}

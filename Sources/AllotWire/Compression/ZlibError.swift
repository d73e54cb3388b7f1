/// A failed zlib operation, naming the zlib call and its result.
public enum ZlibError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A zlib function returned an error code; `message` is zlib's own text
    /// when it gave one.
    case callFailed(call: String, code: Int32, message: String)
    /// Inflating would produce more than `limitBytes` bytes.
    case outputOverLimit(limitBytes: Int)
    /// The input ended before the end of the zlib stream.
    case truncatedInput
    /// Bytes follow the end of the zlib stream.
    case trailingBytes(count: Int)

    public var description: String {
        switch self {
        case .callFailed(let call, let code, let message):
            let detail = message.isEmpty ? "" : " (\(message))"
            return "\(call) failed with code \(code)\(detail)"
        case .outputOverLimit(let limit):
            return "inflated data exceeds the limit of \(limit) bytes"
        case .truncatedInput:
            return "the compressed data ends before the end of the zlib stream"
        case .trailingBytes(let count):
            return "\(count) bytes follow the end of the zlib stream"
        }
    }
}

import CZlib

/// A zlib call that returned an error code.
package struct ZlibError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Name of the zlib function, such as `"inflate"`.
    package let function: String
    /// The return code, such as `Z_DATA_ERROR` (-3).
    package let code: Int32
    /// zlib's own message for the failure, when it gave one.
    package let message: String?

    package var description: String {
        let detail = message.map { ": \($0)" } ?? ""
        return "\(function) returned \(Self.name(of: code)) (\(code))\(detail)"
    }

    static func name(of code: Int32) -> String {
        switch code {
        case Z_STREAM_ERROR: "Z_STREAM_ERROR"
        case Z_DATA_ERROR: "Z_DATA_ERROR"
        case Z_MEM_ERROR: "Z_MEM_ERROR"
        case Z_BUF_ERROR: "Z_BUF_ERROR"
        case Z_VERSION_ERROR: "Z_VERSION_ERROR"
        case Z_NEED_DICT: "Z_NEED_DICT"
        case Z_ERRNO: "Z_ERRNO"
        default: "an unknown code"
        }
    }
}

/// Owns a `z_stream` at a fixed address, which zlib requires between calls.
final class ZlibStream {
    let pointer = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)

    init() {
        pointer.initialize(to: z_stream())
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }

    /// The error for return code `code` of `function`, with the stream's message.
    func error(_ function: String, _ code: Int32) -> ZlibError {
        ZlibError(function: function, code: code, message: pointer.pointee.msg.map { String(cString: $0) })
    }
}

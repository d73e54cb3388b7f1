import Glibc
import Synchronization

/// Structured logs: one line per record on stderr, in logfmt,
/// `time=… level=info msg="constant message" key=value …`.
///
/// Messages are static strings so that every record of a kind reads the
/// same; the data goes in the metadata. Never pass a secret as a value.
public final class Logger: Sendable {
    /// Records below this level are dropped.
    public let minimumLevel: LogLevel
    private let lock = Mutex(())
    private let fileDescriptor: Int32

    /// Creates a logger writing to `fileDescriptor` (stderr by default).
    public init(minimumLevel: LogLevel, fileDescriptor: Int32 = STDERR_FILENO) {
        self.minimumLevel = minimumLevel
        self.fileDescriptor = fileDescriptor
    }

    public func debug(_ message: StaticString, _ metadata: (String, String)...) {
        log(.debug, message, metadata)
    }

    public func info(_ message: StaticString, _ metadata: (String, String)...) {
        log(.info, message, metadata)
    }

    public func warning(_ message: StaticString, _ metadata: (String, String)...) {
        log(.warning, message, metadata)
    }

    public func error(_ message: StaticString, _ metadata: (String, String)...) {
        log(.error, message, metadata)
    }

    /// Logs the error that stopped the server from starting. The value is cut at
    /// ``ServerLimits/maximumStartupErrorLogBytes`` rather than the usual length, because such
    /// an error names the damaged files and ends with what to do.
    public func startupFailed(_ error: String) {
        log(.error, "server failed to start", [("error", error)], maximumValueBytes: ServerLimits.maximumStartupErrorLogBytes)
    }

    /// Writes one record when `level` is at or above the minimum.
    public func log(_ level: LogLevel, _ message: StaticString, _ metadata: [(String, String)]) {
        log(level, message, metadata, maximumValueBytes: ServerLimits.maximumLogValueBytes)
    }

    private func log(_ level: LogLevel, _ message: StaticString, _ metadata: [(String, String)], maximumValueBytes: Int) {
        guard level >= minimumLevel else { return }
        var line = "time=\(Self.timestamp()) level=\(level.name) msg=\(Self.quoted("\(message)"))"
        for (key, value) in metadata {
            line += " \(key)=\(Self.formatted(value, maximumBytes: maximumValueBytes))"
        }
        line += "\n"
        let bytes = Array(line.utf8)
        // One write per line keeps lines whole when threads log at once. A
        // failed write to stderr has nowhere to be reported, so it is dropped.
        lock.withLock { _ in
            _ = bytes.withUnsafeBytes { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
        }
    }

    /// Formats a value as logfmt writes it: bare when it is a plain token,
    /// quoted and escaped otherwise, and cut to `maximumBytes`.
    static func formatted(_ value: String, maximumBytes: Int = ServerLimits.maximumLogValueBytes) -> String {
        var value = value
        if value.utf8.count > maximumBytes {
            value = String(decoding: value.utf8.prefix(maximumBytes), as: UTF8.self) + "…"
        }
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "=" && scalar != "\\"
        }
        return plain ? value : quoted(value)
    }

    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// UTC time with milliseconds, ISO 8601.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let milliseconds = now.tv_nsec / 1_000_000
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(Int(parts.tm_year) + 1900, 4))-\(padded(Int(parts.tm_mon) + 1, 2))-\(padded(Int(parts.tm_mday), 2))"
            + "T\(padded(Int(parts.tm_hour), 2)):\(padded(Int(parts.tm_min), 2)):\(padded(Int(parts.tm_sec), 2)).\(padded(milliseconds, 3))Z"
    }
}

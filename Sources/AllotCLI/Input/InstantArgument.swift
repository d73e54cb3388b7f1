import Foundation

/// Reads an instant given as ISO 8601 text.
enum InstantArgument {
    /// Converts `text`, such as `2024-05-15T09:15:00Z` or
    /// `2024-05-15T11:15:00.250+02:00`, to milliseconds since the Unix epoch.
    static func unixMilliseconds(_ text: String, option name: String) throws(CommandFailure) -> Int64 {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions.insert(.withFractionalSeconds)
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else {
            throw CommandFailure(message: "\(OptionSpecification.dashed(name)) '\(text)' is not an ISO 8601 instant such as 2024-05-15T09:15:00Z")
        }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// Returns the current instant in milliseconds since the Unix epoch.
    static func nowUnixMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}

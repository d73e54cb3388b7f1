/// The two-letter prefixes of TaskRouter resource SIDs.
public enum SidPrefix: String, Sendable, Hashable, CaseIterable {
    case account = "AC"
    case workspace = "WS"
    case activity = "WA"
    case taskChannel = "TC"
    case worker = "WK"
    case workerChannel = "WC"
    case taskQueue = "WQ"
    case workflow = "WW"
    case task = "WT"
    case reservation = "WR"
    case event = "EV"
}

/// Formatting and checking of SIDs: a two-letter prefix and 32 lowercase hex digits.
public enum Sid {
    /// Number of characters in a SID: 2 for the prefix and 32 hex digits.
    public static let length = 34

    /// Returns whether `text` is a well-formed SID with `prefix`.
    ///
    /// Upper-case hex digits are accepted on input, as TaskRouter accepts
    /// them, but the engine only generates lowercase ones.
    public static func isValid(_ text: String, prefix: SidPrefix) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == length, text.hasPrefix(prefix.rawValue) else { return false }
        return bytes[2...].allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
        }
    }

    /// Returns the prefix of `text` when it is a well-formed SID of any known kind.
    public static func prefix(of text: String) -> SidPrefix? {
        guard text.utf8.count == length else { return nil }
        let prefix = SidPrefix(rawValue: String(text.prefix(2)))
        guard let prefix, isValid(text, prefix: prefix) else { return nil }
        return prefix
    }

    /// Formats 128 bits as a SID with `prefix`.
    static func make(_ prefix: SidPrefix, high: UInt64, low: UInt64) -> String {
        prefix.rawValue + hexDigits(high) + hexDigits(low)
    }

    private static func hexDigits(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

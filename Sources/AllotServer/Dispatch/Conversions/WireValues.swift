import AllotCore
import AllotWire

// The protocol sends proto3 zero values for fields a client leaves unset:
// an empty string, a zero number. The engine takes nil for "not given".
// These helpers translate between the two at the edge.

extension String {
    /// The string, or nil when it is empty, which proto3 sends for an unset field.
    var nonEmpty: String? { isEmpty ? nil : self }
}

extension Optional where Wrapped == String {
    /// The string, or "" for nil, which proto3 reads as unset.
    var orEmpty: String { self ?? "" }
}

extension PageRequest {
    /// Paging from a list request: a page_size of zero takes the default and
    /// an empty page_token starts at the beginning.
    init(pageSize: UInt32, pageToken: String) {
        self.init(pageSize: pageSize == 0 ? nil : Int(pageSize), pageToken: pageToken.nonEmpty)
    }
}

extension Timestamp {
    init(_ instant: WallClockInstant) {
        self.init(unixMilliseconds: instant.unixMilliseconds)
    }
}

extension Bool {
    /// The spelling the engine's boolean-ish parameters accept.
    var booleanText: String { self ? "true" : "false" }
}

extension UInt64 {
    /// Converts a count or age from the engine, reading a negative value (a
    /// clock that went back) as zero.
    init(nonNegative value: Int64) {
        self = value < 0 ? 0 : UInt64(value)
    }

    init(nonNegative value: Int) {
        self = value < 0 ? 0 : UInt64(value)
    }
}

extension UInt32 {
    /// Converts a small engine count for a 32-bit wire field, saturating at the maximum.
    init(saturating value: Int) {
        self = value < 0 ? 0 : UInt32(clamping: value)
    }
}

extension String {
    /// Maximum length of a client value quoted in an error message, in characters.
    static let maximumQuotedCharacters = 80

    /// The value in single quotes for an error message, cut to a readable length.
    var quotedForMessage: String {
        count <= Self.maximumQuotedCharacters ? "'\(self)'" : "'\(prefix(Self.maximumQuotedCharacters))…'"
    }
}

import AllotCore

/// JSON text to `AttributeValue` for the expression tests, through the
/// attribute parser with a size limit large enough for whole conformance lines.
enum TestJSON {
    /// The largest test document, far above any case in the suite.
    static let maximumBytes = 1 << 20

    /// Parses `text`, which may be any JSON value.
    static func parse(_ text: String) throws -> AttributeValue {
        try AttributeValue(parsingJSON: text, maximumBytes: maximumBytes)
    }
}

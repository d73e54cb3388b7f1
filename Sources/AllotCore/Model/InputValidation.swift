/// Checks shared by the create and update operations of several resources.
enum InputValidation {
    /// Parses a boolean-ish string as TaskRouter does: `true`, `1` and `yes`
    /// (any case) are true, and every other value is false.
    static func booleanish(_ text: String) -> Bool {
        switch text.lowercased() {
        case "true", "1", "yes": true
        default: false
        }
    }

    /// Returns `name` when it is non-empty and within the friendly name limit.
    static func friendlyName(_ name: String, field: String = "FriendlyName",
                             limits: EngineLimits) throws(EngineError) -> String {
        if name.isEmpty {
            throw .invalidArgument(field: field, message: "\(field) is required; pass a non-empty name")
        }
        if name.count > limits.maximumFriendlyNameCharacters {
            throw .invalidArgument(
                field: field,
                message: "\(field) \(EngineError.quoted(name)) has \(name.count) characters; "
                    + "the maximum is \(limits.maximumFriendlyNameCharacters)")
        }
        return name
    }

    /// Returns `url` when it is within the callback URL limit. The URL is
    /// stored and returned, never called, so nothing else about it is checked.
    static func callbackURL(_ url: String, field: String, limits: EngineLimits) throws(EngineError) -> String {
        let byteCount = url.utf8.count
        if byteCount > limits.maximumCallbackURLBytes {
            throw .invalidArgument(
                field: field,
                message: "\(field) \(EngineError.quoted(url)) has \(byteCount) bytes; "
                    + "the maximum is \(limits.maximumCallbackURLBytes); pass a shorter URL")
        }
        return url
    }

    /// Checks that `value` is in `range`, naming the field and the range.
    static func integer(_ value: Int, in range: ClosedRange<Int>, field: String) throws(EngineError) {
        guard range.contains(value) else {
            throw .invalidArgument(
                field: field,
                message: "\(field) \(value) is out of range; pass a value from \(range.lowerBound) to \(range.upperBound)")
        }
    }

    /// Checks that `sid` is a well-formed SID with `prefix`.
    static func sid(_ sid: String, prefix: SidPrefix, field: String) throws(EngineError) {
        guard Sid.isValid(sid, prefix: prefix) else {
            throw .invalidArgument(
                field: field,
                message: "\(field) \(EngineError.quoted(sid)) is not a SID; pass '\(prefix.rawValue)' "
                    + "followed by 32 hex digits")
        }
    }

    /// Checks an `If-Match` version against the resource's current one.
    /// `resource` names the resource in the error; it is formatted only when the check fails.
    static func version(_ expected: UInt64?, current: UInt64, resource: @autoclosure () -> String) throws(EngineError) {
        guard let expected, expected != current else { return }
        throw .aborted(field: "If-Match",
                       message: "\(resource()) is at version \(current), not \(expected); fetch it again and retry")
    }
}

extension Int64 {
    /// Converts `value` when it is a whole number within about ±9.2e18.
    ///
    /// Written with a truncating conversion because the standard library's
    /// rounding calls libm, which the engine target does not link.
    init?(wholeNumber value: Double) {
        guard value.isFinite, value > -9.2e18, value < 9.2e18 else { return nil }
        let truncated = Int64(value)
        guard Double(truncated) == value else { return nil }
        self = truncated
    }
}

/// A `taskrouter.*` time key, read in UTC from the context's clock.
public enum ClockField: Sendable, Hashable, CaseIterable {
    /// `currentTime`: hours × 100 + minutes, a number (09:15 is 915).
    case currentTime
    /// `currentHour`: the hour as a two-digit string ("09"), which compares
    /// numerically with numbers because it parses fully as one.
    case currentHour
    /// `currentMin`: the minute, a number.
    case currentMinute
    /// `dayOfWeek`: "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" or "Sun".
    case dayOfWeek

    /// The key segment after `taskrouter.` that names this field.
    public var keyName: String {
        switch self {
        case .currentTime: "currentTime"
        case .currentHour: "currentHour"
        case .currentMinute: "currentMin"
        case .dayOfWeek: "dayOfWeek"
        }
    }

    /// Returns the field that `keyName` names, or nil for any other name.
    public init?(keyName: String) {
        guard let field = Self.allCases.first(where: { $0.keyName == keyName }) else { return nil }
        self = field
    }

    /// Returns this field's value at an instant, in UTC.
    ///
    /// Allocates nothing: the strings come from fixed tables.
    public func value(atUnixMilliseconds instant: Int64) -> AttributeValue {
        let millisecondsPerDay: Int64 = 86_400_000
        // Floor division, so that instants before 1970 land on the right day;
        // no step can overflow, even at Int64.min.
        var dayNumber = instant / millisecondsPerDay
        var millisecondsIntoDay = instant % millisecondsPerDay
        if millisecondsIntoDay < 0 {
            dayNumber -= 1
            millisecondsIntoDay += millisecondsPerDay
        }
        let minuteOfDay = Int(millisecondsIntoDay / 60_000)
        let hour = minuteOfDay / 60
        let minute = minuteOfDay % 60

        switch self {
        case .currentTime:
            return .number(Double(hour * 100 + minute))
        case .currentHour:
            return .string(ClockTables.hourNames[hour])
        case .currentMinute:
            return .number(Double(minute))
        case .dayOfWeek:
            // Day 0, 1970-01-01, was a Thursday: index 4 from Sunday.
            let weekday = Int(((dayNumber % 7) + 7 + 4) % 7)
            return .string(ClockTables.dayNames[weekday])
        }
    }
}

/// Fixed strings for clock values, built once so that reading them allocates nothing.
private enum ClockTables {
    static let hourNames: [String] = (0..<24).map { $0 < 10 ? "0\($0)" : "\($0)" }
    static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
}

extension Timestamp {
    /// The instant as ISO 8601 text in UTC, such as `2024-05-15T09:15:00Z`,
    /// with milliseconds (`09:15:00.250Z`) when it has any. For messages:
    /// the engine reads no clock and no time zone, so this needs no Foundation.
    public var iso8601: String {
        let millisecondsPerDay: Int64 = 86_400_000
        // Floor division, so that instants before 1970 fall on the right day.
        var dayNumber = unixMilliseconds / millisecondsPerDay
        var millisecondsIntoDay = unixMilliseconds % millisecondsPerDay
        if millisecondsIntoDay < 0 {
            dayNumber -= 1
            millisecondsIntoDay += millisecondsPerDay
        }
        let (year, month, day) = Self.civilDate(dayNumber: dayNumber)
        let seconds = millisecondsIntoDay / 1_000
        var text = "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))"
        text += "T\(Self.padded(seconds / 3_600, 2)):\(Self.padded(seconds / 60 % 60, 2)):\(Self.padded(seconds % 60, 2))"
        let milliseconds = millisecondsIntoDay % 1_000
        if milliseconds != 0 { text += ".\(Self.padded(milliseconds, 3))" }
        return text + "Z"
    }

    /// Returns the proleptic Gregorian date of day `dayNumber`, counted from
    /// 1970-01-01 as day 0.
    ///
    /// The calendar repeats every 400 years (146,097 days). Counting years
    /// from 1 March puts the leap day at the end of the year. The months
    /// from March to July, and from August to December, then form two equal
    /// 153-day cycles, so a linear formula maps the day of the year to a month.
    private static func civilDate(dayNumber: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let daysPerEra: Int64 = 146_097
        // Days from 0000-03-01 to 1970-01-01.
        let fromEpochOfEras = dayNumber + 719_468
        let era = (fromEpochOfEras >= 0 ? fromEpochOfEras : fromEpochOfEras - (daysPerEra - 1)) / daysPerEra
        let dayOfEra = fromEpochOfEras - era * daysPerEra
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / (daysPerEra - 1)) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

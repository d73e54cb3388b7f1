import Testing
@testable import AllotCore

@Suite struct TimestampTests {
    @Test func arithmeticSaturatesInsteadOfTrapping() {
        let late = Timestamp(unixMilliseconds: Int64.max - 10)
        #expect(late.adding(seconds: 1_000).unixMilliseconds == Int64.max)
        #expect(Timestamp(unixMilliseconds: Int64.min + 5).adding(milliseconds: -100).unixMilliseconds == Int64.min)
        #expect(Timestamp(unixSeconds: Int64.max).unixMilliseconds == Int64.max)
    }

    @Test func secondsSinceTruncates() {
        let start = Timestamp(unixSeconds: 100)
        #expect(start.adding(milliseconds: 1_999).seconds(since: start) == 1)
        #expect(start.seconds(since: start.adding(seconds: 5)) == -5)
    }

    @Test func wholeNumberConversionRejectsFractions() {
        #expect(Int64(wholeNumber: 10) == 10)
        #expect(Int64(wholeNumber: -3) == -3)
        #expect(Int64(wholeNumber: 10.5) == nil)
        #expect(Int64(wholeNumber: 1e300) == nil)
        #expect(Int64(wholeNumber: .nan) == nil)
    }

    @Test func iso8601FormatsKnownInstants() {
        #expect(Timestamp(unixMilliseconds: 0).iso8601 == "1970-01-01T00:00:00Z")
        #expect(Timestamp(unixMilliseconds: -1).iso8601 == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(unixSeconds: 951_782_400).iso8601 == "2000-02-29T00:00:00Z")
        #expect(Timestamp(unixMilliseconds: 1_715_764_500_250).iso8601 == "2024-05-15T09:15:00.250Z")
        #expect(Timestamp.year1900.iso8601 == "1900-01-01T00:00:00Z")
        #expect(Timestamp(unixSeconds: 4_107_542_399).iso8601 == "2100-02-28T23:59:59Z")
    }

    @Test func iso8601AgreesWithCivilCalendar() {
        // Seeded walk over 1900 to 2200, checked against a day-by-day count
        // of the Gregorian calendar, which shares no code with the formatter.
        var generator = IndexedHeapTests.SeededGenerator(state: 0x15_0860)
        for _ in 0..<2_000 {
            let day = Int64(generator.next() % 109_573) - 25_567
            let (year, month, dayOfMonth) = Self.calendarDate(daysSince1970: day)
            let milliseconds = Int64(generator.next() % 86_400_000)
            let text = Timestamp(unixMilliseconds: day * 86_400_000 + milliseconds).iso8601
            let expectedDate = "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(dayOfMonth))T"
            #expect(text.hasPrefix(expectedDate), "day \(day): \(text)")
        }
    }

    private static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// Converts a day count to a date by walking whole years and months.
    private static func calendarDate(daysSince1970 day: Int64) -> (Int64, Int64, Int64) {
        func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }
        var year: Int64 = 1970
        var remaining = day
        while remaining < 0 {
            year -= 1
            remaining += isLeap(year) ? 366 : 365
        }
        while remaining >= (isLeap(year) ? 366 : 365) {
            remaining -= isLeap(year) ? 366 : 365
            year += 1
        }
        let lengths: [Int64] = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var month: Int64 = 1
        for length in lengths {
            if remaining < length { break }
            remaining -= length
            month += 1
        }
        return (year, month, remaining + 1)
    }
}

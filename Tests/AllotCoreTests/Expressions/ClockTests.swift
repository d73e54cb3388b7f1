import AllotCore
import Testing

@Suite struct ClockTests {
    typealias T = ExpressionTesting

    /// 2024-05-15T09:05:00Z, a Wednesday.
    static let wednesdayMorning: Int64 = 1_715_763_900_000
    /// 2024-05-18T23:59:59.999Z, the last millisecond of a Saturday.
    static let saturdayMidnight: Int64 = 1_716_076_799_999

    @Test func fieldValuesAtAFixedInstant() {
        #expect(ClockField.currentTime.value(atUnixMilliseconds: Self.wednesdayMorning) == .number(905))
        #expect(ClockField.currentHour.value(atUnixMilliseconds: Self.wednesdayMorning) == .string("09"))
        #expect(ClockField.currentMinute.value(atUnixMilliseconds: Self.wednesdayMorning) == .number(5))
        #expect(ClockField.dayOfWeek.value(atUnixMilliseconds: Self.wednesdayMorning) == .string("Wed"))
    }

    @Test func fieldValuesAtEndOfDay() {
        #expect(ClockField.currentTime.value(atUnixMilliseconds: Self.saturdayMidnight) == .number(2359))
        #expect(ClockField.currentHour.value(atUnixMilliseconds: Self.saturdayMidnight) == .string("23"))
        #expect(ClockField.dayOfWeek.value(atUnixMilliseconds: Self.saturdayMidnight) == .string("Sat"))
        #expect(ClockField.dayOfWeek.value(atUnixMilliseconds: Self.saturdayMidnight + 1) == .string("Sun"))
        #expect(ClockField.currentTime.value(atUnixMilliseconds: Self.saturdayMidnight + 1) == .number(0))
        #expect(ClockField.currentHour.value(atUnixMilliseconds: Self.saturdayMidnight + 1) == .string("00"))
    }

    @Test func everyDayOfTheWeek() {
        // 1970-01-01 was a Thursday.
        let names = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        for (offset, name) in names.enumerated() {
            let instant = Int64(offset) * 86_400_000 + 43_200_000
            #expect(ClockField.dayOfWeek.value(atUnixMilliseconds: instant) == .string(name))
        }
    }

    @Test func instantsBeforeTheEpoch() {
        // 1969-12-31T23:30:00Z, a Wednesday.
        let instant: Int64 = -1_800_000
        #expect(ClockField.dayOfWeek.value(atUnixMilliseconds: instant) == .string("Wed"))
        #expect(ClockField.currentTime.value(atUnixMilliseconds: instant) == .number(2330))
    }

    @Test func extremeInstantsDoNotTrap() {
        for instant in [Int64.min, Int64.max] {
            for field in ClockField.allCases {
                _ = field.value(atUnixMilliseconds: instant)
            }
        }
    }

    @Test func expressionsReadTheClock() throws {
        let now = Self.wednesdayMorning
        #expect(try T.filter("taskrouter.currentTime > 0800 AND taskrouter.currentTime < 1830", now: now))
        #expect(try T.filter("taskrouter.currentHour == 9", now: now))
        #expect(try T.filter("taskrouter.currentHour >= 8", now: now))
        #expect(try T.filter("taskrouter.currentHour == '09'", now: now))
        #expect(try !T.filter("taskrouter.currentHour == '9'", now: now))
        #expect(try T.filter("taskrouter.currentMin < 10", now: now))
        #expect(try T.filter("taskrouter.dayOfWeek IN ['Mon', 'Tue', 'Wed']", now: now))
        #expect(try !T.filter("taskrouter.dayOfWeek == 'wed'", now: now))
    }

    @Test func targetExpressionsReadTheClock() throws {
        let expression = try AllotCore.Expression("taskrouter.dayOfWeek == 'Sat' AND worker.weekend == true", kind: .target)
        var context = DocumentContext(nowUnixMilliseconds: Self.saturdayMidnight)
        try context.setWorker(fromDocument: TestJSON.parse(#"{"weekend":true}"#))
        #expect(expression.evaluate(in: context))
        context.nowUnixMilliseconds = Self.wednesdayMorning
        #expect(!expression.evaluate(in: context))
    }
}

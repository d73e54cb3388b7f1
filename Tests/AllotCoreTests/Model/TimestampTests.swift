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
}

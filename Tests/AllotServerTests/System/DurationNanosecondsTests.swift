import Testing
@testable import AllotServer

/// `Duration.nanoseconds`, which records each call's latency in the metrics.
@Suite struct DurationNanosecondsTests {
    @Test func wholeSecondsAndFraction() {
        #expect(Duration.seconds(3).nanoseconds == 3_000_000_000)
        #expect((Duration.seconds(2) + .nanoseconds(7)).nanoseconds == 2_000_000_007)
        #expect(Duration.microseconds(1_500).nanoseconds == 1_500_000)
    }

    @Test func subNanosecondPartIsDropped() {
        let duration = Duration(secondsComponent: 1, attosecondsComponent: 999_999_999)
        #expect(duration.nanoseconds == 1_000_000_000)
        #expect(Duration(secondsComponent: 0, attosecondsComponent: 1_999_999_999).nanoseconds == 1)
    }

    @Test func zeroAndNegativeGiveZero() {
        #expect(Duration.zero.nanoseconds == 0)
        #expect(Duration.nanoseconds(-5).nanoseconds == 0)
        #expect(Duration.seconds(-2).nanoseconds == 0)
    }
}

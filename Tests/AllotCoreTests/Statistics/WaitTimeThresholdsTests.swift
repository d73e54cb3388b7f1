import Testing
@testable import AllotCore

@Suite struct WaitTimeThresholdsTests {
    @Test func parseAcceptsCommaList() throws {
        #expect(try WaitTimeThresholds.parse("30,60,120") == [30, 60, 120])
        #expect(try WaitTimeThresholds.parse(" 10 , 600,3600 ") == [10, 600, 3_600])
        #expect(try WaitTimeThresholds.parse("1209600") == [1_209_600])
    }

    @Test func invalidListsNameValueAndFix() {
        let cases: [(String, String)] = [
            ("30,abc", #"entry 'abc' is not a whole number of seconds; pass a comma-separated list such as 30,60,120"#),
            ("30,,60", "entry '' is not a whole number"),
            ("", "entry '' is not a whole number"),
            ("1,2,3,4,5,6,7,8,9,10,11", "has 11 thresholds; pass at most 10"),
            ("0", "threshold 0 is out of range; pass whole seconds from 1 to 1209600"),
            ("-5", "threshold -5 is out of range"),
            ("1209601", "threshold 1209601 is out of range"),
            ("60,30", "threshold 30 does not follow 60 in ascending order"),
            ("30,30", "threshold 30 does not follow 30 in ascending order"),
            ("605", "threshold 605 is not a multiple of 10; waits from 600 to 3600 seconds are counted in 10-second steps, so pass 600 or 610"),
            ("3630", "threshold 3630 is not a multiple of 60; waits from 3600 to 86400 seconds are counted in 60-second steps, so pass 3600 or 3660"),
            ("90060", "threshold 90060 is not a multiple of 3600; waits from 86400 to 1209600 seconds are counted in 3600-second steps, so pass 90000 or 93600"),
            (String(repeating: " ", count: 201), "is 201 characters long"),
        ]
        for (text, expected) in cases {
            do {
                let parsed = try WaitTimeThresholds.parse(text)
                Issue.record("\(text.debugDescription) parsed as \(parsed)")
            } catch {
                #expect(error.field == "SplitByWaitTime")
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }

    @Test func binEdgesAreAccepted() throws {
        try WaitTimeThresholds.validate([599, 600, 610, 3_600, 3_660, 86_400, 93_600, 1_209_600])
    }
}

@Suite struct WaitTimeBinsTests {
    @Test func binsCoverEverySecondInOrder() {
        var previousBin = -1
        for seconds in stride(from: 0, through: WaitTimeBins.maximumSeconds, by: 1) {
            let bin = WaitTimeBins.bin(milliseconds: Int64(seconds) * 1_000 + 999)
            #expect(bin == previousBin || bin == previousBin + 1, "\(seconds) s")
            if bin != previousBin {
                #expect(WaitTimeBins.lowerBoundSeconds(of: bin) == seconds, "bin \(bin)")
                previousBin = bin
            }
        }
        #expect(previousBin == WaitTimeBins.overflowBin)
        #expect(WaitTimeBins.overflowBin == 2_592)
    }

    @Test func outOfRangeWaitsClamp() {
        #expect(WaitTimeBins.bin(milliseconds: -5_000) == 0)
        #expect(WaitTimeBins.bin(milliseconds: Int64.max) == WaitTimeBins.overflowBin)
    }
}

@Suite struct MinuteBucketsTests {
    @Test func ringKeepsRetainedMinutesOnly() {
        var history = MinuteBuckets()
        for minute in 0..<(Limits.statisticsRetentionMinutes + 500) {
            history.record(at: Timestamp(unixMilliseconds: Int64(minute) * 60_000 + 1)) { $0.updateChannel(ChannelHandle(0)) { $0.counters.tasksEntered += 1 } }
            history.checkInvariants()
        }
        #expect(history.buckets.count == Limits.statisticsRetentionMinutes)
        #expect(history.buckets.first?.minute == 500)
        #expect(history.storage.count < 2 * Limits.statisticsRetentionMinutes)
    }

    @Test func clockGoingBackWritesNewestBucket() {
        var history = MinuteBuckets()
        history.record(at: Timestamp(unixMilliseconds: 600_000)) { $0.updateChannel(ChannelHandle(0)) { $0.counters.tasksEntered += 1 } }
        history.record(at: Timestamp(unixMilliseconds: 60_000)) { $0.updateChannel(ChannelHandle(0)) { $0.counters.tasksEntered += 1 } }
        #expect(history.buckets.count == 1)
        #expect(history.buckets.first?.minute == 10)
        #expect(history.buckets.first?.counters.tasksEntered == 2)
    }

    @Test func idleMinutesHaveNoBucket() {
        var history = MinuteBuckets()
        history.record(at: Timestamp(unixMilliseconds: 0)) { $0.updateChannel(ChannelHandle(0)) { $0.counters.tasksEntered += 1 } }
        history.record(at: Timestamp(unixMilliseconds: 30 * 60_000)) { $0.updateChannel(ChannelHandle(0)) { $0.counters.tasksEntered += 1 } }
        #expect(history.buckets.map(\.minute) == [0, 30])
        #expect(history.buckets(fromMinute: 1, throughMinute: 29).isEmpty)
        #expect(history.buckets(fromMinute: 0, throughMinute: 30).count == 2)
    }

    @Test func restoreRejectsUnorderedMinutes() {
        #expect(MinuteBuckets(buckets: [StatisticsBucket(minute: 2), StatisticsBucket(minute: 1)]) == nil)
        #expect(MinuteBuckets(buckets: [StatisticsBucket(minute: 1), StatisticsBucket(minute: 1)]) == nil)
        #expect(MinuteBuckets(buckets: [StatisticsBucket(minute: 1), StatisticsBucket(minute: 2)]) != nil)
    }
}

@testable import AllotCore
@testable import AllotServer
import AllotTestSupport
import AllotWire
import Testing

@Suite struct StatisticsConversionTests {
    @Test func durationMeanStaysWithinBounds() {
        // Waits of 7.0, 7.9 and 7.0 s: the exact mean is 7.3 s and the
        // maximum 7.9 s, both shown in whole seconds.
        var summary = DurationSummary()
        for milliseconds: Int64 in [7_000, 7_900, 7_000] { summary.record(milliseconds: milliseconds) }
        let wire = Wire.DurationSummary(summary)
        #expect(wire.avg == 7)
        #expect(wire.min == 7)
        #expect(wire.max == 7)
        #expect(wire.total == 21)
        #expect(Double(wire.min) <= wire.avg)
        #expect(wire.avg <= Double(wire.max))
    }

    @Test func durationsRoundDownTogether() {
        var generator = SeededGenerator(seed: 12)
        for _ in 0..<500 {
            var summary = DurationSummary()
            for _ in 0..<(1 + generator.next() % 8) { summary.record(milliseconds: Int64(generator.next() % 20_000)) }
            let wire = Wire.DurationSummary(summary)
            #expect(Double(wire.min) <= wire.avg, "\(summary)")
            #expect(wire.avg <= Double(wire.max), "\(summary)")
            #expect(wire.avg == wire.avg.rounded(.down), "\(summary)")
        }
    }

    @Test func emptySummaryIsZero() {
        #expect(Wire.DurationSummary(DurationSummary()) == Wire.DurationSummary())
    }

    @Test func activityDurationsListEveryActivity() {
        func activity(_ sid: String, _ name: String) -> ActivityInfo {
            ActivityInfo(sid: sid, workspaceSid: "WS1", accountSid: "AC1", friendlyName: name, available: false,
                         dateCreated: Timestamp(unixMilliseconds: 0), dateUpdated: Timestamp(unixMilliseconds: 0))
        }
        var offline = DurationSummary()
        offline.record(milliseconds: 30_000)
        var deleted = DurationSummary()
        deleted.record(milliseconds: 5_000)
        let list = Wire.ActivityDuration.list(["WA1": offline, "WA9": deleted],
                                              activities: [activity("WA1", "Offline"), activity("WA2", "Available")])
        #expect(list.map(\.sid) == ["WA1", "WA2", "WA9"])
        #expect(list.map(\.friendlyName) == ["Offline", "Available", ""])
        #expect(list[0].duration?.total == 30)
        #expect(list[1].duration == Wire.DurationSummary())
        #expect(list[2].duration?.total == 5)
    }
}

import Testing
@testable import AllotCore

@Suite struct ExpressionClockTests {
    @Test func readsClockFindsTaskrouterKeys() throws {
        let cases: [(String, ExpressionKind, Bool)] = [
            ("taskrouter.dayOfWeek == 'Mon'", .taskFilter, true),
            ("type == 'sales' OR (vip == true AND taskrouter.currentTime > 800)", .taskFilter, true),
            ("900 <= taskrouter.currentTime", .taskFilter, true),
            ("type == 'sales'", .taskFilter, false),
            ("task.language == worker.language", .target, false),
            ("worker.level > 2 AND taskrouter.currentHour < 17", .target, true),
            ("", .taskFilter, false),
        ]
        for (source, kind, expected) in cases {
            #expect(try Expression(source, kind: kind).readsClock == expected, "\(source)")
        }
    }
}

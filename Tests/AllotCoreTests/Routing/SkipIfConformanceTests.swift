import Testing
@testable import AllotCore

/// The `skip_if` cases: counters over the step queue's members by activity.
@Suite struct SkipIfConformanceTests {
    func evaluate(_ source: String, members: [(activity: String, available: Bool)]) throws -> Bool {
        var available = 0
        var unavailable = 0
        var bySid: [String: Int] = [:]
        for member in members {
            if member.available { available += 1 } else { unavailable += 1 }
            bySid[member.activity, default: 0] += 1
        }
        let context = SkipIfContext(availableCount: available, unavailableCount: unavailable, countsByActivitySid: bySid,
                                    nowUnixMilliseconds: 0)
        return try Expression(source, kind: .skipIf).evaluate(in: context)
    }

    @Test func s01NoAvailableMembers() throws {
        #expect(try evaluate("workers.available == 0", members: [("WA_OFFLINE", false), ("WA_BREAK", false)]))
    }

    @Test func s03CountsByActivitySid() throws {
        #expect(try evaluate("workers.WA_BREAK < 2 OR workers.WA_OFFLINE < 2",
                             members: [("WA_BREAK", false), ("WA_BREAK", false), ("WA_OFFLINE", false)]))
    }

    @Test func s04UnavailableCount() throws {
        #expect(try evaluate("workers.unavailable == 2",
                             members: [("WA_BREAK", false), ("WA_OFFLINE", false), ("WA_AVAIL", true)]))
    }

    @Test func skipIfContextCountsQueueMembers() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createWorker("a", activity: "Available")
        try fixture.createWorker("b", activity: "Offline")
        let context = try fixture.engine.read(fixture.workspace, account: EngineFixture.account) { state throws(EngineError) in
            state.skipIfContext(try state.queueHandle(queue, field: "Sid"), now: fixture.now)
        }
        #expect(context.availableCount == 1)
        #expect(context.unavailableCount == 1)
        #expect(context.countsByActivitySid[try fixture.activitySid("Offline")] == 1)
    }
}

import Testing
@testable import AllotCore

@Suite struct ConformanceStatisticsTests {
    @Test func r45QueueStatisticsSeparateEligibleFromAvailable() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", targetWorkers: "1==1")
        try fixture.createWorker("a", activity: "Available")
        try fixture.createWorker("b", activity: "Offline")
        try fixture.createWorker("c", activity: "Offline")
        let stats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue,
                                                           account: EngineFixture.account, now: fixture.now)
        #expect(stats.totalEligibleWorkers == 3)
        #expect(stats.totalAvailableWorkers == 1)
        let byName = Dictionary(uniqueKeysWithValues: stats.activityStatistics.map { ($0.friendlyName, $0.workers) })
        #expect(byName["Available"] == 1)
        #expect(byName["Offline"] == 2)
        #expect(byName["Unavailable"] == 0)
    }
}

import Testing
@testable import AllotCore

/// Deleting an activity frees its handle, which the next activity created
/// takes. The periods spent in the deleted activity must not pass to it.
@Suite struct ActivityDeletionStatisticsTests {
    /// Spends 30 seconds of worker `w` in activity "Break", deletes "Break"
    /// and creates "Training", which takes over its handle.
    static func fixtureWithReusedHandle() throws -> (fixture: EngineFixture, worker: String, training: String) {
        let fixture = try EngineFixture()
        let worker = try fixture.createWorker("w", activity: "Offline")
        let doomed = try fixture.createActivity("Break", available: false)
        try fixture.setActivity(worker, "Break")
        fixture.advance(seconds: 30)
        try fixture.setActivity(worker, "Offline")
        let before = try fixture.engine.workerStatistics(workspace: fixture.workspace, sid: worker, account: EngineFixture.account)
        #expect(before.activityDurations[doomed]?.totalSeconds == 30)
        fixture.record(try fixture.engine.deleteActivity(workspace: fixture.workspace, sid: doomed,
                                                         account: EngineFixture.account, now: fixture.now))
        let training = try fixture.createActivity("Training", available: false)
        return (fixture, worker, training)
    }

    @Test func reusedHandleStartsWithoutPeriods() throws {
        let (fixture, worker, training) = try Self.fixtureWithReusedHandle()
        let account = EngineFixture.account
        let all = try fixture.engine.workersCumulativeStatistics(workspace: fixture.workspace, account: account)
        #expect(all.activityDurations[training] == nil)
        let own = try fixture.engine.workerStatistics(workspace: fixture.workspace, sid: worker, account: account)
        #expect(own.activityDurations[training] == nil)
        let recent = try fixture.engine.workersCumulativeStatistics(
            workspace: fixture.workspace, CumulativeStatisticsRequest(minutes: 60), account: account, now: fixture.now)
        #expect(recent.activityDurations[training] == nil)
        let ownRecent = try fixture.engine.workerCumulativeStatistics(
            workspace: fixture.workspace, sid: worker, CumulativeStatisticsRequest(minutes: 60), account: account, now: fixture.now)
        #expect(ownRecent.activityDurations[training] == nil)
        #expect(ownRecent.activityDurations[try fixture.activitySid("Offline")] != nil)
    }

    @Test func snapshotOmitsDeletedActivityPeriods() throws {
        let (fixture, _, training) = try Self.fixtureWithReusedHandle()
        fixture.record(try fixture.engine.deleteActivity(workspace: fixture.workspace, sid: training,
                                                         account: EngineFixture.account, now: fixture.now))
        let records = ShardSnapshotTests.records(of: fixture.engine).joined()
        let offline = try #require(records.compactMap { record -> Int32? in
            if case .activity(let activity) = record, activity.friendlyName == "Offline" { activity.handle } else { nil }
        }.first)
        for record in records {
            switch record {
            case .workspace(let workspace):
                #expect(workspace.activityDurations.map(\.activity) == [offline])
                #expect(workspace.recentStatistics.flatMap(\.activityDurations).allSatisfy { $0.activity == offline })
            case .worker(let worker):
                #expect(worker.activityDurations.map(\.activity) == [offline])
                #expect(worker.recentStatistics.flatMap(\.activityDurations).allSatisfy { $0.activity == offline })
            default:
                break
            }
        }
    }

    /// A snapshot written before deletion dropped the periods contains them
    /// under the freed handle; restoring drops them.
    @Test func restoreDropsPeriodsOfMissingActivities() throws {
        let fixture = try EngineFixture()
        let worker = try fixture.createWorker("w", activity: "Offline")
        fixture.advance(seconds: 30)
        try fixture.setActivity(worker, "Available")
        let clean = ShardSnapshotTests.records(of: fixture.engine)
        let vacant: Int32 = 77
        var summary = SnapshotImage.DurationValues()
        summary.count = 1
        summary.totalMilliseconds = 5_000
        let stale = SnapshotImage.ActivityDuration(activity: vacant, summary: summary)
        let damaged = clean.map { shard in
            shard.map { record -> SnapshotImage.Record in
                switch record {
                case .workspace(var workspace):
                    workspace.activityDurations.append(stale)
                    for index in workspace.recentStatistics.indices { workspace.recentStatistics[index].activityDurations.append(stale) }
                    return .workspace(workspace)
                case .worker(var image):
                    image.activityDurations.append(stale)
                    for index in image.recentStatistics.indices { image.recentStatistics[index].activityDurations.append(stale) }
                    return .worker(image)
                default:
                    return record
                }
            }
        }
        #expect(damaged != clean)
        let copy = Engine(configuration: fixture.engine.configuration)
        for (index, records) in damaged.enumerated() {
            var builder = ShardSnapshotBuilder(shardIndex: index, shardCount: damaged.count, configuration: copy.configuration)
            for record in records { try builder.add(record) }
            try copy.restoreShard(try builder.finish())
        }
        #expect(ShardSnapshotTests.records(of: copy) == clean)
        copy.checkInvariants()
    }
}

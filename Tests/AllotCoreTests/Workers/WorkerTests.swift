import Testing
@testable import AllotCore

@Suite struct WorkerTests {
    @Test func newWorkerGetsDefaultActivityAndChannels() throws {
        let fixture = try EngineFixture()
        let sid = fixture.record(try fixture.engine.createWorker(workspace: fixture.workspace, CreateWorkerRequest(friendlyName: "w1"),
                                                                 account: EngineFixture.account, now: fixture.now)).sid
        let info = try fixture.worker(sid)
        #expect(info.activityName == "Offline")
        #expect(info.attributes == .emptyObject)
        let channels = try fixture.engine.listWorkerChannels(workspace: fixture.workspace, workerSid: sid,
                                                             account: EngineFixture.account).items
        #expect(channels.map(\.taskChannelUniqueName) == ["default", "voice", "sms", "chat", "video"])
        #expect(channels.allSatisfy { $0.configuredCapacity == 1 })
        #expect(channels.allSatisfy { $0.available })
        #expect(channels.allSatisfy { $0.availableCapacityPercentage == 100 })
        #expect(channels.allSatisfy { Sid.isValid($0.sid, prefix: .workerChannel) })
    }

    @Test func friendlyNamesAreUniqueIgnoringCase() throws {
        let fixture = try EngineFixture()
        try fixture.createWorker("Alice")
        do {
            try fixture.createWorker("alice")
            Issue.record("duplicate name accepted")
        } catch let error as EngineError {
            #expect(error.code == .alreadyExists)
        }
    }

    @Test func invalidAttributesAreRejected() throws {
        let fixture = try EngineFixture()
        for text in ["[]", "{bad", "\"x\""] {
            do {
                try fixture.createWorker("w", attributes: text)
                Issue.record("attributes \(text) accepted")
            } catch let error as EngineError {
                #expect(error.field == "Attributes")
            }
        }
    }

    @Test func capacityIsBoundedAndZeroGivesZeroPercent() throws {
        let fixture = try EngineFixture()
        let worker = try fixture.createWorker("w1")
        #expect(throws: EngineError.self) { try fixture.setCapacity(worker, channel: "voice", capacity: 51) }
        #expect(throws: EngineError.self) { try fixture.setCapacity(worker, channel: "voice", capacity: -1) }
        try fixture.setCapacity(worker, channel: "voice", capacity: 0)
        let voice = try fixture.engine.fetchWorkerChannel(workspace: fixture.workspace, workerSid: worker, channel: "voice",
                                                          account: EngineFixture.account)
        #expect(voice.configuredCapacity == 0)
        #expect(voice.availableCapacityPercentage == 0)
        #expect(fixture.events.last?.type == .workerCapacityUpdate)
    }

    @Test func ifMatchMismatchIsAborted() throws {
        let fixture = try EngineFixture()
        let worker = try fixture.createWorker("w1")
        let version = try fixture.worker(worker).version
        do {
            _ = try fixture.engine.updateWorker(workspace: fixture.workspace, sid: worker,
                                                UpdateWorkerRequest(friendlyName: "w2", expectedVersion: version + 7),
                                                account: EngineFixture.account, now: fixture.now)
            Issue.record("stale version accepted")
        } catch {
            #expect(error.code == .aborted)
        }
        fixture.record(try fixture.engine.updateWorker(workspace: fixture.workspace, sid: worker,
                                                       UpdateWorkerRequest(friendlyName: "w2", expectedVersion: version),
                                                       account: EngineFixture.account, now: fixture.now))
        #expect(try fixture.worker(worker).friendlyName == "w2")
    }

    @Test func activityChangeEmitsEventWithPreviousActivity() throws {
        let fixture = try EngineFixture()
        let worker = try fixture.createWorker("w1", activity: "Offline")
        fixture.clearEvents()
        fixture.now = fixture.now.adding(seconds: 30)
        try fixture.setActivity(worker, "Available")
        let event = try #require(fixture.events.first { $0.type == .workerActivityUpdate })
        #expect(event.data.workerActivityName == "Available")
        #expect(event.data.workerPreviousActivitySid == (try fixture.activitySid("Offline")))
        #expect(event.data.workerTimeInPreviousActivityMilliseconds == 30_000)
        let stats = try fixture.engine.workerStatistics(workspace: fixture.workspace, sid: worker, account: EngineFixture.account)
        #expect(stats.activityDurations[try fixture.activitySid("Offline")]?.totalSeconds == 30)
    }

    @Test func rejectPendingNeedsAnUnavailableActivity() throws {
        let fixture = try EngineFixture()
        let worker = try fixture.createWorker("w1")
        #expect(throws: EngineError.self) { try fixture.setActivity(worker, "Available", rejectPending: true) }
    }
}

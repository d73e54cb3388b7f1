import Testing
@testable import AllotCore

@Suite struct ActivityTests {
    /// R41: an activity's availability cannot change after creation.
    @Test func r41ActivityAvailabilityIsImmutable() throws {
        let fixture = try EngineFixture()
        let sid = fixture.record(try fixture.engine.createActivity(
            workspace: fixture.workspace, CreateActivityRequest(friendlyName: "Break", available: "no"),
            account: EngineFixture.account, now: fixture.now)).sid
        do {
            _ = try fixture.engine.updateActivity(workspace: fixture.workspace, sid: sid, UpdateActivityRequest(available: "true"),
                                                  account: EngineFixture.account, now: fixture.now)
            Issue.record("availability update accepted")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.field == "Available")
        }
        let info = try fixture.engine.fetchActivity(workspace: fixture.workspace, sid: sid, account: EngineFixture.account)
        #expect(info.available == false)
    }

    /// R42: `yes` and `1` are true, anything else false.
    @Test func r42BooleanishAvailable() throws {
        let fixture = try EngineFixture()
        var results: [Bool] = []
        for (name, value) in [("A1", "yes"), ("A2", "1"), ("A3", "True1"), ("A4", "TRUE")] {
            results.append(fixture.record(try fixture.engine.createActivity(
                workspace: fixture.workspace, CreateActivityRequest(friendlyName: name, available: value),
                account: EngineFixture.account, now: fixture.now)).available)
        }
        #expect(results == [true, true, false, true])
    }

    @Test func referencedActivityCannotBeDeleted() throws {
        let fixture = try EngineFixture()
        let offline = try fixture.activitySid("Offline")
        #expect(throws: EngineError.self) {
            try fixture.engine.deleteActivity(workspace: fixture.workspace, sid: offline, account: EngineFixture.account, now: fixture.now)
        }
        let busy = try fixture.createActivity("Busy", available: false)
        let worker = try fixture.createWorker("w1", activity: "Busy")
        #expect(throws: EngineError.self) {
            try fixture.engine.deleteActivity(workspace: fixture.workspace, sid: busy, account: EngineFixture.account, now: fixture.now)
        }
        try fixture.setActivity(worker, "Offline")
        fixture.record(try fixture.engine.deleteActivity(workspace: fixture.workspace, sid: busy, account: EngineFixture.account,
                                                         now: fixture.now))
        #expect(fixture.events.last?.type == .activityDeleted)
    }

    /// A pending reservation may restore its worker's earlier activity, so that activity stays.
    /// Once the reservation is accepted it never will, so the activity can be deleted.
    @Test func activityOfAcceptedReservationCanBeDeleted() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createActivity("Ready", available: true)
        let worker = try fixture.createWorker("w1", activity: "Ready")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        let ready = try fixture.activitySid("Ready")
        func delete() throws {
            fixture.record(try fixture.engine.deleteActivity(workspace: fixture.workspace, sid: ready, account: EngineFixture.account,
                                                             now: fixture.now))
        }
        try fixture.setActivity(worker, "Available")
        #expect(throws: EngineError.self) { try delete() }
        try fixture.accept(reservation.sid)
        try delete()
        #expect(fixture.events.last?.type == .activityDeleted)
    }

    @Test func friendlyNameLengthIsLimited() throws {
        let fixture = try EngineFixture()
        do {
            try fixture.createActivity(String(repeating: "x", count: 65), available: true)
            Issue.record("long name accepted")
        } catch let error as EngineError {
            #expect(error.field == "FriendlyName")
        }
        try fixture.createActivity(String(repeating: "x", count: 64), available: true)
    }

    @Test func activityLimitIsEnforced() throws {
        var configuration = EngineConfiguration(shardCount: 1)
        configuration.limits.maximumActivities = 4
        let fixture = try EngineFixture(configuration: configuration)
        try fixture.createActivity("Fourth", available: true)
        do {
            try fixture.createActivity("Fifth", available: true)
            Issue.record("activity over the limit accepted")
        } catch let error as EngineError {
            #expect(error.code == .resourceExhausted)
        }
    }
}

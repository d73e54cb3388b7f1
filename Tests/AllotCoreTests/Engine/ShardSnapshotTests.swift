import Testing
@testable import AllotCore

@Suite struct ShardSnapshotTests {
    /// Builds a workspace with every resource kind, tasks in every status,
    /// pending reservations, armed timers, freed table slots and a task that
    /// routes by a workflow's previous configuration.
    static func populatedFixture(shardCount: Int = 4) throws -> EngineFixture {
        let configuration = EngineConfiguration(shardCount: shardCount, reofferRejectedTasks: false)
        let fixture = try EngineFixture(configuration: configuration)
        try fixture.createActivity("Lunch", available: false)
        let doomed = try fixture.createActivity("Doomed", available: false)
        fixture.record(try fixture.engine.deleteActivity(workspace: fixture.workspace, sid: doomed,
                                                         account: EngineFixture.account, now: fixture.now))
        let fax = fixture.record(try fixture.engine.createTaskChannel(
            workspace: fixture.workspace, CreateTaskChannelRequest(friendlyName: "Fax", uniqueName: "fax"),
            account: EngineFixture.account, now: fixture.now))
        fixture.record(try fixture.engine.deleteTaskChannel(workspace: fixture.workspace, sid: fax.sid,
                                                            account: EngineFixture.account, now: fixture.now))

        let alice = try fixture.createWorker("alice", attributes: #"{"skill":"a","level":3}"#)
        let bob = try fixture.createWorker("bob", attributes: #"{"skill":"b","langs":["en","fr"]}"#)
        let carol = try fixture.createWorker("carol", attributes: #"{"skill":"a"}"#, activity: "Offline")
        let gone = try fixture.createWorker("gone")
        fixture.record(try fixture.engine.deleteWorker(workspace: fixture.workspace, sid: gone,
                                                       account: EngineFixture.account, now: fixture.now))

        let general = try fixture.createQueue("General", targetWorkers: "skill == 'a'", reservationActivity: "Lunch")
        let lifo = try fixture.createQueue("Newest", targetWorkers: "skill IN ['a','b']", taskOrder: "LIFO")
        let configuration1 = #"{"task_routing":{"filters":[{"friendly_name":"urgent","expression":"urgent == true","#
            + #""targets":[{"queue":"\#(general)","timeout":30},{"queue":"\#(lifo)"}]}],"#
            + #""default_filter":{"queue":"\#(general)"}}}"#
        let workflow = try fixture.createWorkflow(configuration1, reservationTimeout: 120)

        // alice: one accepted task (assigned), then one reserved (pending reservation).
        let assigned = try fixture.createTask(#"{"n":1}"#, workflow: workflow)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: assigned)).sid)
        try fixture.setCapacity(alice, channel: "default", capacity: 3)
        let wrapping = try fixture.createTask(#"{"n":2}"#, workflow: workflow)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: wrapping)).sid)
        try fixture.updateTask(wrapping, UpdateTaskRequest(assignmentStatus: "wrapping"))
        let completed = try fixture.createTask(#"{"n":3}"#, workflow: workflow)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: completed)).sid)
        try fixture.complete(completed)
        let reserved = try fixture.createTask(#"{"n":4,"urgent":true}"#, priority: 5, workflow: workflow)
        #expect(try fixture.task(reserved).assignmentStatus == .reserved)

        // bob rejects a task, which re-offers are disabled for.
        let rejected = try fixture.createTask(#"{"n":5}"#, routingTarget: lifo)
        if let offer = try fixture.pendingReservation(ofTask: rejected) { try fixture.reject(offer.sid, activity: "Offline") }
        let canceled = try fixture.createTask(#"{"n":6}"#, workflow: workflow)
        try fixture.updateTask(canceled, UpdateTaskRequest(assignmentStatus: "canceled", reason: "no longer needed"))

        // Pending tasks: routed to an offline worker, and queued with nobody free.
        try fixture.createTask(#"{"n":7}"#, routingTarget: carol)
        try fixture.setActivity(alice, "Lunch")
        try fixture.createTask(#"{"n":8,"urgent":true}"#, priority: 9, workflow: workflow)
        try fixture.createTask(#"{"n":9}"#, timeout: 600, channel: "voice", workflow: workflow,
                               virtualStartTime: Timestamp(unixSeconds: 1_600_000_000))

        // A new configuration: tasks already routed keep the previous one.
        let configuration2 = #"{"task_routing":{"default_filter":{"queue":"\#(lifo)"}}}"#
        fixture.record(try fixture.engine.updateWorkflow(
            workspace: fixture.workspace, sid: workflow, UpdateWorkflowRequest(configuration: configuration2),
            account: EngineFixture.account, now: fixture.now))
        fixture.advance(seconds: 5)
        _ = bob
        return fixture
    }

    /// Returns every shard's records, in shard order.
    static func records(of engine: Engine) -> [[SnapshotImage.Record]] {
        (0..<engine.configuration.shardCount).map { index in
            var records: [SnapshotImage.Record] = []
            engine.captureShard(index).forEachRecord { records.append($0) }
            return records
        }
    }

    /// Restores every shard of `engine` into a new engine of `shardCount` shards.
    static func restoredCopy(of engine: Engine, shardCount: Int) throws -> Engine {
        var configuration = engine.configuration
        configuration.shardCount = shardCount
        let copy = Engine(configuration: configuration)
        for index in 0..<engine.configuration.shardCount {
            var builder = ShardSnapshotBuilder(shardIndex: index, shardCount: engine.configuration.shardCount,
                                               configuration: configuration)
            try engine.captureShard(index).forEachRecord { try builder.add($0) }
            try copy.restoreShard(try builder.finish())
        }
        return copy
    }

    @Test func populatedStateCoversEveryStatus() throws {
        let fixture = try Self.populatedFixture()
        let tasks = try fixture.engine.listTasks(workspace: fixture.workspace, account: EngineFixture.account,
                                                 now: fixture.now).items
        #expect(Set(tasks.map(\.assignmentStatus)) == Set(TaskStatus.allCases))
        let records = Self.records(of: fixture.engine).joined()
        #expect(records.contains { if case .timer(let timer) = $0 { timer.kind == .stepTimeout } else { false } })
        #expect(records.contains { if case .timer(let timer) = $0 { timer.kind == .reservationTimeout } else { false } })
        #expect(records.filter { if case .routingDocument = $0 { true } else { false } }.count == 2)
        #expect(records.contains { if case .task(let task) = $0 { !task.rejectedBy.isEmpty } else { false } })
    }

    @Test func restoreGivesSameRecords() throws {
        let fixture = try Self.populatedFixture()
        let copy = try Self.restoredCopy(of: fixture.engine, shardCount: 4)
        copy.checkInvariants()
        #expect(Self.records(of: copy) == Self.records(of: fixture.engine))
    }

    @Test func restoreIntoOtherShardCount() throws {
        let fixture = try Self.populatedFixture()
        let copy = try Self.restoredCopy(of: fixture.engine, shardCount: 3)
        copy.checkInvariants()
        let original = Self.records(of: fixture.engine).joined()
        let restored = Self.records(of: copy).joined()
        #expect(Array(restored) == Array(original))
    }

    @Test func restoredEngineBehavesLikeOriginal() throws {
        let fixture = try Self.populatedFixture()
        let copy = try Self.restoredCopy(of: fixture.engine, shardCount: 4)
        let bob = try #require(try fixture.engine.listWorkers(workspace: fixture.workspace, account: EngineFixture.account,
                                                              now: fixture.now).items.first { $0.friendlyName == "bob" })
        let available = try fixture.activitySid("Available")
        let commands: [(EngineCommand, Int)] = [
            (.updateWorker(workspace: fixture.workspace, sid: bob.sid, UpdateWorkerRequest(activitySid: available)), 0),
            (.createTask(workspace: fixture.workspace, CreateTaskRequest(attributes: #"{"n":10}"#)), 1),
            (.advance, 200),
            (.advance, 100_000),
        ]
        for (command, seconds) in commands {
            let now = fixture.now.adding(seconds: seconds)
            let expected = Result { try fixture.engine.execute(command, account: EngineFixture.account, now: now) }
            let actual = Result { try copy.execute(command, account: EngineFixture.account, now: now) }
            #expect(try actual.get().events == expected.get().events, "events of \(command)")
        }
        copy.checkInvariants()
        #expect(Self.records(of: copy) == Self.records(of: fixture.engine))
    }

    @Test func captureIgnoresLaterWrites() throws {
        let fixture = try Self.populatedFixture()
        let shard = fixture.engine.shardIndex(for: fixture.workspace)
        let snapshot = fixture.engine.captureShard(shard)
        var before: [SnapshotImage.Record] = []
        snapshot.forEachRecord { before.append($0) }
        // Enough tasks to fill more than one chunk of every table they touch.
        for index in 0..<(ChunkedArray<Int>.chunkCapacity + 100) {
            _ = try fixture.engine.createTask(workspace: fixture.workspace, CreateTaskRequest(attributes: #"{"n":\#(index)}"#),
                                              account: EngineFixture.account, now: fixture.now)
        }
        var after: [SnapshotImage.Record] = []
        snapshot.forEachRecord { after.append($0) }
        #expect(after == before)
    }

    @Test func builderRejectsRecordsOutOfOrder() throws {
        let fixture = try Self.populatedFixture()
        let shard = fixture.engine.shardIndex(for: fixture.workspace)
        var records: [SnapshotImage.Record] = []
        fixture.engine.captureShard(shard).forEachRecord { records.append($0) }
        let workerIndex = try #require(records.firstIndex { if case .worker = $0 { true } else { false } })
        let taskIndex = try #require(records.firstIndex { if case .task = $0 { true } else { false } })
        records.swapAt(workerIndex, taskIndex)
        var builder = ShardSnapshotBuilder(shardIndex: shard, shardCount: 4, configuration: fixture.engine.configuration)
        #expect(throws: SnapshotRestoreError.self) {
            for record in records { try builder.add(record) }
            _ = try builder.finish()
        }
    }

    @Test func builderRejectsHandleUsedTwice() throws {
        let fixture = try Self.populatedFixture()
        let shard = fixture.engine.shardIndex(for: fixture.workspace)
        var records: [SnapshotImage.Record] = []
        fixture.engine.captureShard(shard).forEachRecord { records.append($0) }
        let taskIndex = try #require(records.firstIndex { if case .task = $0 { true } else { false } })
        records.insert(records[taskIndex], at: taskIndex)
        var builder = ShardSnapshotBuilder(shardIndex: shard, shardCount: 4, configuration: fixture.engine.configuration)
        #expect(throws: SnapshotRestoreError.self) {
            for record in records { try builder.add(record) }
        }
    }

    @Test func builderRejectsMissingReference() throws {
        let fixture = try Self.populatedFixture()
        let shard = fixture.engine.shardIndex(for: fixture.workspace)
        var records: [SnapshotImage.Record] = []
        fixture.engine.captureShard(shard).forEachRecord { records.append($0) }
        let index = try #require(records.firstIndex { if case .worker = $0 { true } else { false } })
        guard case .worker(var worker) = records[index] else { return }
        worker.activity = 99
        records[index] = .worker(worker)
        var builder = ShardSnapshotBuilder(shardIndex: shard, shardCount: 4, configuration: fixture.engine.configuration)
        #expect(throws: SnapshotRestoreError.self) {
            for record in records { try builder.add(record) }
            _ = try builder.finish()
        }
    }
}

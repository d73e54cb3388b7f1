import Testing
@testable import AllotCore

/// Cumulative statistics filtered by task channel count only that channel's tasks and their
/// reservations, in every scope, and the channels add up to the unfiltered figures.
@Suite struct ChannelCumulativeStatisticsTests {
    /// 2024-01-01 10:00:00 UTC, at the start of a minute.
    static let start = Timestamp(unixSeconds: 1_704_103_200)
    static let channels = ["default", "voice", "sms", "chat", "video"]

    /// A workspace with one queue and one worker, and one minute of changes in it. A voice
    /// task is accepted after 10 s and completed. A chat task is rejected, then canceled after
    /// 50 s, and a second chat task is canceled while still pending.
    struct Scene {
        let fixture: EngineFixture
        let queue: String
        let workflow: String
        let worker: String

        init() throws {
            fixture = try EngineFixture(multiTaskEnabled: false)
            fixture.now = ChannelCumulativeStatisticsTests.start
            queue = try fixture.createQueue("Q")
            workflow = try fixture.createCatchAllWorkflow(queue)
            worker = try fixture.createWorker("w", activity: "Offline")

            let voice = try fixture.createTask(channel: "voice")
            let chat = try fixture.createTask(channel: "chat")
            let waiting = try fixture.createTask(channel: "chat")
            fixture.advance(seconds: 10)
            try fixture.setActivity(worker, "Available")
            try fixture.accept(try #require(try fixture.pendingReservation(ofTask: voice)).sid)
            try fixture.complete(voice)
            try fixture.reject(try #require(try fixture.pendingReservation(ofTask: chat)).sid, activity: "Offline")
            fixture.advance(seconds: 40)
            try fixture.updateTask(chat, UpdateTaskRequest(assignmentStatus: "canceled"))
            try fixture.updateTask(waiting, UpdateTaskRequest(assignmentStatus: "canceled"))
        }

        func request(_ channel: String?, split: [Int] = []) -> CumulativeStatisticsRequest {
            CumulativeStatisticsRequest(minutes: 60, splitByWaitTime: split, taskChannel: channel)
        }

        func workspace(_ channel: String?, split: [Int] = []) throws -> CumulativeStatistics {
            try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, request(channel, split: split),
                                                             account: EngineFixture.account, now: fixture.now)
        }

        func queue(_ channel: String?, split: [Int] = []) throws -> CumulativeStatistics {
            try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: queue, request(channel, split: split),
                                                             account: EngineFixture.account, now: fixture.now)
        }

        func workflow(_ channel: String?, split: [Int] = []) throws -> CumulativeStatistics {
            try fixture.engine.workflowCumulativeStatistics(workspace: fixture.workspace, sid: workflow, request(channel, split: split),
                                                            account: EngineFixture.account, now: fixture.now)
        }

        func worker(_ channel: String?) throws -> CumulativeStatistics {
            try fixture.engine.workerCumulativeStatistics(workspace: fixture.workspace, sid: worker, request(channel),
                                                          account: EngineFixture.account, now: fixture.now)
        }

        func workers(_ channel: String?) throws -> CumulativeStatistics {
            try fixture.engine.workersCumulativeStatistics(workspace: fixture.workspace, request(channel),
                                                           account: EngineFixture.account, now: fixture.now)
        }
    }

    @Test func workspaceCountsOneChannel() throws {
        let scene = try Scene()
        let voice = try scene.workspace("voice").counters
        #expect(voice.tasksEntered == 1)
        #expect(voice.reservationsCreated == 1)
        #expect(voice.reservationsAccepted == 1)
        #expect(voice.tasksCompleted == 1)
        #expect(voice.tasksCanceled == 0)
        #expect(voice.waitUntilAccepted.totalMilliseconds == 10_000)

        let chat = try scene.workspace("chat").counters
        #expect(chat.tasksEntered == 2)
        #expect(chat.reservationsCreated == 1)
        #expect(chat.reservationsRejected == 1)
        #expect(chat.reservationsAccepted == 0)
        #expect(chat.tasksCanceled == 2)
        #expect(chat.waitUntilCanceled.totalMilliseconds == 100_000)

        let sms = try scene.workspace("sms").counters
        #expect(sms == CumulativeCounters())
    }

    @Test func queueAndWorkflowCountOneChannel() throws {
        let scene = try Scene()
        let voiceQueue = try scene.queue("voice").counters
        #expect(voiceQueue.tasksEntered == 1)
        #expect(voiceQueue.reservationsAccepted == 1)
        #expect(voiceQueue.waitInQueueUntilAccepted.count == 1)
        let chatQueue = try scene.queue("chat").counters
        #expect(chatQueue.tasksEntered == 2)
        #expect(chatQueue.waitInQueueUntilAccepted.count == 0)
        #expect(chatQueue.tasksCanceled == 2)

        let chatFlow = try scene.workflow("chat").counters
        #expect(chatFlow.tasksEntered == 2)
        #expect(chatFlow.reservationsRejected == 1)
        #expect(try scene.workflow("voice").counters.tasksCompleted == 1)
    }

    @Test func workerScopesCountOneChannelAndKeepActivityPeriods() throws {
        let scene = try Scene()
        let voice = try scene.worker("voice")
        #expect(voice.counters.reservationsCreated == 1)
        #expect(voice.counters.reservationsAccepted == 1)
        #expect(voice.counters.reservationsRejected == 0)
        let chat = try scene.worker("chat")
        #expect(chat.counters.reservationsCreated == 1)
        #expect(chat.counters.reservationsRejected == 1)
        // Activity periods belong to the worker, so a channel filter leaves them whole.
        let offline = try scene.fixture.activitySid("Offline")
        #expect(chat.activityDurations[offline] == (try scene.worker(nil)).activityDurations[offline])
        #expect(chat.activityDurations[offline] != nil)

        let workers = try scene.workers("chat")
        #expect(workers.counters.reservationsRejected == 1)
        #expect(workers.counters.reservationsAccepted == 0)
        #expect(workers.activityDurations == (try scene.workers(nil)).activityDurations)
    }

    @Test func splitByWaitTimeCountsOneChannel() throws {
        let scene = try Scene()
        let voice = try scene.workspace("voice", split: [30])
        #expect(voice.splitByWaitTime[0].below == WaitTimeCounts(tasksCanceled: 0, reservationsAccepted: 1))
        #expect(voice.splitByWaitTime[0].above == WaitTimeCounts())
        let chat = try scene.queue("chat", split: [30])
        #expect(chat.splitByWaitTime[0].below == WaitTimeCounts())
        #expect(chat.splitByWaitTime[0].above == WaitTimeCounts(tasksCanceled: 2, reservationsAccepted: 0))
    }

    /// Every counter and split of every scope is the sum of the channels' figures.
    @Test func channelsAddUpToTotals() throws {
        let scene = try Scene()
        typealias Query = (String?) throws -> CumulativeStatistics
        let scopes: [(String, Query)] = [
            ("workspace", { try scene.workspace($0, split: [5, 30]) }), ("queue", { try scene.queue($0, split: [5, 30]) }),
            ("workflow", { try scene.workflow($0, split: [5, 30]) }), ("worker", scene.worker), ("workers", scene.workers),
        ]
        for (name, query) in scopes {
            var counters = CumulativeCounters()
            var below: [WaitTimeCounts] = []
            var above: [WaitTimeCounts] = []
            for channel in Self.channels {
                let figures = try query(channel)
                counters.add(figures.counters)
                for (index, split) in figures.splitByWaitTime.enumerated() {
                    if below.count <= index {
                        below.append(WaitTimeCounts())
                        above.append(WaitTimeCounts())
                    }
                    below[index].tasksCanceled += split.below.tasksCanceled
                    below[index].reservationsAccepted += split.below.reservationsAccepted
                    above[index].tasksCanceled += split.above.tasksCanceled
                    above[index].reservationsAccepted += split.above.reservationsAccepted
                }
            }
            let total = try query(nil)
            #expect(counters == total.counters, "\(name) counters")
            #expect(below == total.splitByWaitTime.map(\.below), "\(name) below")
            #expect(above == total.splitByWaitTime.map(\.above), "\(name) above")
        }
    }

    @Test func channelBySidMatchesUniqueName() throws {
        let scene = try Scene()
        let channels = try scene.fixture.engine.listTaskChannels(workspace: scene.fixture.workspace, account: EngineFixture.account)
        let chatSid = try #require(channels.items.first { $0.uniqueName == "chat" }?.sid)
        #expect(try scene.workspace(chatSid) == scene.workspace("chat"))
    }

    @Test func unknownChannelIsNotFound() throws {
        let scene = try Scene()
        for query in [{ try scene.workspace("fax") }, { try scene.worker("fax") }] {
            do {
                _ = try query()
                Issue.record("an unknown channel was accepted")
            } catch let error as EngineError {
                #expect(error.code == .notFound)
                #expect(error.field == "TaskChannel")
            }
        }
    }

    /// A deleted channel's figures stay in the totals. A channel created after it reuses its
    /// handle, and must not inherit them.
    @Test func deletedChannelFiguresStayInTotalsOnly() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        let fax = fixture.record(try fixture.engine.createTaskChannel(
            workspace: fixture.workspace, CreateTaskChannelRequest(friendlyName: "Fax", uniqueName: "fax"),
            account: EngineFixture.account, now: fixture.now))
        let task = try fixture.createTask(channel: "fax")
        try fixture.updateTask(task, UpdateTaskRequest(assignmentStatus: "canceled"))
        fixture.advance(seconds: fixture.engine.configuration.limits.finishedTaskRetentionSeconds + 1)
        let request = CumulativeStatisticsRequest(minutes: 60, taskChannel: "fax")
        let before = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, request,
                                                                      account: EngineFixture.account, now: fixture.now)
        #expect(before.counters.tasksCanceled == 1)

        fixture.record(try fixture.engine.deleteTaskChannel(workspace: fixture.workspace, sid: fax.sid,
                                                            account: EngineFixture.account, now: fixture.now))
        let telex = fixture.record(try fixture.engine.createTaskChannel(
            workspace: fixture.workspace, CreateTaskChannelRequest(friendlyName: "Telex", uniqueName: "telex"),
            account: EngineFixture.account, now: fixture.now))
        let after = try fixture.engine.workspaceCumulativeStatistics(
            workspace: fixture.workspace, CumulativeStatisticsRequest(minutes: 60, taskChannel: telex.sid),
            account: EngineFixture.account, now: fixture.now)
        #expect(after.counters == CumulativeCounters())
        let queueAfter = try fixture.engine.taskQueueCumulativeStatistics(
            workspace: fixture.workspace, sid: queue, CumulativeStatisticsRequest(minutes: 60, taskChannel: "telex"),
            account: EngineFixture.account, now: fixture.now)
        #expect(queueAfter.counters == CumulativeCounters())
        let total = try fixture.engine.workspaceCumulativeStatistics(
            workspace: fixture.workspace, CumulativeStatisticsRequest(minutes: 60), account: EngineFixture.account, now: fixture.now)
        #expect(total.counters.tasksCanceled == 1)
    }

    /// A worker's real-time figures accept a channel filter, which must name a channel, and
    /// still count every worker.
    @Test func workersRealTimeChecksChannel() throws {
        let scene = try Scene()
        let engine = scene.fixture.engine
        let chat = try engine.workersStatistics(workspace: scene.fixture.workspace, account: EngineFixture.account, taskChannel: "chat")
        #expect(chat == (try engine.workersStatistics(workspace: scene.fixture.workspace, account: EngineFixture.account)))
        #expect(chat.totalWorkers == 1)
        #expect(throws: EngineError.self) {
            try engine.workersStatistics(workspace: scene.fixture.workspace, account: EngineFixture.account, taskChannel: "fax")
        }
    }

    /// A snapshot written before buckets were split by channel contains totals only. They are
    /// restored whole and count under no channel filter.
    @Test func snapshotWithoutChannelsKeepsTotals() throws {
        let scene = try Scene()
        let engine = scene.fixture.engine
        func withoutChannels(_ buckets: [SnapshotImage.StatisticsBucket]) -> [SnapshotImage.StatisticsBucket] {
            buckets.map { bucket in
                var old = bucket
                old.channels = []
                return old
            }
        }
        let copy = Engine(configuration: engine.configuration)
        for index in 0..<engine.configuration.shardCount {
            var builder = ShardSnapshotBuilder(shardIndex: index, shardCount: engine.configuration.shardCount,
                                               configuration: engine.configuration)
            try engine.captureShard(index).forEachRecord { record in
                switch record {
                case .workspace(var workspace):
                    workspace.recentStatistics = withoutChannels(workspace.recentStatistics)
                    try builder.add(.workspace(workspace))
                case .taskQueue(var queue):
                    queue.recentStatistics = withoutChannels(queue.recentStatistics)
                    try builder.add(.taskQueue(queue))
                case .workflow(var workflow):
                    workflow.recentStatistics = withoutChannels(workflow.recentStatistics)
                    try builder.add(.workflow(workflow))
                case .worker(var worker):
                    worker.recentStatistics = withoutChannels(worker.recentStatistics)
                    try builder.add(.worker(worker))
                default:
                    try builder.add(record)
                }
            }
            try copy.restoreShard(try builder.finish())
        }
        copy.checkInvariants()
        let request = scene.request(nil, split: [30])
        let original = try scene.workspace(nil, split: [30])
        let restored = try copy.workspaceCumulativeStatistics(workspace: scene.fixture.workspace, request,
                                                              account: EngineFixture.account, now: scene.fixture.now)
        #expect(restored == original)
        #expect(restored.counters.tasksEntered == 3)
        let voice = try copy.workspaceCumulativeStatistics(workspace: scene.fixture.workspace, scene.request("voice"),
                                                           account: EngineFixture.account, now: scene.fixture.now)
        #expect(voice.counters == CumulativeCounters())
        let worker = try copy.workerCumulativeStatistics(workspace: scene.fixture.workspace, sid: scene.worker, scene.request(nil),
                                                         account: EngineFixture.account, now: scene.fixture.now)
        #expect(worker == (try scene.worker(nil)))
    }
}

import Testing
@testable import AllotCore

/// Real-time statistics filtered by task channel count only that channel's tasks, and agree
/// with the unfiltered figures when every channel is added up.
@Suite struct ChannelStatisticsTests {
    /// Creates a workspace with one queue and no worker, and in it two voice tasks and one
    /// chat task, each created 10 s after the one before.
    static func fixtureWithTasks() throws -> (EngineFixture, queue: String, workflow: String, tasks: [String]) {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let workflow = try fixture.createCatchAllWorkflow(queue)
        var tasks: [String] = []
        for (channel, priority) in [("voice", 1), ("chat", 5), ("voice", 2)] {
            tasks.append(try fixture.createTask(priority: priority, channel: channel))
            fixture.advance(seconds: 10)
        }
        return (fixture, queue, workflow, tasks)
    }

    @Test func workspaceCountsOneChannel() throws {
        let (fixture, _, _, tasks) = try Self.fixtureWithTasks()
        let engine = fixture.engine
        let voice = try engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account,
                                                   taskChannel: "voice", now: fixture.now)
        #expect(voice.tasks.totalTasks == 2)
        #expect(voice.tasks.tasksByPriority == [1: 1, 2: 1])
        #expect(voice.tasks.longestTaskWaitingSid == tasks[0])
        #expect(voice.tasks.longestTaskWaitingAgeSeconds == 30)
        #expect(voice.totalWorkers == 0)

        let chat = try engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account,
                                                  taskChannel: "chat", now: fixture.now)
        #expect(chat.tasks.totalTasks == 1)
        #expect(chat.tasks.longestTaskWaitingSid == tasks[1])
        #expect(chat.tasks.longestTaskWaitingAgeSeconds == 20)

        let sms = try engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account,
                                                 taskChannel: "sms", now: fixture.now)
        #expect(sms.tasks.totalTasks == 0)
        #expect(sms.tasks.longestTaskWaitingSid == nil)
    }

    @Test func queueAndWorkflowCountOneChannel() throws {
        let (fixture, queue, workflow, tasks) = try Self.fixtureWithTasks()
        let engine = fixture.engine
        let chatQueue = try engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue, account: EngineFixture.account,
                                                       taskChannel: "chat", now: fixture.now)
        #expect(chatQueue.tasks.tasksByStatus.pending == 1)
        #expect(chatQueue.longestRelativeTaskSidInQueue == tasks[1])

        let all = try engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue, account: EngineFixture.account,
                                                 now: fixture.now)
        #expect(all.tasks.totalTasks == 3)
        #expect(all.longestRelativeTaskSidInQueue == tasks[0])

        let bulk = try engine.taskQueuesStatistics(workspace: fixture.workspace, sids: [queue], account: EngineFixture.account,
                                                   taskChannel: "voice", now: fixture.now)
        #expect(bulk.map(\.tasks.totalTasks) == [2])

        let voiceFlow = try engine.workflowStatistics(workspace: fixture.workspace, sid: workflow, account: EngineFixture.account,
                                                      taskChannel: "voice", now: fixture.now)
        #expect(voiceFlow.totalTasks == 2)
        #expect(voiceFlow.longestTaskWaitingSid == tasks[0])
    }

    @Test func channelBySidMatchesUniqueName() throws {
        let (fixture, _, _, _) = try Self.fixtureWithTasks()
        let channels = try fixture.engine.listTaskChannels(workspace: fixture.workspace, account: EngineFixture.account)
        let chatSid = try #require(channels.items.first { $0.uniqueName == "chat" }?.sid)
        let bySid = try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account,
                                                           taskChannel: chatSid, now: fixture.now)
        #expect(bySid.tasks.totalTasks == 1)
    }

    @Test func unknownChannelIsNotFound() throws {
        let (fixture, _, _, _) = try Self.fixtureWithTasks()
        do {
            _ = try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account,
                                                       taskChannel: "fax", now: fixture.now)
            Issue.record("an unknown channel was accepted")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.field == "TaskChannel")
        }
    }

    /// Finished tasks are kept for a while but are not live, so no channel counts them.
    @Test func finishedTasksAreNotCounted() throws {
        let (fixture, _, _, tasks) = try Self.fixtureWithTasks()
        try fixture.updateTask(tasks[1], UpdateTaskRequest(assignmentStatus: "canceled"))
        let chat = try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account,
                                                          taskChannel: "chat", now: fixture.now)
        #expect(chat.tasks.totalTasks == 0)
    }
}

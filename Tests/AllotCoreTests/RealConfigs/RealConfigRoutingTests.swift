import Foundation
import Testing
@testable import AllotCore

/// Loads real configurations unchanged apart from their placeholders and
/// routes representative tasks through them.
@Suite struct RealConfigRoutingTests {
    /// 09's 22 queues, the two queues 10 references that 09 lacks, and 10's
    /// 23-filter workflow without a default filter.
    func loadHelpline(_ fixture: EngineFixture) throws -> [String: String] {
        guard let document = try RealConfigLoader.document("09-aselo-khp-task-queues") as? [String: Any],
              let queues = document["task_queues"] as? [String: [String: String]] else {
            throw RealConfigLoader.LoadFailure(description: "09 has no task_queues map")
        }
        #expect(queues.count == 22)
        var sids: [String: String] = [:]
        for (key, queue) in queues.sorted(by: { $0.key < $1.key }) {
            sids["task_queues.\(key)"] = try fixture.createQueue(try #require(queue["friendly_name"]),
                                                                 targetWorkers: queue["target_workers"])
        }
        sids["task_queues.khp_english"] = try fixture.createQueue("KHP English (legacy)", targetWorkers: "routing.skills HAS 'KHP English'")
        sids["task_queues.988_ns_fr"] = try fixture.createQueue("988 NS French", targetWorkers: "routing.skills HAS '988NSFr'")
        let workflow = try RealConfigLoader.substitute(try RealConfigLoader.document("10-aselo-khp-master-workflow"), sids)
        try fixture.createWorkflow(try RealConfigLoader.jsonText(workflow), name: "Master")
        return sids
    }

    @discardableResult
    func helplineWorker(_ fixture: EngineFixture, _ name: String, skills: [String], extra: String = "") throws -> String {
        let skillList = skills.map { "\"\($0)\"" }.joined(separator: ",")
        let worker = try fixture.createWorker(name, attributes: #"{"routing":{"skills":[\#(skillList)]}\#(extra)}"#)
        try fixture.setCapacity(worker, channel: "chat", capacity: 2)
        return worker
    }

    @Test func helplineVoiceCallInEnglishReachesKhpEnglish() throws {
        let fixture = try EngineFixture()
        let queues = try loadHelpline(fixture)
        try helplineWorker(fixture, "french", skills: ["KHP French"])
        let english = try helplineWorker(fixture, "english", skills: ["KHP English", "Chat English"])
        let task = try fixture.createTask(#"{"to":"+15550100021","language":"en-CA","channelType":"voice"}"#, channel: "voice")
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == queues["task_queues.khp_en"])
        #expect(info.priority == 2)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == english)
    }

    @Test func helplineWebChatInFrenchReachesChatFrench() throws {
        let fixture = try EngineFixture()
        let queues = try loadHelpline(fixture)
        try helplineWorker(fixture, "english", skills: ["Chat English"])
        let french = try helplineWorker(fixture, "french", skills: ["Chat French"])
        let task = try fixture.createTask(#"{"channelType":"web","language":"fr-CA"}"#, channel: "chat")
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == queues["task_queues.chat_fr"])
        #expect(info.priority == 7)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == french)
    }

    @Test func helplineChatWaitsWhileTheAgentIsOnAVoiceCall() throws {
        let fixture = try EngineFixture()
        _ = try loadHelpline(fixture)
        let agent = try helplineWorker(fixture, "agent", skills: ["KHP English", "Chat English"])
        let call = try fixture.createTask(#"{"to":"+15550100021","language":"en-CA","channelType":"voice"}"#, channel: "voice")
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: call)).sid)
        // The target expression requires worker.channel.voice.assigned_tasks == 0 for non-voice tasks.
        let chat = try fixture.createTask(#"{"channelType":"web","language":"en-CA"}"#, channel: "chat")
        #expect(try fixture.task(chat).assignmentStatus == .pending)
        try fixture.complete(call)
        #expect(try fixture.pendingReservation(ofTask: chat)?.workerSid == agent)
    }

    @Test func helplineContactlessTaskGoesToSupervisorTarget() throws {
        let fixture = try EngineFixture()
        let queues = try loadHelpline(fixture)
        let supervisor = try helplineWorker(fixture, "supervisor", skills: ["Supervisor"], extra: #","waitingOfflineContact":true"#)
        try helplineWorker(fixture, "other", skills: ["Supervisor"])
        let task = try fixture.createTask(
            #"{"isContactlessTask":true,"targetSid":"\#(supervisor)","channelType":"default","transferTargetType":"worker"}"#)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == queues["task_queues.supervisor"])
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == supervisor)
    }

    @Test func helplineDialpadTaskReachesTheDialingWorker() throws {
        let fixture = try EngineFixture()
        let queues = try loadHelpline(fixture)
        try helplineWorker(fixture, "someone", skills: [], extra: #","contact_uri":"client:someone""#)
        let dialer = try helplineWorker(fixture, "dialer", skills: [], extra: #","contact_uri":"client:dialer""#)
        let task = try fixture.createTask(#"{"flexOutboundDialerTargetWorker":"client:dialer","channelType":"voice"}"#,
                                          channel: "voice")
        #expect(try fixture.task(task).taskQueueSid == queues["task_queues.aggregate"])
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == dialer)
    }

    @Test func helplineTaskMatchingNoFilterIsRejected() throws {
        let fixture = try EngineFixture()
        _ = try loadHelpline(fixture)
        do {
            try fixture.createTask(#"{"to":"+15550109999","channelType":"voice"}"#)
            Issue.record("a task matching no filter was created")
        } catch let error as EngineError {
            #expect(error.code == .invalidArgument)
            #expect(error.field == "Attributes")
        }
        #expect(try fixture.engine.listTasks(workspace: fixture.workspace, account: EngineFixture.account, now: fixture.now).items.isEmpty)
    }

    @Test func callbackRetryWorkflowDelaysRetries() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Everyone")
        let workflow = try RealConfigLoader.substitute(try RealConfigLoader.document("01-fpt-callback-retry-workflow"),
                                                       ["QUEUE_SID": queue])
        try fixture.createWorkflow(try RealConfigLoader.jsonText(workflow))
        let agent = try fixture.createWorker("agent")
        let first = try fixture.createTask(#"{"name":"first attempt"}"#)
        let offer = try #require(try fixture.pendingReservation(ofTask: first))
        #expect(offer.workerSid == agent)
        try fixture.accept(offer.sid)
        try fixture.complete(first)
        let retry = try fixture.createTask(#"{"callBackData":{"attempts":1}}"#)
        #expect(try fixture.reservations(ofTask: retry).isEmpty)
        fixture.advance(seconds: 599)
        #expect(try fixture.reservations(ofTask: retry).isEmpty)
        fixture.advance(seconds: 1)
        #expect(try fixture.pendingReservation(ofTask: retry)?.workerSid == agent)
        let later = try fixture.createTask(#"{"callBackData":{"attempts":3}}"#)
        fixture.advance(seconds: 3_599)
        #expect(try fixture.reservations(ofTask: later).isEmpty)
    }

    @Test func flexQueuesRouteBySkill() throws {
        let fixture = try EngineFixture()
        guard let document = try RealConfigLoader.document("05-fpt-task-queues") as? [String: Any],
              let queues = document["task_queues"] as? [[String: Any]] else { throw RealConfigLoader.LoadFailure(description: "05") }
        var sids: [String: String] = [:]
        for queue in queues {
            let name = try #require(queue["friendly_name"] as? String)
            sids[name] = try fixture.createQueue(name, targetWorkers: queue["target_workers"] as? String,
                                                 taskOrder: queue["task_order"] as? String,
                                                 maxReservedWorkers: queue["max_reserved_workers"] as? Int)
        }
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[{"filter_friendly_name":"Sales","expression":"department == 'sales'",
              "targets":[{"queue":"\(try #require(sids["Template Example Sales"]))"}]}],
              "default_filter":{"queue":"\(try #require(sids["Everyone"]))"}}}
            """)
        try fixture.createWorker("support", attributes: #"{"routing":{"skills":["template_example_support"]}}"#)
        let seller = try fixture.createWorker("seller", attributes: #"{"routing":{"skills":["template_example_sales"]}}"#)
        let stats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: try #require(sids["Template Example Sales"]),
                                                           account: EngineFixture.account, now: fixture.now)
        #expect(stats.totalEligibleWorkers == 1)
        let task = try fixture.createTask(#"{"department":"sales"}"#)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == seller)
    }

    @Test func pulumiLanguageWorkflowWithFriendlyNameKeys() throws {
        let fixture = try EngineFixture()
        guard let document = try RealConfigLoader.document("08-pulumi-language-queues-workers") as? [String: Any],
              let queues = document["task_queues"] as? [[String: String]],
              let workers = document["workers"] as? [[String: Any]],
              let workflow = document["workflow"] as? [String: Any] else { throw RealConfigLoader.LoadFailure(description: "08") }
        var sids: [String: String] = [:]
        for queue in queues {
            let name = try #require(queue["friendlyName"])
            sids[name.replacingOccurrences(of: " Queue", with: "Queue") + ".sid"] = try fixture.createQueue(name, targetWorkers: queue["targetWorkers"])
        }
        var workerSids: [String: String] = [:]
        for worker in workers {
            let name = try #require(worker["friendlyName"] as? String)
            workerSids[name] = try fixture.createWorker(name, attributes: try RealConfigLoader.jsonText(try #require(worker["attributes"])))
        }
        let configuration = try RealConfigLoader.substitute(try #require(workflow["configuration"]), sids)
        try fixture.createWorkflow(try RealConfigLoader.jsonText(configuration), name: try #require(workflow["friendlyName"] as? String),
                                   reservationTimeout: workflow["taskReservationTimeout"] as? Int)
        let spanish = try fixture.createTask(#"{"selected_language":"es"}"#)
        #expect(try fixture.task(spanish).taskQueueSid == sids["SpanishQueue.sid"])
        #expect(try fixture.pendingReservation(ofTask: spanish)?.workerSid == workerSids["worker-one"])
        #expect(try fixture.pendingReservation(ofTask: spanish)?.timeoutSeconds == 1_200)
        let english = try fixture.createTask(#"{"selected_language":"en"}"#)
        #expect(try fixture.pendingReservation(ofTask: english)?.workerSid == workerSids["worker-two"])
        #expect(throws: EngineError.self) { try fixture.createTask(#"{"selected_language":"fr"}"#) }
    }

    @Test func bulkWorkersWithEmptySkillsJoinNoSkillQueue() throws {
        let fixture = try EngineFixture()
        guard let document = try RealConfigLoader.document("14-bulk-workers-flex-attributes") as? [String: Any],
              let workers = document["workers"] as? [[String: Any]] else { throw RealConfigLoader.LoadFailure(description: "14") }
        let skilled = try fixture.createQueue("Some skill", targetWorkers: "routing.skills HAS 'some_skill'")
        let byEmail = try fixture.createQueue("Agent one email", targetWorkers: "email == 'agent.one@example.com'")
        let queue = try fixture.createQueue("Levels")
        try fixture.createWorkflow("""
            {"task_routing":{"filters":[],"default_filter":{"queue":"\(queue)","order_by":"worker.routing.levels.some_skill DESC"}}}
            """)
        var sids: [String] = []
        for worker in workers {
            sids.append(try fixture.createWorker(try #require(worker["friendlyName"] as? String),
                                                 attributes: try RealConfigLoader.jsonText(try #require(worker["attributes"]))))
        }
        let skilledStats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: skilled,
                                                                  account: EngineFixture.account, now: fixture.now)
        #expect(skilledStats.totalEligibleWorkers == 1)
        let emailStats = try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: byEmail,
                                                                account: EngineFixture.account, now: fixture.now)
        #expect(emailStats.totalEligibleWorkers == 2)
        // Only the third worker has a level; the others sort after it.
        let task = try fixture.createTask()
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == sids[2])
        #expect(throws: EngineError.self) { try fixture.createWorker("AGENT.ONE@example.com") }
    }
}

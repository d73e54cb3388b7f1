import Testing
@testable import AllotCore

/// Shapes taken from TaskRouter configurations published in public
/// repositories. Each case rebuilds the shape that matters (expression
/// forms, key spellings, document structure) with its own names and
/// values, and its comment names where the shape was published. No
/// document is copied.
@Suite struct PublishedShapeTests {
    // MARK: Direct call to an agent extension, with voicemail behind it

    // Shape from twilio-professional-services/per-agent-voicemail,
    // Agent-Voicemail-Service/public/DirectCallWorkflow.json: a first step
    // whose target matches a worker attribute against a task attribute, with
    // `timeout: 1` and `skip_if: "workers.available == 0"`, then a parking
    // queue with no members (`1==2`). A second filter routes by
    // `known_worker_sid` from a task key spelled `workerSID`.
    func deskWorkflow(_ fixture: EngineFixture) throws -> (desk: String, messages: String) {
        let desk = try fixture.createQueue("Desk")
        let messages = try fixture.createQueue("Messages", targetWorkers: "1==2")
        let everyone = try fixture.createQueue("Everyone")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"filter_friendly_name":"Ring the desk","expression":"kind == 'deskCall'","targets":[
                {"queue":"\#(desk)","expression":"worker.deskNumber == task.deskNumber","timeout":1,
                 "skip_if":"workers.available == 0"},
                {"queue":"\#(messages)"}]},
              {"filter_friendly_name":"Play messages","expression":"kind == 'playMessages'","targets":[
                {"queue":"\#(desk)","known_worker_sid":"task.ownerSID"}]}],
             "default_filter":{"queue":"\#(everyone)"}}}
            """#)
        return (desk, messages)
    }

    @Test func deskCallSkipsWhenNobodyAvailable() throws {
        let fixture = try EngineFixture()
        let queues = try deskWorkflow(fixture)
        try fixture.createWorker("desk 4410", attributes: #"{"deskNumber":4410}"#, activity: "Offline")
        let call = try fixture.createTask(#"{"kind":"deskCall","deskNumber":4410}"#)
        #expect(try fixture.task(call).taskQueueSid == queues.messages)
        #expect(try fixture.reservations(ofTask: call).isEmpty)
    }

    @Test func deskCallRingsMatchingDesk() throws {
        let fixture = try EngineFixture()
        let queues = try deskWorkflow(fixture)
        try fixture.createWorker("desk 4410", attributes: #"{"deskNumber":4410}"#)
        let owner = try fixture.createWorker("desk 4420", attributes: #"{"deskNumber":4420}"#)
        let call = try fixture.createTask(#"{"kind":"deskCall","deskNumber":4420}"#)
        #expect(try fixture.task(call).taskQueueSid == queues.desk)
        #expect(try fixture.pendingReservation(ofTask: call)?.workerSid == owner)
    }

    @Test func deskCallTimesOutToMessages() throws {
        let fixture = try EngineFixture()
        let queues = try deskWorkflow(fixture)
        // A worker is available, so skip_if does not fire. No worker matches
        // the target expression, so the one-second timeout moves the task on.
        try fixture.createWorker("desk 4410", attributes: #"{"deskNumber":4410}"#)
        let call = try fixture.createTask(#"{"kind":"deskCall","deskNumber":4499}"#)
        #expect(try fixture.task(call).taskQueueSid == queues.desk)
        fixture.advance(seconds: 1)
        #expect(try fixture.task(call).taskQueueSid == queues.messages)
        #expect(try fixture.reservations(ofTask: call).isEmpty)
    }

    @Test func playMessagesReachesOwner() throws {
        let fixture = try EngineFixture()
        _ = try deskWorkflow(fixture)
        try fixture.createWorker("someone else")
        let owner = try fixture.createWorker("owner")
        let task = try fixture.createTask(#"{"kind":"playMessages","ownerSID":"\#(owner)"}"#)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == owner)
    }

    // MARK: Transfers that leave out the workers already in the conversation

    // Shape from twilio-professional-services/flex-project-template,
    // infra-as-code/terraform/modules/conversation-transfer/workflows/template_example_chat_transfer.json:
    // `worker.sid NOT IN task.<array>` as the target expression, a worker
    // transfer by `known_worker_sid`, and no default_filter.
    func transferWorkflow(_ fixture: EngineFixture) throws -> String {
        let general = try fixture.createQueue("General")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"filter_friendly_name":"To a person","expression":"handoverKind == 'person'",
               "targets":[{"queue":"\#(general)","known_worker_sid":"task.handoverWorker"}]},
              {"filter_friendly_name":"To the general line","expression":"handoverLine == 'General'",
               "targets":[{"queue":"\#(general)","expression":"worker.sid NOT IN task.participantSids"}]}]}}
            """#)
        return general
    }

    @Test func lineTransferSkipsParticipants() throws {
        let fixture = try EngineFixture()
        _ = try transferWorkflow(fixture)
        let first = try fixture.createWorker("first")
        let second = try fixture.createWorker("second")
        let third = try fixture.createWorker("third")
        let task = try fixture.createTask(#"{"handoverLine":"General","participantSids":["\#(first)","\#(second)"]}"#)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == third)
        let everyoneIn = try fixture.createTask(
            #"{"handoverLine":"General","participantSids":["\#(first)","\#(second)","\#(third)"]}"#)
        #expect(try fixture.reservations(ofTask: everyoneIn).isEmpty)
    }

    @Test func lineTransferWithoutParticipantsWaits() throws {
        let fixture = try EngineFixture()
        _ = try transferWorkflow(fixture)
        try fixture.createWorker("first")
        // NOT IN with a missing right side is false (docs/expressions.md,
        // null rule 3), so the task waits.
        let task = try fixture.createTask(#"{"handoverLine":"General"}"#)
        #expect(try fixture.task(task).assignmentStatus == .pending)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
    }

    @Test func personTransferReachesTarget() throws {
        let fixture = try EngineFixture()
        _ = try transferWorkflow(fixture)
        try fixture.createWorker("idle longest")
        let target = try fixture.createWorker("target")
        let task = try fixture.createTask(#"{"handoverKind":"person","handoverWorker":"\#(target)"}"#)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == target)
    }

    // MARK: Internal calls

    // Shape from twilio-professional-services/flex-project-template,
    // infra-as-code/terraform/modules/internal-call/workflows/template_example_internal_calls.json:
    // a presence test and an absence test joined by AND
    // (`x != null AND y == null`), a known worker from a snake_case key and a
    // number priority of 1000.
    @Test func internalCallReachesCalleeFirst() throws {
        let fixture = try EngineFixture()
        let internalLine = try fixture.createQueue("Internal")
        let sales = try fixture.createQueue("Sales desk")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"filter_friendly_name":"Person","expression":"callee_sid != null AND calleeLine == null",
               "targets":[{"queue":"\#(internalLine)","priority":1000,"known_worker_sid":"task.callee_sid"}]},
              {"filter_friendly_name":"Line","expression":"calleeLine == 'Sales desk'","targets":[{"queue":"\#(sales)"}]}]}}
            """#)
        try fixture.createWorker("idle longest")
        let callee = try fixture.createWorker("callee")
        let direct = try fixture.createTask(#"{"callee_sid":"\#(callee)"}"#, priority: 3)
        let info = try fixture.task(direct)
        #expect(info.taskQueueSid == internalLine)
        #expect(info.priority == 1_000)
        #expect(try fixture.pendingReservation(ofTask: direct)?.workerSid == callee)
        let toLine = try fixture.createTask(#"{"callee_sid":"\#(callee)","calleeLine":"Sales desk"}"#)
        #expect(try fixture.task(toLine).taskQueueSid == sales)
    }

    // MARK: Resuming a parked conversation

    // Shape from twilio-professional-services/flex-project-template,
    // infra-as-code/terraform/modules/park-interaction/workflows/template_example_park_resume.json.
    // A timed step offers the task to a known worker named by a nested key
    // (`task.<object>.<key>`). An empty target `{}` follows it and keeps the
    // queue. The filter compares a nested task key with an escaped
    // double-quoted string.
    func resumeWorkflow(_ fixture: EngineFixture) throws -> String {
        let care = try fixture.createQueue("Care")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"filter_friendly_name":"Back to the same person","expression":"resume.line == \"Care\"",
               "targets":[{"queue":"\#(care)","known_worker_sid":"task.resume.agentSid","timeout":30},{}]}],
             "default_filter":{"queue":"\#(care)"}}}
            """#)
        return care
    }

    @Test func parkedConversationReturnsToAgent() throws {
        let fixture = try EngineFixture()
        _ = try resumeWorkflow(fixture)
        try fixture.createWorker("idle longest")
        let agent = try fixture.createWorker("agent")
        let task = try fixture.createTask(#"{"resume":{"line":"Care","agentSid":"\#(agent)"}}"#)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == agent)
    }

    @Test func emptyTargetKeepsTheQueue() throws {
        let fixture = try EngineFixture()
        let care = try resumeWorkflow(fixture)
        let agent = try fixture.createWorker("agent", activity: "Offline")
        let colleague = try fixture.createWorker("colleague")
        let task = try fixture.createTask(#"{"resume":{"line":"Care","agentSid":"\#(agent)"}}"#)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        fixture.advance(seconds: 29)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
        fixture.advance(seconds: 1)
        #expect(try fixture.task(task).taskQueueSid == care)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == colleague)
    }

    // MARK: Helpline calls: agents first, supervisors when no agent is free

    // Shape from techmatters/flex-plugins,
    // twilio-iac/helplines/nz/templates/workflows/master_calls.tftpl.
    // The filter has a double-quoted one-element array (`IN ["voice"]`), an
    // empty string constant (`==""`), irregular spacing and two trailing
    // spaces. An agents-only step with `skip_if: "1==1"` precedes a
    // supervisors step on the same queue, and both guard per-channel load.
    // A second filter's target has `order_by` on
    // `worker.routing.levels.<key> ASC` and a priority.
    func helplineCallsWorkflow(_ fixture: EngineFixture) throws -> (line: String, urgent: String) {
        let line = try fixture.createQueue("Line")
        let urgent = try fixture.createQueue("Urgent")
        let guardExpression = "(worker.onBreak != true AND ((task.medium == 'voice' AND worker.channel.chat.assigned_tasks == 0) "
            + "OR (task.medium != 'voice' AND worker.channel.voice.assigned_tasks == 0))"
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"filter_friendly_name":"Line calls",
               "expression":"((medium IN [\"voice\"] OR dialled IN ['+15550109001', '+15550109002'] ) AND (handoverKind ==\"\" OR  handoverTo==\"\#(line)\") ) OR isFollowUp == true  ",
               "targets":[
                 {"expression":"\#(guardExpression) AND worker.duties HAS \"agent\" )","queue":"\#(line)","skip_if":"1==1"},
                 {"queue":"\#(line)","expression":"\#(guardExpression) AND worker.duties HAS \"supervisor\" )"}]},
              {"filter_friendly_name":"Urgent","expression":"handoverTo==\"\#(urgent)\"",
               "targets":[{"queue":"\#(urgent)","order_by":"worker.routing.levels.urgentRank ASC","priority":10}]}]}}
            """#)
        return (line, urgent)
    }

    @Test func helplineCallPrefersFreeAgent() throws {
        let fixture = try EngineFixture()
        let queues = try helplineCallsWorkflow(fixture)
        try fixture.createWorker("supervisor", attributes: #"{"duties":["supervisor"]}"#)
        let agent = try fixture.createWorker("agent", attributes: #"{"duties":["agent"]}"#)
        let call = try fixture.createTask(#"{"medium":"voice","handoverKind":""}"#, channel: "voice")
        #expect(try fixture.task(call).taskQueueSid == queues.line)
        #expect(try fixture.pendingReservation(ofTask: call)?.workerSid == agent)
    }

    @Test func helplineCallSkipsToSupervisor() throws {
        let fixture = try EngineFixture()
        _ = try helplineCallsWorkflow(fixture)
        let supervisor = try fixture.createWorker("supervisor", attributes: #"{"duties":["supervisor"]}"#)
        try fixture.createWorker("agent on break", attributes: #"{"duties":["agent"],"onBreak":true}"#)
        let call = try fixture.createTask(#"{"dialled":"+15550109002","handoverKind":""}"#, channel: "voice")
        #expect(try fixture.pendingReservation(ofTask: call)?.workerSid == supervisor)
    }

    @Test func helplineCallWithoutHandoverRejected() throws {
        let fixture = try EngineFixture()
        _ = try helplineCallsWorkflow(fixture)
        // `handoverKind ==""` is false for a missing key, and there is no default filter.
        #expect(throws: EngineError.self) { try fixture.createTask(#"{"medium":"voice"}"#, channel: "voice") }
    }

    @Test func urgentCallPrefersLowestRank() throws {
        let fixture = try EngineFixture()
        let queues = try helplineCallsWorkflow(fixture)
        try fixture.createWorker("second", attributes: #"{"routing":{"levels":{"urgentRank":2}}}"#)
        try fixture.createWorker("unranked")
        let first = try fixture.createWorker("first", attributes: #"{"routing":{"levels":{"urgentRank":1}}}"#)
        let call = try fixture.createTask(#"{"handoverTo":"\#(queues.urgent)"}"#)
        #expect(try fixture.task(call).priority == 10)
        #expect(try fixture.pendingReservation(ofTask: call)?.workerSid == first)
    }

    // MARK: Helpline queue transfers: a timed specialist step

    // Shape from techmatters/flex-plugins,
    // twilio-iac/helplines/nz/templates/workflows/queue-transfers.tftpl: an
    // `IN` array written without spaces after its commas, `=='true'` on a
    // string flag with the operator against the key, and a step that has
    // `skip_if`, `timeout` and `priority` together before a second queue.
    func specialistWorkflow(_ fixture: EngineFixture) throws -> (specialist: String, general: String) {
        let specialist = try fixture.createQueue("Specialist", targetWorkers: "routing.skills HAS 'specialist'")
        let general = try fixture.createQueue("General")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"filter_friendly_name":"Specialist",
               "expression":"(medium IN ['voice','sms','web'] AND specialist =='true' AND handoverKind =='') OR  handoverTo=='\#(specialist)'",
               "targets":[
                 {"queue":"\#(specialist)","skip_if":"1==1","timeout":120,"priority":8},
                 {"queue":"\#(general)","priority":8}]}]}}
            """#, reservationTimeout: 300)
        return (specialist, general)
    }

    @Test func specialistStepSkipsWhenNoneFree() throws {
        let fixture = try EngineFixture()
        let queues = try specialistWorkflow(fixture)
        let generalist = try fixture.createWorker("generalist")
        let task = try fixture.createTask(#"{"medium":"sms","specialist":"true","handoverKind":""}"#)
        let info = try fixture.task(task)
        #expect(info.taskQueueSid == queues.general)
        #expect(info.priority == 8)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == generalist)
    }

    @Test func specialistStepTimesOutToGeneral() throws {
        let fixture = try EngineFixture()
        let queues = try specialistWorkflow(fixture)
        let specialist = try fixture.createWorker("specialist", attributes: #"{"routing":{"skills":["specialist"]}}"#)
        let task = try fixture.createTask(#"{"medium":"web","specialist":"true","handoverKind":""}"#)
        let offer = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(offer.workerSid == specialist)
        let generalist = try fixture.createWorker("generalist")
        fixture.advance(seconds: 120)
        #expect(try fixture.reservationStatus(offer.sid) == .canceled)
        #expect(try fixture.task(task).taskQueueSid == queues.general)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == generalist)
    }

    @Test func booleanFlagIsNotStringTrue() throws {
        let fixture = try EngineFixture()
        _ = try specialistWorkflow(fixture)
        // docs/expressions.md rule 7: booleans equal only booleans, so a
        // task that sends `true` instead of "true" matches no filter.
        #expect(throws: EngineError.self) {
            try fixture.createTask(#"{"medium":"sms","specialist":true,"handoverKind":""}"#)
        }
    }

    // MARK: Age bands that mix numbers and strings

    // Shape from techmatters/flex-plugins,
    // twilio-iac/helplines/sg/templates/workflows/master.tftpl: a target
    // expression that compares one nested task key with a number
    // (`task.<object>.age <= 13`, `> 13`) and with a string holding an
    // operator character (`== '>20'`), grouped three levels deep, with
    // double-quoted skill names that contain spaces.
    func ageBandWorkflow(_ fixture: EngineFixture) throws -> (young: String, older: String) {
        let queue = try fixture.createQueue("Chat")
        let band = "(task.medium != 'voice' AND ((worker.routing.skills HAS \\\"Young people\\\" AND task.intake.age <= 13) "
            + "OR (worker.routing.skills HAS \\\"Older teens\\\" AND (task.intake.age > 13 OR task.intake.age == '>20'))))"
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[{"filter_friendly_name":"Chat","expression":"medium =='web' OR medium =='sms'",
              "targets":[{"expression":"\#(band)","queue":"\#(queue)"}]}]}}
            """#)
        let young = try fixture.createWorker("young", attributes: #"{"routing":{"skills":["Young people"]}}"#)
        let older = try fixture.createWorker("older", attributes: #"{"routing":{"skills":["Older teens"]}}"#)
        return (young, older)
    }

    @Test(arguments: [("10", true), ("13", true), ("\"12\"", true), ("14", false), ("\">20\"", false)])
    func ageBandPicksTheWorker(age: String, young: Bool) throws {
        let fixture = try EngineFixture()
        let workers = try ageBandWorkflow(fixture)
        let task = try fixture.createTask(#"{"medium":"web","intake":{"age":\#(age)}}"#)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == (young ? workers.young : workers.older))
    }

    @Test func ageBandWithoutAgeMatchesNobody() throws {
        let fixture = try EngineFixture()
        _ = try ageBandWorkflow(fixture)
        let task = try fixture.createTask(#"{"medium":"web","intake":{}}"#)
        #expect(try fixture.reservations(ofTask: task).isEmpty)
    }

    // MARK: Helpline queues: a closed queue and multi-reservation

    // Shape from techmatters/flex-plugins,
    // twilio-iac/helplines/za/common.hcl: a queue closed with `1!=1`, one
    // parked with `1==0`, skill strings with spaces, and
    // `max_reserved_workers = 5` on the chat queue.
    func regionalWorkers(_ fixture: EngineFixture) throws {
        for index in 1...6 {
            try fixture.createWorker("chat \(index)", attributes: #"{"routing":{"skills":["chat","North Coast"]}}"#)
        }
    }

    func eligibleCount(_ fixture: EngineFixture, queue: String) throws -> Int {
        try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue, account: EngineFixture.account,
                                               now: fixture.now).totalEligibleWorkers
    }

    @Test func closedQueuesHaveNoMembers() throws {
        let fixture = try EngineFixture()
        let closed = try fixture.createQueue("Closed", targetWorkers: "1!=1")
        let parked = try fixture.createQueue("Parked", targetWorkers: "1==0")
        let region = try fixture.createQueue("Region", targetWorkers: "routing.skills HAS 'North Coast'")
        try regionalWorkers(fixture)
        #expect(try eligibleCount(fixture, queue: closed) == 0)
        #expect(try eligibleCount(fixture, queue: parked) == 0)
        #expect(try eligibleCount(fixture, queue: region) == 6)
    }

    @Test func chatQueueOffersFiveAtOnce() throws {
        let fixture = try EngineFixture()
        let chat = try fixture.createQueue("Chat", targetWorkers: "routing.skills HAS 'chat'", maxReservedWorkers: 5)
        try fixture.createCatchAllWorkflow(chat)
        try regionalWorkers(fixture)
        let task = try fixture.createTask()
        let offers = try fixture.reservations(ofTask: task)
        #expect(offers.count == 5)

        try fixture.accept(try #require(offers.first).sid)
        let statuses = try fixture.reservations(ofTask: task).map(\.reservationStatus)
        #expect(statuses.filter { $0 == .accepted }.count == 1)
        #expect(statuses.filter { $0 == .rescinded }.count == 4)
    }

    // MARK: Known agent by friendly name

    // Shape from mvrzan/flex-customer-directory-with-algolia-search,
    // README.md: a flag compared with the string "true" in escaped double
    // quotes, and `known_worker_friendly_name` reading a task key. The
    // friendly names are e-mail addresses, matched without regard to case.
    func knownAgentWorkflow(_ fixture: EngineFixture) throws -> (known: String, everyone: String) {
        let known = try fixture.createQueue("Known")
        let everyone = try fixture.createQueue("Everyone")
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[{"filter_friendly_name":"Returning customer","expression":"returningCustomer == \"true\"",
              "targets":[{"queue":"\#(known)","known_worker_friendly_name":"task.lastAgentName"}]}],
             "default_filter":{"queue":"\#(everyone)"}}}
            """#)
        return (known, everyone)
    }

    @Test func returningCustomerReachesLastAgent() throws {
        let fixture = try EngineFixture()
        let queues = try knownAgentWorkflow(fixture)
        try fixture.createWorker("agent.one@example.org")
        let last = try fixture.createWorker("Agent.Two@Example.org")
        let task = try fixture.createTask(#"{"returningCustomer":"true","lastAgentName":"agent.two@example.org"}"#)
        #expect(try fixture.task(task).taskQueueSid == queues.known)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == last)
    }

    @Test func booleanReturningFlagUsesDefault() throws {
        let fixture = try EngineFixture()
        let queues = try knownAgentWorkflow(fixture)
        try fixture.createWorker("agent.two@example.org")
        let task = try fixture.createTask(#"{"returningCustomer":true,"lastAgentName":"agent.two@example.org"}"#)
        #expect(try fixture.task(task).taskQueueSid == queues.everyone)
    }

    // MARK: Calling windows from the task, compared with the clock

    // Shape from kaiquelupo/preview-dialer, src/resources/index.ts. The
    // filter expression spans lines and starts and ends with line breaks and
    // indentation. It tests `taskrouter.dayOfWeek IN <task array>` and
    // compares `taskrouter.currentTime` with numbers in the task's
    // attributes. The fixture's clock reads Tuesday 22:13 UTC.
    func callingWindowWorkflow(_ fixture: EngineFixture) throws -> (dialer: String, later: String) {
        let dialer = try fixture.createQueue("Dialer")
        let later = try fixture.createQueue("Later")
        let expression = "\\n        (taskrouter.dayOfWeek IN window.days) AND\\n        (taskrouter.currentTime > window.opensAt) AND\\n"
            + "        (taskrouter.currentTime < window.closesAt)\\n    "
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[{"friendlyName":"Calling window","expression":"\#(expression)",
              "targets":[{"queue":"\#(dialer)",
                          "expression":"taskrouter.dayOfWeek IN task.window.days AND worker.routing.skills HAS task.campaign"}]}],
             "default_filter":{"queue":"\#(later)"}}}
            """#)
        return (dialer, later)
    }

    @Test func taskInsideWindowReachesDialer() throws {
        let fixture = try EngineFixture()
        let queues = try callingWindowWorkflow(fixture)
        try fixture.createWorker("other campaign", attributes: #"{"routing":{"skills":["renewals"]}}"#)
        let caller = try fixture.createWorker("caller", attributes: #"{"routing":{"skills":["welcome"]}}"#)
        let task = try fixture.createTask(#"{"campaign":"welcome","window":{"days":["Mon","Tue"],"opensAt":800,"closesAt":2300}}"#)
        #expect(try fixture.task(task).taskQueueSid == queues.dialer)
        #expect(try fixture.pendingReservation(ofTask: task)?.workerSid == caller)
    }

    @Test(arguments: [#"{"days":["Sat","Sun"],"opensAt":800,"closesAt":2300}"#,
                      #"{"days":["Tue"],"opensAt":800,"closesAt":1700}"#,
                      #"{"days":["Tue"],"opensAt":2230,"closesAt":2359}"#])
    func taskOutsideWindowUsesDefault(window: String) throws {
        let fixture = try EngineFixture()
        let queues = try callingWindowWorkflow(fixture)
        let task = try fixture.createTask(#"{"campaign":"welcome","window":\#(window)}"#)
        #expect(try fixture.task(task).taskQueueSid == queues.later)
    }

    @Test func misspeltTimeKeyIsRejected() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Dialer")
        // The published document misspells one time key
        // (`taskrouter.currentTime` with two letters swapped). Allot rejects
        // unknown `taskrouter.` keys (docs/expressions.md, "Time keys")
        // rather than reading them as null, which would make the filter
        // silently never match.
        do {
            try fixture.createWorkflow(#"""
                {"task_routing":{"filters":[{"expression":"taskrouter.currentTmie < 1700","targets":[{"queue":"\#(queue)"}]}]}}
                """#)
            Issue.record("a workflow with a misspelt time key was accepted")
        } catch let error as EngineError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("taskrouter.currentTmie"))
        }
    }
}

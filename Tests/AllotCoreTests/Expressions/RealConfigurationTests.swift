import AllotCore
import Testing

/// Expressions from published production TaskRouter configurations, copied
/// verbatim, with the kind each one is used as.
@Suite struct RealConfigurationTests {
    static let queueExpressions = [
        "1==1",
        "routing.skills HAS 'template_example_sales'",
        "routing.skills HAS 'template_example_support'",
        "languages HAS \"en\"",
        "languages HAS \"es\"",
        "routing.skills HAS 'KHP English'",
        "routing.skills HAS 'KHP French'",
        "routing.skills HAS 'AB211En'",
        "routing.skills HAS 'AB211Fr'",
        "routing.skills HAS 'G2TNSEn'",
        "routing.skills HAS 'G2TNSFr'",
        "routing.skills HAS 'G2TONEn'",
        "routing.skills HAS 'G2TONFr'",
        "routing.skills HAS 'G2TONTr'",
        "routing.skills HAS 'KHP Interpreter' ",
        "routing.skills HAS 'French Interpreter' ",
        "routing.skills HAS 'Supervisor'",
        "routing.skills HAS 'Training'",
        "routing.skills HAS 'HCENG'",
        "routing.skills HAS 'HCFR'",
        "routing.skills HAS 'Chat English'",
        "routing.skills HAS 'Chat French'",
        "routing.skills HAS 'Indigenous/Interpreter'",
        "routing.skills HAS '988En'",
        "routing.skills HAS '988Fr'",
        "email=='alerts+production@example.org'",
    ]

    static let filterExpressions = [
        "callBackData.attempts == 1",
        "callBackData.attempts > 1",
        "1==1",
        "selected_language=='es'",
        "selected_language=='en'",
        "flexOutboundDialerTargetWorker != null",
        "isContactlessTask == true",
        "channelType=='web' AND e2eTestMode=='true'",
        "(to IN ['+15550100001', '+15550100002'] AND language CONTAINS \"en-CA\") OR isContactlessTask == true",
        "(to IN ['+15550100001', '+15550100002'] AND language CONTAINS \"fr-CA\")",
        "(to IN ['+15550100011'] AND language CONTAINS \"fr-CA\")",
        "(to IN ['+15550100021', '+15550100022'] AND interpreter CONTAINS \"fr\")",
        "(to IN ['+15550100021', '+15550100022'] AND interpreter CONTAINS \"indigenous\")",
        "(to IN ['+15550100021', '+15550100022'] AND language CONTAINS \"en-CA\")",
        "(to IN ['+15550100021', '+15550100022'] AND language CONTAINS \"fr-CA\")",
        "(to IN ['+15550100021', '+15550100022'] AND interpreter CONTAINS \"main\")",
        "(to IN ['+15550100031'] AND language CONTAINS \"en-CA\")",
        "(to IN ['+15550100031'] AND language CONTAINS \"fr-CA\")",
        "(to IN ['+15550100041'])",
        "(to IN ['+15550100051'] AND language CONTAINS \"en-CA\")",
        "(to IN ['+15550100051'] AND language CONTAINS \"fr-CA\")",
        "(to IN ['+15550100061'] AND language CONTAINS \"en-CA\")",
        "(to IN ['+15550100061'] AND language CONTAINS \"fr-CA\")",
        "(to IN ['+15550100071'] AND language CONTAINS \"en-CA\")",
        "(to IN ['+15550100071'] AND language CONTAINS \"fr-CA\")",
        "(to IN ['+15550100081'])",
        "channelType=='web' AND (language CONTAINS \"en-CA\" OR language=='')",
        "channelType=='web' AND language CONTAINS \"fr-CA\"",
    ]

    /// The helpline's target expression, repeated on every target of its workflow.
    static let helplineTarget = "(worker.waitingOfflineContact != true AND ((task.channelType == 'voice' AND worker.channel.chat.assigned_tasks == 0) OR (task.channelType != 'voice' AND worker.channel.voice.assigned_tasks == 0)) AND ((task.transferTargetType == 'worker' AND task.targetSid == worker.sid) OR (task.transferTargetType != 'worker' AND worker.sid != task.ignoreAgent))) OR (worker.waitingOfflineContact == true AND task.targetSid == worker.sid AND task.isContactlessTask == true)"

    static let targetExpressions = [
        "1==0",
        "1 == 0",
        "task.flexOutboundDialerTargetWorker == worker.contact_uri",
        helplineTarget,
    ]

    @Test(arguments: queueExpressions)
    func queueExpressionCompiles(_ source: String) throws {
        _ = try AllotCore.Expression(source, kind: .queueTargetWorkers)
    }

    @Test(arguments: filterExpressions)
    func filterExpressionCompiles(_ source: String) throws {
        _ = try AllotCore.Expression(source, kind: .taskFilter)
    }

    @Test(arguments: targetExpressions)
    func targetExpressionCompiles(_ source: String) throws {
        _ = try AllotCore.Expression(source, kind: .target)
    }

    @Test func delayTargetsMatchNobody() throws {
        #expect(try AllotCore.Expression("1==0", kind: .target).isContradiction)
        #expect(try AllotCore.Expression("1 == 0", kind: .target).isContradiction)
        #expect(try AllotCore.Expression("1==1", kind: .queueTargetWorkers).isTautology)
    }

    @Test func helplineTargetIsAbout460Characters() {
        #expect(Self.helplineTarget.count > 450)
    }

    @Test func helplineTargetRoutesVoiceToWorkerFreeOnChat() throws {
        let task = #"{"channelType":"voice","transferTargetType":"","ignoreAgent":"WK2"}"#
        let free = #"{"sid":"WK1","channels":{"chat":{"configured_capacity":2,"assigned_tasks":0}}}"#
        let busy = #"{"sid":"WK1","channels":{"chat":{"configured_capacity":2,"assigned_tasks":1}}}"#
        let ignored = #"{"sid":"WK2","channels":{"chat":{"configured_capacity":2,"assigned_tasks":0}}}"#
        #expect(try ExpressionTesting.target(Self.helplineTarget, task: task, worker: free))
        #expect(try !ExpressionTesting.target(Self.helplineTarget, task: task, worker: busy))
        #expect(try !ExpressionTesting.target(Self.helplineTarget, task: task, worker: ignored))
    }

    @Test func helplineTargetMatchesWhenTaskLacksIgnoreAgent() throws {
        // worker.sid != task.ignoreAgent holds when the task has no ignoreAgent,
        // and waitingOfflineContact != true holds when the worker lacks the key.
        let task = #"{"channelType":"web"}"#
        let worker = #"{"sid":"WK1","channels":{"voice":{"configured_capacity":1,"assigned_tasks":0}}}"#
        #expect(try ExpressionTesting.target(Self.helplineTarget, task: task, worker: worker))
    }

    @Test func helplineTargetRoutesTransferToNamedWorker() throws {
        let task = #"{"channelType":"web","transferTargetType":"worker","targetSid":"WK7"}"#
        let named = #"{"sid":"WK7","channels":{"voice":{"configured_capacity":1,"assigned_tasks":0}}}"#
        let other = #"{"sid":"WK8","channels":{"voice":{"configured_capacity":1,"assigned_tasks":0}}}"#
        #expect(try ExpressionTesting.target(Self.helplineTarget, task: task, worker: named))
        #expect(try !ExpressionTesting.target(Self.helplineTarget, task: task, worker: other))
    }

    @Test func helplineTargetRoutesOfflineContactBack() throws {
        let task = #"{"isContactlessTask":true,"targetSid":"WK7"}"#
        let waiting = #"{"sid":"WK7","waitingOfflineContact":true}"#
        let otherWaiting = #"{"sid":"WK8","waitingOfflineContact":true}"#
        #expect(try ExpressionTesting.target(Self.helplineTarget, task: task, worker: waiting))
        #expect(try !ExpressionTesting.target(Self.helplineTarget, task: task, worker: otherWaiting))
    }

    @Test func filtersRouteByPhoneNumberAndLanguage() throws {
        let source = "(to IN ['+15550100001', '+15550100002'] AND language CONTAINS \"en-CA\") OR isContactlessTask == true"
        #expect(try ExpressionTesting.filter(source, #"{"to":"+15550100002","language":"en-CA"}"#))
        #expect(try !ExpressionTesting.filter(source, #"{"to":"+15550100003","language":"en-CA"}"#))
        #expect(try ExpressionTesting.filter(source, #"{"isContactlessTask":true}"#))
        #expect(try ExpressionTesting.filter("channelType=='web' AND e2eTestMode=='true'", #"{"channelType":"web","e2eTestMode":"true"}"#))
        #expect(try !ExpressionTesting.filter("channelType=='web' AND e2eTestMode=='true'", #"{"channelType":"web","e2eTestMode":true}"#))
        #expect(try ExpressionTesting.filter("channelType=='web' AND (language CONTAINS \"en-CA\" OR language=='')", #"{"channelType":"web","language":""}"#))
    }

    @Test func missingNestedKeyFallsThroughFilters() throws {
        #expect(try !ExpressionTesting.filter("callBackData.attempts == 1", "{}"))
        #expect(try !ExpressionTesting.filter("callBackData.attempts > 1", "{}"))
        #expect(try ExpressionTesting.filter("callBackData.attempts > 1", #"{"callBackData":{"attempts":2}}"#))
    }

    @Test func emptySkillListMatchesNoSkill() throws {
        #expect(try !ExpressionTesting.queue("routing.skills HAS 'some_skill'", #"{"routing":{"skills":[],"levels":{}}}"#))
        #expect(try ExpressionTesting.queue("routing.skills HAS 'some_skill'", #"{"routing":{"skills":["some_skill","another_skill"]}}"#))
    }
}

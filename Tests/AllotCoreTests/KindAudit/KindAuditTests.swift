import Foundation
import Testing
@testable import AllotCore

/// The `KA-` audit cases: target expressions, `skip_if` and statistics.
///
/// The expression and `skip_if` cases run through `ConformanceTests`, which
/// loads every case of those kinds from the audit file. This suite checks that
/// they are all there, runs the `skip_if` cases once more against queue
/// members counted by the engine, and runs each statistics case, one test
/// each, named after the case id.
@Suite struct KindAuditTests {
    /// The id prefix of this set in the audit file.
    static let casePrefix = "KA-"

    /// The ids of the statistics cases that have a test here.
    static let testedStatisticsIDs: Set<String> = Set((1...12).map { String(format: "KA-R%02d", $0) })

    /// Returns every `KA-` case of the audit file as a JSON document, by id.
    static func auditCases() throws -> [String: AttributeValue] {
        let text = try String(contentsOf: ConformanceSuite.auditFileURL(), encoding: .utf8)
        var cases: [String: AttributeValue] = [:]
        for line in text.split(separator: "\n") where !line.allSatisfy(\.isWhitespace) {
            let document = try TestJSON.parse(String(line))
            guard case .string(let id)? = document["id"], id.hasPrefix(casePrefix) else { continue }
            #expect(cases[id] == nil, "repeated id \(id)")
            cases[id] = document
        }
        return cases
    }

    @Test func everyCaseIsLoadedOrTested() throws {
        let cases = try Self.auditCases()
        var idsByKind: [String: Set<String>] = [:]
        for (id, document) in cases {
            guard case .string(let kind)? = document["kind"] else {
                Issue.record("case \(id) has no kind")
                continue
            }
            idsByKind[kind, default: []].insert(id)
        }
        #expect(Set(idsByKind.keys) == ["target_expression", "skip_if", "statistics"])
        #expect(idsByKind["target_expression"]?.count == 27)
        #expect(idsByKind["skip_if"]?.count == 9)
        #expect(idsByKind["statistics"] == Self.testedStatisticsIDs)
        // The expression loader must contain every one of them, so that
        // `ConformanceTests` runs it.
        for id in idsByKind["target_expression", default: []].union(idsByKind["skip_if", default: []]) {
            #expect(ConformanceSuite.cases[id] != nil, "case \(id) is not loaded by ConformanceSuite")
        }
    }

    // MARK: - skip_if against the engine's member counts

    /// Returns the `skip_if` cases with a boolean result, as (id, expression, members, expected).
    static func skipIfCases() throws -> [(id: String, expression: String, members: [(label: String, available: Bool)], expected: Bool)] {
        var result: [(id: String, expression: String, members: [(label: String, available: Bool)], expected: Bool)] = []
        for (id, document) in try auditCases().sorted(by: { $0.key < $1.key }) {
            guard document["kind"] == .string("skip_if"), case .string(let expression)? = document["expr"],
                  case .bool(let expected)? = document["expect"], case .array(let elements)? = document["queue_members"] else { continue }
            var members: [(label: String, available: Bool)] = []
            for element in elements {
                guard case .string(let label)? = element["activity_sid"], case .bool(let available)? = element["available"] else {
                    Issue.record("case \(id) has a malformed member")
                    continue
                }
                members.append((label, available))
            }
            result.append((id, expression, members, expected))
        }
        return result
    }

    /// Builds a workspace whose only queue has one member per case member, in
    /// an activity created for each label, then evaluates the case with the
    /// counts the engine gives for that queue. Labels in the expression are
    /// replaced by the created activities' SIDs.
    @Test func skipIfCasesAgreeWithEngineCounts() throws {
        let cases = try Self.skipIfCases()
        #expect(cases.count == 6)
        for skipCase in cases {
            let fixture = try EngineFixture()
            let queue = try fixture.createQueue("Q")
            var sidByLabel: [String: String] = [:]
            for (position, member) in skipCase.members.enumerated() {
                if sidByLabel[member.label] == nil {
                    sidByLabel[member.label] = try fixture.createActivity(member.label, available: member.available)
                }
                try fixture.createWorker("W\(position)", activity: member.label)
            }
            var expression = skipCase.expression
            // Longest labels first, so that no label replaces part of another.
            for (label, sid) in sidByLabel.sorted(by: { $0.key.count > $1.key.count }) {
                expression = expression.replacingOccurrences(of: "workers.\(label)", with: "workers.\(sid)")
            }
            let context = try fixture.engine.read(fixture.workspace, account: EngineFixture.account) { state throws(EngineError) in
                state.skipIfContext(try state.queueHandle(queue, field: "Sid"), now: fixture.now)
            }
            let value = try AllotCore.Expression(expression, kind: .skipIf).evaluate(in: context)
            #expect(value == skipCase.expected, "\(skipCase.id): \(skipCase.expression)")
        }
    }

    /// Checks that the counters cover the queue's members by activity and
    /// ignore channel capacity. W1 is available but full, so no reservation can be
    /// made at once and `skip_if` is evaluated: `workers.available` is still 1.
    @Test func skipIfCountsIgnoreChannelCapacity() throws {
        for (skip, expectedQueue) in [("workers.available == 0", "Q1"), ("workers.available == 1", "Q2")] {
            let fixture = try EngineFixture()
            let q1 = try fixture.createQueue("Q1")
            let q2 = try fixture.createQueue("Q2")
            let w1 = try fixture.createWorker("W1")
            try fixture.setCapacity(w1, channel: "default", capacity: 1)
            try fixture.createWorkflow(#"""
                {"task_routing":{"filters":[{"expression":"step == 1","targets":[{"queue":"\#(q1)","skip_if":"\#(skip)"},{"queue":"\#(q2)"}]}],
                  "default_filter":{"queue":"\#(q1)"}}}
                """#)
            let busy = try fixture.createTask()
            try fixture.accept(try #require(try fixture.pendingReservation(ofTask: busy)).sid)
            let task = try fixture.createTask(#"{"step":1}"#)
            let names = [q1: "Q1", q2: "Q2"]
            #expect(names[try #require(try fixture.task(task).taskQueueSid)] == expectedQueue, "skip_if \(skip)")
            #expect(try fixture.task(task).assignmentStatus == .pending)
        }
    }

    // MARK: - Target expressions against the engine's own workers

    /// KA-T10 and KA-T11 with a stored worker: the channel fields come from
    /// its reservations. Capacity 7 with 3 active reservations is 57 %.
    @Test func channelFieldsFollowStoredReservations() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let pending = "worker.channel.chat.assigned_tasks == 0 AND worker.channel.chat.available_capacity_percentage == 57"
        let accepted = "worker.channel.chat.assigned_tasks == 2 AND worker.channel.chat.available_capacity_percentage == 57"
        let idle = "worker.channel.chat.available_capacity_percentage == 100"
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[
              {"expression":"probe == 'pending'","targets":[{"queue":"\#(queue)","expression":"\#(pending)"}]},
              {"expression":"probe == 'accepted'","targets":[{"queue":"\#(queue)","expression":"\#(accepted)"}]},
              {"expression":"probe == 'idle'","targets":[{"queue":"\#(queue)","expression":"\#(idle)"}]}],
              "default_filter":{"queue":"\#(queue)"}}}
            """#)
        let worker = try fixture.createWorker("W")
        try fixture.setCapacity(worker, channel: "chat", capacity: 7)
        var heldTasks: [String] = []
        for _ in 0..<3 {
            heldTasks.append(try fixture.createTask(channel: "chat"))
        }
        #expect(try heldTasks.allSatisfy { try fixture.task($0).assignmentStatus == .reserved })
        let channel = try fixture.workerChannel(worker, "chat")
        #expect(channel.activeReservations == 3)
        #expect(channel.assignedTasks == 0)
        #expect(channel.availableCapacityPercentage == 57)

        let first = try fixture.createTask(#"{"probe":"pending"}"#, channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: first)?.workerSid == worker)
        try fixture.updateTask(first, UpdateTaskRequest(assignmentStatus: "canceled", reason: "probe done"))

        for task in heldTasks.prefix(2) {
            try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        }
        let second = try fixture.createTask(#"{"probe":"accepted"}"#, channel: "chat")
        #expect(try fixture.pendingReservation(ofTask: second)?.workerSid == worker)

        let third = try fixture.createTask(#"{"probe":"idle"}"#, channel: "chat")
        #expect(try fixture.task(third).assignmentStatus == .pending)
        #expect(try fixture.reservations(ofTask: third).isEmpty)
    }

    /// KA-T09 and KA-T14 with stored workers: system fields and the clock.
    /// The fixture's clock starts at 2023-11-14T22:13:20Z, a Tuesday.
    @Test func systemFieldsAndClockOfStoredWorkers() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createActivity("OnCall", available: true)
        let plain = try fixture.createWorker("Plain")
        let onCall = try fixture.createWorker("Paged", activity: "OnCall")
        let expression = "worker.activity_name == 'OnCall' AND worker.sid IN task.agents AND worker.friendly_name != 'Plain'"
            + " AND taskrouter.dayOfWeek == 'Tue' AND taskrouter.currentTime == 2213"
        try fixture.createWorkflow(#"""
            {"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":"\#(queue)","expression":"\#(expression)"}]}]}}
            """#)
        let task = try fixture.createTask(#"{"agents":["\#(plain)","\#(onCall)"]}"#)
        let reservations = try fixture.reservations(ofTask: task)
        #expect(reservations.map(\.workerSid) == [onCall])
    }

    // MARK: - Statistics

    func queueStatistics(_ fixture: EngineFixture, _ queue: String) throws -> TaskQueueRealTimeStatistics {
        try fixture.engine.taskQueueStatistics(workspace: fixture.workspace, sid: queue, account: EngineFixture.account, now: fixture.now)
    }

    func workspaceStatistics(_ fixture: EngineFixture) throws -> WorkspaceRealTimeStatistics {
        try fixture.engine.workspaceStatistics(workspace: fixture.workspace, account: EngineFixture.account, now: fixture.now)
    }

    /// Worker counts by activity friendly name.
    func workers(in statistics: [ActivityStatistic]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: statistics.map { ($0.friendlyName, $0.workers) })
    }

    @Test func kaR01CreatedAvailableActivityCountsAsAvailable() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createActivity("OnCall", available: true)
        try fixture.createActivity("Lunch", available: false)
        try fixture.createWorker("a", activity: "Available")
        try fixture.createWorker("b", activity: "OnCall")
        try fixture.createWorker("c", activity: "Lunch")
        let stats = try queueStatistics(fixture, queue)
        #expect(stats.totalAvailableWorkers == 2)
        #expect(stats.totalEligibleWorkers == 3)
        let byName = workers(in: stats.activityStatistics)
        #expect(byName["Available"] == 1)
        #expect(byName["OnCall"] == 1)
        #expect(byName["Lunch"] == 1)
    }

    @Test func kaR02EmptyTargetWorkersHasNoMembers() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q", targetWorkers: "")
        try fixture.createWorker("a", activity: "Available")
        try fixture.createWorker("b", activity: "Offline")
        let stats = try queueStatistics(fixture, queue)
        #expect(stats.totalEligibleWorkers == 0)
        #expect(stats.totalAvailableWorkers == 0)
    }

    @Test func kaR03NoWaitingTaskWhenAllAssigned() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        try fixture.createWorker("W1")
        let task = try fixture.createTask()
        fixture.advance(seconds: 20)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        fixture.advance(seconds: 30)
        let tasks = try workspaceStatistics(fixture).tasks
        #expect(tasks.longestTaskWaitingSid == nil)
        #expect(tasks.longestTaskWaitingAgeSeconds == 0)
        #expect(tasks.tasksByStatus == TasksByStatus(pending: 0, reserved: 0, assigned: 1, wrapping: 0))
    }

    @Test func kaR04PriorityUpdateMovesPriorityCount() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        try fixture.setCapacity(w1, channel: "default", capacity: 1)
        let first = try fixture.createTask(priority: 3)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: first)).sid)
        let second = try fixture.createTask(priority: 3)
        #expect(try fixture.task(second).assignmentStatus == .pending)
        try fixture.updateTask(second, UpdateTaskRequest(priority: 9))
        let tasks = try workspaceStatistics(fixture).tasks
        #expect(tasks.tasksByPriority == [3: 1, 9: 1])
        #expect(tasks.totalTasks == 2)
    }

    @Test func kaR05WorkerCountsOwnOutcomes() throws {
        let fixture = try EngineFixture()
        try fixture.createCatchAllQueue()
        let w1 = try fixture.createWorker("W1")
        let w2 = try fixture.createWorker("W2")
        let task = try fixture.createTask()
        let first = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(first.workerSid == w1)
        try fixture.reject(first.sid, activity: "Offline")
        let second = try #require(try fixture.pendingReservation(ofTask: task))
        #expect(second.workerSid == w2)
        fixture.advance(seconds: 121)
        #expect(try fixture.reservationStatus(second.sid) == .timeout)
        let firstCounters = try fixture.engine.workerStatistics(workspace: fixture.workspace, sid: w1, account: EngineFixture.account).cumulative
        let secondCounters = try fixture.engine.workerStatistics(workspace: fixture.workspace, sid: w2, account: EngineFixture.account).cumulative
        #expect(firstCounters.reservationsCreated == 1)
        #expect(firstCounters.reservationsRejected == 1)
        #expect(firstCounters.reservationsTimedOut == 0)
        #expect(secondCounters.reservationsCreated == 1)
        #expect(secondCounters.reservationsRejected == 0)
        #expect(secondCounters.reservationsTimedOut == 1)
    }

    @Test func kaR06WorkersStatisticsListEmptyActivities() throws {
        let fixture = try EngineFixture()
        try fixture.createActivity("Training", available: false)
        try fixture.createWorker("a", activity: "Available")
        try fixture.createWorker("b", activity: "Available")
        try fixture.createWorker("c", activity: "Offline")
        let stats = try fixture.engine.workersStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(stats.totalWorkers == 3)
        let byName = workers(in: stats.activityStatistics)
        #expect(byName == ["Available": 2, "Offline": 1, "Unavailable": 0, "Training": 0])
    }

    @Test func kaR07WorkflowCountsOwnTasksOnly() throws {
        let fixture = try EngineFixture()
        let q1 = try fixture.createQueue("Q1")
        let q2 = try fixture.createQueue("Q2")
        let wf1 = try fixture.createWorkflow(#"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(q1)"}}}"#, name: "WF1")
        let wf2 = try fixture.createWorkflow(#"{"task_routing":{"filters":[],"default_filter":{"queue":"\#(q2)"}}}"#, name: "WF2")
        try fixture.createTask(priority: 4, workflow: wf1)
        try fixture.createTask(workflow: wf2)
        try fixture.createTask(workflow: wf2)
        let firstWorkflow = try fixture.engine.workflowStatistics(workspace: fixture.workspace, sid: wf1, account: EngineFixture.account, now: fixture.now)
        let secondWorkflow = try fixture.engine.workflowStatistics(workspace: fixture.workspace, sid: wf2, account: EngineFixture.account, now: fixture.now)
        #expect(firstWorkflow.totalTasks == 1)
        #expect(firstWorkflow.tasksByPriority == [4: 1])
        #expect(secondWorkflow.totalTasks == 2)
        #expect(secondWorkflow.tasksByPriority == [0: 2])
    }

    @Test func kaR08ReservationActivityLeavesAvailableCount() throws {
        let fixture = try EngineFixture(multiTaskEnabled: false)
        try fixture.createActivity("Held", available: false)
        let queue = try fixture.createCatchAllQueue(reservationActivity: "Held")
        try fixture.createWorker("W1")
        let task = try fixture.createTask()
        #expect(try fixture.task(task).assignmentStatus == .reserved)
        let stats = try queueStatistics(fixture, queue)
        #expect(stats.totalAvailableWorkers == 0)
        #expect(stats.totalEligibleWorkers == 1)
        let byName = workers(in: stats.activityStatistics)
        #expect(byName["Held"] == 1)
        #expect(byName["Available"] == 0)
    }

    @Test func kaR09DeletedWorkerLeavesCounts() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        let w1 = try fixture.createWorker("W1")
        try fixture.createWorker("W2")
        fixture.record(try fixture.engine.deleteWorker(workspace: fixture.workspace, sid: w1, account: EngineFixture.account,
                                                       now: fixture.now))
        let stats = try queueStatistics(fixture, queue)
        #expect(stats.totalEligibleWorkers == 1)
        #expect(stats.totalAvailableWorkers == 1)
        #expect(try workspaceStatistics(fixture).totalWorkers == 1)
    }

    @Test func kaR10ActivityDurationsSummariseSeveralPeriods() throws {
        let fixture = try EngineFixture()
        let w1 = try fixture.createWorker("W1")
        try fixture.setActivity(w1, "Offline")
        fixture.advance(seconds: 10)
        try fixture.setActivity(w1, "Available")
        fixture.advance(seconds: 5)
        try fixture.setActivity(w1, "Offline")
        fixture.advance(seconds: 30)
        try fixture.setActivity(w1, "Available")
        let stats = try fixture.engine.workerCumulativeStatistics(workspace: fixture.workspace, sid: w1, CumulativeStatisticsRequest(),
                                                                  account: EngineFixture.account, now: fixture.now)
        let offline = try #require(stats.activityDurations[try fixture.activitySid("Offline")])
        #expect(offline.averageSeconds == 20)
        #expect(offline.minimumSeconds == 10)
        #expect(offline.maximumSeconds == 30)
        #expect(offline.totalSeconds == 40)
        #expect(stats.activityDurations[try fixture.activitySid("Available")]?.totalSeconds == 5)
    }

    @Test func kaR11QueueCountsOwnReservations() throws {
        let fixture = try EngineFixture()
        let qa = try fixture.createQueue("QA", targetWorkers: "team == 'a'")
        let qb = try fixture.createQueue("QB", targetWorkers: "team == 'b'")
        try fixture.createWorkflow(#"{"task_routing":{"filters":[{"expression":"team == 'a'","targets":[{"queue":"\#(qa)"}]}],"default_filter":{"queue":"\#(qb)"}}}"#)
        try fixture.createWorker("A", attributes: #"{"team":"a"}"#)
        try fixture.createWorker("B", attributes: #"{"team":"b"}"#)
        let first = try fixture.createTask(#"{"team":"a"}"#)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: first)).sid)
        let second = try fixture.createTask(#"{"team":"b"}"#)
        // Offline, so that B, the only member of QB, is not offered the task again.
        try fixture.reject(try #require(try fixture.pendingReservation(ofTask: second)).sid, activity: "Offline")
        let teamA = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: qa, account: EngineFixture.account)
        let teamB = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: qb, account: EngineFixture.account)
        #expect(teamA.reservationsCreated == 1)
        #expect(teamA.reservationsAccepted == 1)
        #expect(teamA.reservationsRejected == 0)
        #expect(teamA.tasksEntered == 1)
        #expect(teamB.reservationsCreated == 1)
        #expect(teamB.reservationsAccepted == 0)
        #expect(teamB.reservationsRejected == 1)
        #expect(teamB.tasksEntered == 1)
        let workspace = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(workspace.reservationsCreated == 2)
        #expect(workspace.tasksEntered == 2)
    }

    @Test func kaR12MultiReservedTaskCountsOnce() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createCatchAllQueue(maxReservedWorkers: 3)
        try fixture.createWorker("a")
        try fixture.createWorker("b")
        let task = try fixture.createTask()
        #expect(try fixture.reservations(ofTask: task).count == 2)
        for tasks in [try workspaceStatistics(fixture).tasks, try queueStatistics(fixture, queue).tasks] {
            #expect(tasks.tasksByStatus == TasksByStatus(pending: 0, reserved: 1, assigned: 0, wrapping: 0))
            #expect(tasks.totalTasks == 1)
        }
        let counters = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: EngineFixture.account)
        #expect(counters.reservationsCreated == 2)
    }
}

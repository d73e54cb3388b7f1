import Testing
@testable import AllotCore

/// Tests that one acceptance counts in every scope, in the totals since
/// creation and in the current minute's figures with their wait times.
@Suite struct AcceptanceCountingTests {
    /// Returns a task that waits 10 s in Q1, moves to Q2, and is accepted
    /// there 5 s later by a worker who is a member of Q2 only. Its wait
    /// since creation (15 s) and its wait in the queue (5 s) then differ.
    func acceptedAfterMove() throws -> (fixture: EngineFixture, first: String, second: String, workflow: String, worker: String) {
        let fixture = try EngineFixture()
        let first = try fixture.createQueue("Q1", targetWorkers: "queue == 1")
        let second = try fixture.createQueue("Q2", targetWorkers: "queue == 2")
        let workflow = try fixture.createWorkflow(#"""
        {"task_routing":{"filters":[{"filter_friendly_name":"All","expression":"1==1",
          "targets":[{"queue":"\#(first)","timeout":10},{"queue":"\#(second)"}]}]}}
        """#)
        let worker = try fixture.createWorker("w", attributes: #"{"queue":2}"#)
        let task = try fixture.createTask()
        fixture.advance(seconds: 10)
        fixture.advance(seconds: 5)
        try fixture.accept(try #require(try fixture.pendingReservation(ofTask: task)).sid)
        fixture.engine.checkInvariants()
        return (fixture, first, second, workflow, worker)
    }

    static let window = CumulativeStatisticsRequest(splitByWaitTime: [10, 20])

    @Test func totalsCountInEveryScope() throws {
        let (fixture, first, second, workflow, worker) = try acceptedAfterMove()
        let account = EngineFixture.account
        let workspace = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, account: account)
        let queue = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: second, account: account)
        let left = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: first, account: account)
        let flow = try fixture.engine.workflowCumulativeStatistics(workspace: fixture.workspace, sid: workflow, account: account)
        let person = try fixture.engine.workerStatistics(workspace: fixture.workspace, sid: worker, account: account).cumulative
        for counters in [workspace, queue, flow, person] {
            #expect(counters.reservationsAccepted == 1)
            #expect(counters.waitUntilAccepted.count == 1)
            #expect(counters.waitUntilAccepted.totalSeconds == 15)
        }
        #expect(queue.waitInQueueUntilAccepted.count == 1)
        #expect(queue.waitInQueueUntilAccepted.totalSeconds == 5)
        for counters in [workspace, flow, person, left] {
            #expect(counters.waitInQueueUntilAccepted.count == 0)
        }
        #expect(left.reservationsAccepted == 0)
    }

    @Test func currentMinuteCountsWaitTimes() throws {
        let (fixture, first, second, workflow, worker) = try acceptedAfterMove()
        let account = EngineFixture.account
        let workspace = try fixture.engine.workspaceCumulativeStatistics(workspace: fixture.workspace, Self.window,
                                                                        account: account, now: fixture.now)
        let queue = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: second, Self.window,
                                                                    account: account, now: fixture.now)
        let flow = try fixture.engine.workflowCumulativeStatistics(workspace: fixture.workspace, sid: workflow, Self.window,
                                                                  account: account, now: fixture.now)
        for statistics in [workspace, queue, flow] {
            #expect(statistics.counters.reservationsAccepted == 1)
            #expect(statistics.counters.waitUntilAccepted.totalSeconds == 15)
            // The split counts the wait since creation: above 10 s, below 20 s.
            #expect(statistics.splitByWaitTime.count == 2)
            #expect(statistics.splitByWaitTime.first?.above.reservationsAccepted == 1)
            #expect(statistics.splitByWaitTime.last?.below.reservationsAccepted == 1)
        }
        #expect(queue.counters.waitInQueueUntilAccepted.totalSeconds == 5)
        #expect(workspace.counters.waitInQueueUntilAccepted.count == 0)
        #expect(flow.counters.waitInQueueUntilAccepted.count == 0)

        let left = try fixture.engine.taskQueueCumulativeStatistics(workspace: fixture.workspace, sid: first, Self.window,
                                                                   account: account, now: fixture.now)
        #expect(left.counters.reservationsAccepted == 0)
        #expect(left.splitByWaitTime.first?.above.reservationsAccepted == 0)

        // Workers keep no wait-time histogram, so their window takes no split.
        let person = try fixture.engine.workerCumulativeStatistics(workspace: fixture.workspace, sid: worker,
                                                                  CumulativeStatisticsRequest(), account: account, now: fixture.now)
        #expect(person.counters.reservationsAccepted == 1)
        #expect(person.counters.waitUntilAccepted.totalSeconds == 15)
    }
}

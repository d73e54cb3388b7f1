import Testing
@testable import AllotCore

@Suite struct TaskTallyTests {
    static func entry(_ status: TaskStatus, sequence: Int64, enteredSeconds: Int64 = 0) -> TallyEntry {
        TallyEntry(status: status, priority: 0, createdAt: Timestamp(unixSeconds: sequence),
                   queueEnteredAt: Timestamp(unixSeconds: enteredSeconds), sequence: sequence)
    }

    @Test func queueTalliesSharePositions() {
        var positions = TallyPositions()
        var first = TaskTally(tracksQueueEntry: true)
        var second = TaskTally(tracksQueueEntry: true)
        for index in Int32(0)..<6 {
            let entry = Self.entry(.pending, sequence: Int64(index), enteredSeconds: Int64(10 - index))
            if index % 2 == 0 {
                first.apply(entry, sign: 1, handle: TaskHandle(index), positions: &positions)
            } else {
                second.apply(entry, sign: 1, handle: TaskHandle(index), positions: &positions)
            }
        }
        TaskTally.checkInvariants(of: [first, second], sharing: positions)
        #expect(positions.byAge.count == 6)
        #expect(positions.byQueueEntry.count == 6)
        #expect(first.waitingByAge.min?.id == TaskHandle(0))
        #expect(second.waitingByQueueEntry.min?.id == TaskHandle(5))

        // Task 0 moves to the second queue, leaving the first before entering the second.
        let moved = Self.entry(.pending, sequence: 0, enteredSeconds: 20)
        first.apply(Self.entry(.pending, sequence: 0, enteredSeconds: 10), sign: -1, handle: TaskHandle(0),
                    positions: &positions)
        second.apply(moved, sign: 1, handle: TaskHandle(0), positions: &positions)
        TaskTally.checkInvariants(of: [first, second], sharing: positions)
        #expect(first.pendingCount == 2)
        #expect(second.pendingCount == 4)
        #expect(first.waitingByAge.min?.id == TaskHandle(2))
        #expect(second.waitingByAge.min?.id == TaskHandle(0))
        #expect(second.waitingByQueueEntry.min?.id == TaskHandle(5))
    }

    @Test func assignedTaskLeavesSharedPositions() {
        var positions = TallyPositions()
        var tally = TaskTally()
        let pending = Self.entry(.pending, sequence: 1)
        tally.apply(pending, sign: 1, handle: TaskHandle(3), positions: &positions)
        tally.replace(pending, with: Self.entry(.reserved, sequence: 1), handle: TaskHandle(3), positions: &positions)
        #expect(positions.byAge[TaskHandle(3)] == 0)
        tally.replace(Self.entry(.reserved, sequence: 1), with: Self.entry(.assigned, sequence: 1),
                      handle: TaskHandle(3), positions: &positions)
        TaskTally.checkInvariants(of: [tally], sharing: positions)
        #expect(tally.assignedCount == 1)
        #expect(tally.waitingByAge.isEmpty)
        #expect(positions.byAge.count == 0)
        #expect(positions.byQueueEntry.count == 0)
    }

    @Test func taskInTwoQueuesTraps() async {
        await #expect(processExitsWith: .failure) {
            var positions = TallyPositions()
            var first = TaskTally(tracksQueueEntry: true)
            var second = TaskTally(tracksQueueEntry: true)
            let entry = TaskTallyTests.entry(.pending, sequence: 1)
            first.apply(entry, sign: 1, handle: TaskHandle(0), positions: &positions)
            second.apply(entry, sign: 1, handle: TaskHandle(0), positions: &positions)
        }
    }
}

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

    @Test func replaceMatchesRemoveThenAdd() {
        for seed in UInt64(1)...10 {
            var generator = IndexedHeapTests.SeededGenerator(state: seed)
            var replaced = TaskTally(tracksQueueEntry: true)
            var replacedPositions = TallyPositions()
            var reapplied = TaskTally(tracksQueueEntry: true)
            var reappliedPositions = TallyPositions()
            var current: [TallyEntry] = []
            for index in 0..<40 {
                let entry = Self.randomEntry(using: &generator, sequence: Int64(index))
                replaced.apply(entry, sign: 1, handle: TaskHandle(Int32(index)), positions: &replacedPositions)
                reapplied.apply(entry, sign: 1, handle: TaskHandle(Int32(index)), positions: &reappliedPositions)
                current.append(entry)
            }
            for step in 0..<1_000 {
                let index = Int.random(in: 0..<current.count, using: &generator)
                let handle = TaskHandle(Int32(index))
                var after = Self.randomEntry(using: &generator, sequence: current[index].sequence)
                if Bool.random(using: &generator) {
                    // Most transitions keep the ages, which takes the path that leaves the heaps alone.
                    after.createdAt = current[index].createdAt
                    after.queueEnteredAt = current[index].queueEnteredAt
                }
                replaced.replace(current[index], with: after, handle: handle, positions: &replacedPositions)
                reapplied.apply(current[index], sign: -1, handle: handle, positions: &reappliedPositions)
                reapplied.apply(after, sign: 1, handle: handle, positions: &reappliedPositions)
                current[index] = after

                let context = "seed \(seed), step \(step)"
                #expect(replaced.pendingCount == reapplied.pendingCount, "\(context)")
                #expect(replaced.reservedCount == reapplied.reservedCount, "\(context)")
                #expect(replaced.assignedCount == reapplied.assignedCount, "\(context)")
                #expect(replaced.wrappingCount == reapplied.wrappingCount, "\(context)")
                #expect(replaced.countsByPriority == reapplied.countsByPriority, "\(context)")
                // Keys are unique by sequence, so both heaps visit their tasks in one order,
                // though removing and re-adding a task may leave another layout.
                #expect(Self.inOrder(replaced.waitingByAge) == Self.inOrder(reapplied.waitingByAge), "\(context)")
                #expect(Self.inOrder(replaced.waitingByQueueEntry) == Self.inOrder(reapplied.waitingByQueueEntry),
                        "\(context)")
            }
            TaskTally.checkInvariants(of: [replaced], sharing: replacedPositions)
            TaskTally.checkInvariants(of: [reapplied], sharing: reappliedPositions)
        }
    }

    static func inOrder(_ heap: ExternallyIndexedHeap<TaskHandle, TaskAgeKey>) -> [TaskHandle] {
        var handles: [TaskHandle] = []
        heap.forEachInOrder { entry in
            handles.append(entry.id)
            return true
        }
        return handles
    }

    /// Returns an entry with a random status, one of three priorities and random ages.
    static func randomEntry(using generator: inout IndexedHeapTests.SeededGenerator, sequence: Int64) -> TallyEntry {
        let status = TaskStatus.allCases.randomElement(using: &generator) ?? .pending
        return TallyEntry(status: status, priority: Int.random(in: 0..<3, using: &generator),
                          createdAt: Timestamp(unixSeconds: Int64.random(in: 0..<50, using: &generator)),
                          queueEnteredAt: Timestamp(unixSeconds: Int64.random(in: 0..<50, using: &generator)),
                          sequence: sequence)
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

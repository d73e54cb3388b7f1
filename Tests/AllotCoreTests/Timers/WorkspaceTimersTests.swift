import Testing
@testable import AllotCore

@Suite struct WorkspaceTimersTests {
    private static let start = Timestamp(unixSeconds: 1_700_000_000)

    private static func key(_ seconds: Int, _ sequence: Int64) -> TimerKey {
        TimerKey(deadline: start.adding(seconds: seconds), sequence: sequence)
    }

    /// Returns a random timer of any kind, over a few handles so that IDs repeat.
    private static func randomID(using generator: inout IndexedHeapTests.SeededGenerator) -> TimerID {
        let task = TaskHandle(Int32.random(in: 0..<12, using: &generator))
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: return .taskTimeToLive(task)
        case 1: return .stepTimeout(task)
        case 2: return .assignedLifetime(task)
        case 3: return .reservationTimeout(ReservationHandle(task.index))
        case 4: return .clockMinute
        default: return .retention(task)
        }
    }

    @Test func minTakesEarlierOfBothHeaps() {
        var timers = WorkspaceTimers()
        timers.upsert(.retention(TaskHandle(1)), key: Self.key(30, 1))
        timers.upsert(.taskTimeToLive(TaskHandle(2)), key: Self.key(40, 2))
        #expect(timers.min?.id == .retention(TaskHandle(1)))

        timers.upsert(.stepTimeout(TaskHandle(3)), key: Self.key(20, 3))
        #expect(timers.min?.id == .stepTimeout(TaskHandle(3)))
        #expect(timers.nextDeadline == Self.start.adding(seconds: 20))

        // Equal deadlines fire in arming order, across the heaps too.
        timers.upsert(.retention(TaskHandle(4)), key: Self.key(20, 0))
        #expect(timers.min?.id == .retention(TaskHandle(4)))
        #expect(timers.count == 4)
        timers.checkInvariants()
    }

    @Test func popMinStopsAtDeadline() {
        var timers = WorkspaceTimers()
        timers.upsert(.retention(TaskHandle(1)), key: Self.key(10, 1))
        timers.upsert(.reservationTimeout(ReservationHandle(1)), key: Self.key(20, 2))
        timers.upsert(.retention(TaskHandle(2)), key: Self.key(30, 3))

        #expect(timers.popMin(dueBy: Self.start.adding(seconds: 5)) == nil)
        #expect(timers.count == 3)
        #expect(timers.popMin(dueBy: Self.start.adding(seconds: 25))?.id == .retention(TaskHandle(1)))
        #expect(timers.popMin(dueBy: Self.start.adding(seconds: 25))?.id == .reservationTimeout(ReservationHandle(1)))
        #expect(timers.popMin(dueBy: Self.start.adding(seconds: 25)) == nil)
        #expect(timers.popMin(dueBy: Self.start.adding(seconds: 30))?.id == .retention(TaskHandle(2)))
        #expect(timers.isEmpty)
        timers.checkInvariants()
    }

    @Test func retentionTimersStayOutOfOtherHeap() {
        var timers = WorkspaceTimers()
        let task = TaskHandle(5)
        timers.upsert(.retention(task), key: Self.key(10, 1))
        timers.upsert(.taskTimeToLive(task), key: Self.key(20, 2))
        #expect(timers.retention.count == 1)
        #expect(timers.retention.key(of: task) == Self.key(10, 1))
        #expect(timers.key(of: .retention(task)) == Self.key(10, 1))
        #expect(timers.key(of: .taskTimeToLive(task)) == Self.key(20, 2))

        #expect(timers.remove(.retention(task)) == Self.key(10, 1))
        #expect(timers.remove(.retention(task)) == nil)
        #expect(!timers.contains(.retention(task)))
        #expect(timers.contains(.taskTimeToLive(task)))
        #expect(timers.retention.isEmpty)
        timers.checkInvariants()
    }

    @Test func entriesRebuildSameHeaps() throws {
        var timers = WorkspaceTimers()
        var generator = IndexedHeapTests.SeededGenerator(state: 7)
        for sequence in 0..<200 {
            let id = Self.randomID(using: &generator)
            timers.upsert(id, key: Self.key(Int.random(in: 0..<1_000, using: &generator), Int64(sequence)))
        }
        let entries = Array(timers.entries)
        #expect(entries.count == timers.count)
        let rebuilt = try #require(WorkspaceTimers(entries: entries))
        rebuilt.checkInvariants()
        #expect(Array(rebuilt.entries).map(\.id) == entries.map(\.id))
        #expect(Array(rebuilt.entries).map(\.key) == entries.map(\.key))
    }

    @Test func duplicateEntriesAreRejected() {
        let retention = WorkspaceTimers.Entry(id: .retention(TaskHandle(1)), key: Self.key(10, 1))
        let other = WorkspaceTimers.Entry(id: .stepTimeout(TaskHandle(1)), key: Self.key(10, 2))
        #expect(WorkspaceTimers(entries: [retention, other, retention]) == nil)
        #expect(WorkspaceTimers(entries: [other, retention, other]) == nil)
        #expect(WorkspaceTimers(entries: [retention, other])?.count == 2)
    }

    /// Compares the timers with a list searched linearly, over seeded random
    /// arms, disarms and pops, which is what a single heap of all timers did.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func matchesLinearReference(seed: UInt64) {
        var generator = IndexedHeapTests.SeededGenerator(state: seed)
        var timers = WorkspaceTimers()
        var reference: [TimerID: TimerKey] = [:]
        var sequence: Int64 = 0
        var now = 0
        for step in 0..<2_000 {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<5:
                let id = Self.randomID(using: &generator)
                let key = Self.key(now + Int.random(in: 0..<300, using: &generator), sequence)
                sequence += 1
                timers.upsert(id, key: key)
                reference[id] = key
            case 5..<7:
                let id = Self.randomID(using: &generator)
                #expect(timers.remove(id) == reference.removeValue(forKey: id), "seed \(seed), step \(step)")
            default:
                now += Int.random(in: 0..<40, using: &generator)
                let due = Self.start.adding(seconds: now)
                let expected = reference.filter { $0.value.deadline <= due }.min { $0.value < $1.value }
                let popped = timers.popMin(dueBy: due)
                #expect(popped?.id == expected?.key, "seed \(seed), step \(step)")
                #expect(popped?.key == expected?.value, "seed \(seed), step \(step)")
                if let expected { reference[expected.key] = nil }
            }
            timers.checkInvariants()
            #expect(timers.count == reference.count, "seed \(seed), step \(step)")
            #expect(timers.min?.key == reference.values.min(), "seed \(seed), step \(step)")
            #expect(timers.nextDeadline == reference.values.min()?.deadline, "seed \(seed), step \(step)")
            let id = Self.randomID(using: &generator)
            #expect(timers.contains(id) == (reference[id] != nil), "seed \(seed), step \(step)")
            #expect(timers.key(of: id) == reference[id], "seed \(seed), step \(step)")
        }
    }
}

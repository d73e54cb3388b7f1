import Testing
@testable import AllotCore

@Suite struct IdleOrderTests {
    func member(_ slot: Int32) -> MemberSlot {
        MemberSlot(slot: slot, worker: WorkerHandle(slot + 100))
    }

    func walk(_ order: IdleOrder) -> [Int32] {
        var slots: [Int32] = []
        order.forEachInOrder { entry in
            slots.append(entry.id.slot)
            return true
        }
        return slots
    }

    @Test func newestKeysGoToTheBack() {
        var order = IdleOrder()
        for slot in Int32(0)..<4 { order.upsert(member(slot), key: WorkerIdleKey(ticket: Int64(slot), sequence: 0)) }
        order.upsert(member(1), key: WorkerIdleKey(ticket: 10, sequence: 0))
        order.checkInvariants()
        #expect(walk(order) == [0, 2, 3, 1])
    }

    @Test func olderKeysMergeIntoTheWalk() {
        var order = IdleOrder()
        for slot in Int32(0)..<4 { order.upsert(member(slot), key: WorkerIdleKey(ticket: Int64(10 * slot), sequence: 0)) }
        order.remove(member(2))
        order.upsert(member(2), key: WorkerIdleKey(ticket: 5, sequence: 0))
        order.checkInvariants()
        #expect(walk(order) == [0, 2, 1, 3])
        #expect(order.count == 4)
    }

    @Test func tailTakesNewestKeyInPlace() {
        var order = IdleOrder()
        for slot in Int32(0)..<3 { order.upsert(member(slot), key: WorkerIdleKey(ticket: Int64(slot), sequence: 0)) }
        order.upsert(member(2), key: WorkerIdleKey(ticket: 10, sequence: 0))
        order.checkInvariants()
        #expect(walk(order) == [0, 1, 2])
        #expect(order.key(of: member(2)) == WorkerIdleKey(ticket: 10, sequence: 0))
    }

    @Test func keyOfReadsBothParts() {
        var order = IdleOrder()
        order.upsert(member(0), key: WorkerIdleKey(ticket: 10, sequence: 0))
        // A key below the newest goes to the heap part.
        order.upsert(member(1), key: WorkerIdleKey(ticket: 5, sequence: 0))
        #expect(order.key(of: member(0)) == WorkerIdleKey(ticket: 10, sequence: 0))
        #expect(order.key(of: member(1)) == WorkerIdleKey(ticket: 5, sequence: 0))
        #expect(order.key(of: member(2)) == nil)
        order.remove(member(0))
        #expect(order.key(of: member(0)) == nil)
    }

    @Test func randomChangesMatchSortedKeys() {
        var generator = IndexedHeapTests.SeededGenerator(state: 23)
        var order = IdleOrder()
        var expected: [Int32: WorkerIdleKey] = [:]
        var nextTicket: Int64 = 1_000
        for _ in 0..<3_000 {
            let slot = Int32.random(in: 0..<40, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                order.remove(member(slot))
                expected[slot] = nil
            case 1:
                nextTicket += 1
                let key = WorkerIdleKey(ticket: nextTicket, sequence: Int64(slot))
                order.upsert(member(slot), key: key)
                expected[slot] = key
            default:
                let key = WorkerIdleKey(ticket: Int64.random(in: 0..<nextTicket, using: &generator), sequence: Int64(slot))
                order.upsert(member(slot), key: key)
                expected[slot] = key
            }
            order.checkInvariants()
            #expect(order.key(of: member(slot)) == expected[slot])
            #expect(walk(order) == expected.sorted { $0.value < $1.value }.map(\.key))
        }
    }
}

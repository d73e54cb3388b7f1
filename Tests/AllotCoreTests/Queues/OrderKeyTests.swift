import Testing
@testable import AllotCore

@Suite struct OrderKeyTests {
    let minute: Int64 = 60_000

    @Test func fifoOrdersByPriorityThenVirtualStartTime() {
        // A(50, 10:00), B(75, 10:01), C(20, 10:03), D(50, 10:03) are offered B, A, D, C.
        let base = Timestamp(unixMilliseconds: 0)
        let keys: [(String, TaskOrderKey)] = [
            ("A", .fifo(priority: 50, virtualStartTime: base, sequence: 1)),
            ("B", .fifo(priority: 75, virtualStartTime: base.adding(milliseconds: minute), sequence: 2)),
            ("C", .fifo(priority: 20, virtualStartTime: base.adding(milliseconds: 3 * minute), sequence: 3)),
            ("D", .fifo(priority: 50, virtualStartTime: base.adding(milliseconds: 3 * minute), sequence: 4)),
        ]
        #expect(keys.sorted { $0.1 < $1.1 }.map(\.0) == ["B", "A", "D", "C"])
    }

    @Test func lifoIgnoresPriorityAndTakesNewestFirst() {
        let base = Timestamp(unixMilliseconds: 0)
        let keys = (1...5).map { index in
            ("L\(index)", TaskOrderKey.lifo(virtualStartTime: base.adding(milliseconds: Int64(index)), sequence: Int64(index)))
        }
        #expect(keys.sorted { $0.1 < $1.1 }.map(\.0) == ["L5", "L4", "L3", "L2", "L1"])
    }

    /// The earliest instant has no negation in `Int64`. The key saturates
    /// instead of overflowing and still puts the newest task first.
    @Test func lifoKeyOfEarliestInstantSortsLast() {
        let earliest = TaskOrderKey.lifo(virtualStartTime: Timestamp(unixMilliseconds: Int64.min), sequence: 1)
        let later = TaskOrderKey.lifo(virtualStartTime: Timestamp(unixMilliseconds: Int64.min + 1), sequence: 2)
        #expect(later < earliest)
    }

    @Test func neverReservedWorkersComeBeforeReservedOnes() {
        let fresh = WorkerIdleKey(ticket: WorkspaceState.neverReservedTicket(sequence: 9), sequence: 9)
        let older = WorkerIdleKey(ticket: WorkspaceState.neverReservedTicket(sequence: 3), sequence: 3)
        let reserved = WorkerIdleKey(ticket: 1, sequence: 1)
        #expect(older < fresh)
        #expect(fresh < reserved)
    }
}

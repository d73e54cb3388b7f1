import Testing
@testable import AllotCore

@Suite struct TimerPositionsTests {
    @Test func kindsOfOneHandleKeepSeparatePositions() {
        var positions = TimerPositions()
        let task = TaskHandle(7)
        positions[.taskTimeToLive(task)] = 0
        positions[.stepTimeout(task)] = 1
        positions[.retention(task)] = 2
        positions[.reservationTimeout(ReservationHandle(7))] = 3
        positions[.clockMinute] = 4
        #expect(positions[.taskTimeToLive(task)] == 0)
        #expect(positions[.stepTimeout(task)] == 1)
        #expect(positions[.assignedLifetime(task)] == nil)
        #expect(positions[.retention(task)] == 2)
        #expect(positions[.reservationTimeout(ReservationHandle(7))] == 3)
        #expect(positions[.clockMinute] == 4)
        #expect(positions.count == 5)

        #expect(positions.removeValue(forKey: .stepTimeout(task)) == 1)
        #expect(positions.removeValue(forKey: .stepTimeout(task)) == nil)
        #expect(positions.removeValue(forKey: .clockMinute) == 4)
        #expect(positions.count == 3)
        positions.checkInvariants()

        positions.removeAll()
        #expect(positions.count == 0)
        #expect(positions[.taskTimeToLive(task)] == nil)
    }

    @Test func duplicateIDsAreRejected() {
        let ids: [TimerID] = [.taskTimeToLive(TaskHandle(1)), .stepTimeout(TaskHandle(1)), .taskTimeToLive(TaskHandle(1))]
        #expect(TimerPositions(uniqueIDs: ids) == nil)
        let positions = TimerPositions(uniqueIDs: ids.dropLast())
        #expect(positions?[.stepTimeout(TaskHandle(1))] == 1)
    }

    @Test func heapPopsTimersInDeadlineOrder() {
        var heap = TimerHeap()
        let start = Timestamp(unixSeconds: 1_700_000_000)
        heap.upsert(.retention(TaskHandle(2)), key: TimerKey(deadline: start.adding(seconds: 30), sequence: 0))
        heap.upsert(.taskTimeToLive(TaskHandle(2)), key: TimerKey(deadline: start.adding(seconds: 10), sequence: 1))
        heap.upsert(.reservationTimeout(ReservationHandle(2)), key: TimerKey(deadline: start.adding(seconds: 20), sequence: 2))
        heap.checkInvariants()
        #expect(heap.popMin()?.id == .taskTimeToLive(TaskHandle(2)))
        #expect(heap.popMin()?.id == .reservationTimeout(ReservationHandle(2)))
        #expect(heap.popMin()?.id == .retention(TaskHandle(2)))
        #expect(heap.popMin() == nil)
    }
}

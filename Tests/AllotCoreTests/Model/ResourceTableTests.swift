import Testing
@testable import AllotCore

@Suite struct ResourceTableTests {
    private static func task(_ low: UInt64, attributes: AttributeValue = .null, reason: String? = nil) -> TaskRecord {
        let now = Timestamp(unixSeconds: 1_700_000_000)
        return TaskRecord(sidValue: SidValue(high: 1, low: low), sequence: Int64(low), createdAt: now, updatedAt: now,
                          attributes: attributes, priority: 0, timeoutSeconds: 60, channel: ChannelHandle(0),
                          virtualStartTime: now, ignoreCapacity: false, reason: reason, filterEnteredAt: now,
                          queueEnteredAt: now, reservations: [ReservationHandle(Int32(low))])
    }

    @Test func removeFreesSlotAndSid() {
        var table = ResourceTable<TaskRecord>()
        let first = table.insert(Self.task(1, reason: "first"))
        let second = table.insert(Self.task(2, reason: "second"))
        let firstSid = table[first].sid
        let secondSid = table[second].sid

        table.remove(first)
        table.checkInvariants()
        #expect(table.count == 1)
        #expect(!table.contains(first))
        #expect(table.handle(forSid: firstSid) == nil)
        #expect(table.handle(forSid: secondSid) == second)
        #expect(table[second].reason == "second")
        #expect(table[second].reservations == [ReservationHandle(2)])
    }

    @Test func onlyHandleFindsSoleRecord() {
        var table = ResourceTable<TaskRecord>()
        #expect(table.onlyHandle == nil)
        let first = table.insert(Self.task(1))
        #expect(table.onlyHandle == first)
        let second = table.insert(Self.task(2))
        #expect(table.onlyHandle == nil)
        table.remove(first)
        #expect(table.onlyHandle == second)
        table.remove(second)
        #expect(table.onlyHandle == nil)
    }

    @Test func removedSlotIsReused() {
        var table = ResourceTable<TaskRecord>()
        let first = table.insert(Self.task(1))
        _ = table.insert(Self.task(2))
        table.remove(first)

        let third = table.insert(Self.task(3, reason: "third"))
        table.checkInvariants()
        #expect(third == first)
        #expect(table.count == 2)
        #expect(table[third].reason == "third")
        #expect(table[third].sidValue == SidValue(high: 1, low: 3))
        #expect(table.handle(forSid: table[third].sid) == third)
    }

    @Test func sidMatchesRecordSid() {
        var table = ResourceTable<TaskRecord>()
        let handle = table.insert(Self.task(42))
        #expect(table.infoSid(at: handle).text == table[handle].sid)
        #expect(table.infoSid(at: handle).text == SidValue(high: 1, low: 42).formatted(TaskRecord.sidPrefix))
    }

    @Test func removeReleasesRecordStorage() {
        var table = ResourceTable<TaskRecord>()
        // A string too long to store inline, so that the record owns a buffer.
        let reason = String(repeating: "r", count: 64)
        let handle = table.insert(Self.task(1, reason: reason))
        let before = table[handle].reason
        table.remove(handle)
        table.checkInvariants()
        #expect(before == reason)
        #expect(table.slots[Int(handle.index)].reason == nil)
        #expect(table.slots[Int(handle.index)].reservations.isEmpty)
    }
}

import Testing
@testable import AllotCore

@Suite struct EventRingTests {
    func event(_ type: EventType = .taskCreated, delivered: Bool = true) -> EngineEvent {
        EngineEvent(sequence: 0, sidValue: SidValue(high: 0, low: 1), type: type, timestamp: Timestamp(unixMilliseconds: 0), accountSid: "AC",
                    workspaceSid: "WS", resource: EventSid(SidValue(high: 0, low: 2), .task), resourceText: nil, isDelivered: delivered, data: EventData())
    }

    @Test func sequencesStartAtOneAndIncrease() {
        var ring = EventRing(capacity: 4)
        let first = ring.append(event())
        let second = ring.append(event())
        #expect(first.sequence == 1)
        #expect(second.sequence == 2)
        ring.checkInvariants()
    }

    @Test func readerResumesAfterASequence() throws {
        var ring = EventRing(capacity: 10)
        for _ in 0..<5 { _ = ring.append(event()) }
        #expect(try ring.events(after: 2, limit: 10, deliveredOnly: false).map(\.sequence) == [3, 4, 5])
        #expect(try ring.events(after: 5, limit: 10, deliveredOnly: false).isEmpty)
        #expect(try ring.events(after: 0, limit: 2, deliveredOnly: false).map(\.sequence) == [1, 2])
    }

    /// `Engine.events` is public and takes any sequence number. Nothing
    /// follows the largest one, and asking for it must not overflow.
    @Test func nothingFollowsLargestSequence() throws {
        var ring = EventRing(capacity: 3)
        for _ in 0..<7 { _ = ring.append(event()) }
        #expect(try ring.events(after: UInt64.max, limit: 10, deliveredOnly: false).isEmpty)
        #expect(try ring.events(after: UInt64.max - 1, limit: 10, deliveredOnly: false).isEmpty)
    }

    @Test func overwrittenEventsGiveOutOfRange() throws {
        var ring = EventRing(capacity: 3)
        for _ in 0..<7 { _ = ring.append(event()) }
        ring.checkInvariants()
        #expect(ring.oldestSequence == 5)
        #expect(try ring.events(after: 4, limit: 10, deliveredOnly: false).map(\.sequence) == [5, 6, 7])
        do {
            _ = try ring.events(after: 3, limit: 10, deliveredOnly: false)
            Issue.record("a reader behind the ring was served")
        } catch {
            #expect(error.code == .outOfRange)
        }
    }

    @Test func deliveredOnlySkipsFilteredEvents() throws {
        var ring = EventRing(capacity: 10)
        _ = ring.append(event(delivered: true))
        _ = ring.append(event(delivered: false))
        _ = ring.append(event(delivered: true))
        #expect(try ring.events(after: 0, limit: 10, deliveredOnly: true).map(\.sequence) == [1, 3])
    }

    @Test func emptyRingNamesNextSequence() throws {
        let ring = EventRing(capacity: 4, nextSequence: 37)
        do {
            _ = try ring.events(after: 30, limit: 10, deliveredOnly: false)
            Issue.record("a reader of an empty restored ring was served")
        } catch {
            #expect(error.code == .outOfRange)
            #expect(error.message.contains("no events are held"))
            #expect(error.message.contains("the next event will have sequence 37. Resume from 36, or read without AfterSequence"))
            #expect(!error.message.contains("oldest held"))
        }
        #expect(try ring.events(after: 36, limit: 10, deliveredOnly: false).isEmpty)
    }

    /// The ring keeps fields, not the appended objects, so what a reader gets
    /// back is rebuilt and must equal what `append` returned, field for field.
    @Test func heldEventsReadBackUnchanged() throws {
        var ring = EventRing(capacity: 3)
        var appended: [EngineEvent] = []
        for index in 0..<5 {
            let data = EventData { fields in
                fields.taskSid = EventSid(SidValue(high: 7, low: UInt64(index)), .task)
                fields.taskQueueName = "queue \(index)"
                fields.taskPriority = index
                fields.taskAttributes = .string("attributes \(index)")
            }
            let event = EngineEvent(sequence: 0, sidValue: SidValue(high: 1, low: UInt64(index)), type: .reservationCreated,
                                    timestamp: Timestamp(unixMilliseconds: Int64(index)), accountSid: "AC-account",
                                    workspaceSid: "WS-workspace", resource: nil, resourceText: "resource \(index)",
                                    isDelivered: index != 3, data: data, causedByTimer: index == 4)
            appended.append(ring.append(event))
        }
        let read = try ring.events(after: 2, limit: 10, deliveredOnly: false)
        #expect(read == Array(appended[2...]))
        #expect(read.map(\.data.taskQueueName) == ["queue 2", "queue 3", "queue 4"])
        #expect(read.map(\.resourceSid) == ["resource 2", "resource 3", "resource 4"])
        #expect(read.allSatisfy { $0.accountSid == "AC-account" })
        #expect(read.allSatisfy { $0.workspaceSid == "WS-workspace" })
        #expect(read.map(\.causedByTimer) == [false, false, true])
        #expect(try ring.events(after: 2, limit: 10, deliveredOnly: true).map(\.sequence) == [3, 5])
        var visited: [UInt64] = []
        ring.forEach { entry in visited.append(ring.event(entry).sequence) }
        #expect(visited == [3, 4, 5])
    }
}

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
}

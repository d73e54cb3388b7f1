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

    /// Makes an event with fields that differ by `index`, including a rarely
    /// set one. Calling it twice gives equal but separate events, so that a
    /// test can keep one without keeping the ring's event referenced.
    static func numberedEvent(_ index: Int) -> EngineEvent {
        let data = EventData { fields in
            fields.taskSid = EventSid(SidValue(high: 7, low: UInt64(index)), .task)
            fields.taskQueueName = "queue \(index)"
            fields.taskAttributes = .string("attributes \(index)")
            if index % 3 == 0 { fields.taskCanceledReason = "reason \(index)" }
        }
        return EngineEvent(sequence: 0, sidValue: SidValue(high: 1, low: UInt64(index)), type: .taskCreated,
                           timestamp: Timestamp(unixMilliseconds: Int64(index)), accountSid: "AC-account",
                           workspaceSid: "WS-workspace", resource: nil, resourceText: "resource \(index)",
                           isDelivered: index % 4 != 1, data: data)
    }

    /// Returns `numberedEvent(index)` with the sequence the ring gives it.
    static func expectedEvent(_ index: Int, sequence: UInt64) -> EngineEvent {
        var event = numberedEvent(index)
        event.sequence = sequence
        return event
    }

    /// Events that a caller still refers to wait outside the slots, and
    /// reads find them there and, once they moved in, in the slots.
    @Test func heldEventsReadBackAcrossMove() throws {
        var ring = EventRing(capacity: 3)
        for index in 0..<4 { _ = ring.append(Self.numberedEvent(index)) }
        // The caller keeps these two, so they stay pending while the ring
        // is full and two older slots are pushed out.
        var heldByCaller = [ring.append(Self.numberedEvent(4)), ring.append(Self.numberedEvent(5))]
        ring.checkInvariants()
        #expect(ring.count == 3)
        #expect(ring.oldestSequence == 4)
        let expected = (3...5).map { Self.expectedEvent($0, sequence: UInt64($0 + 1)) }
        #expect(try ring.events(after: 3, limit: 10, deliveredOnly: false) == expected)
        #expect(try ring.events(after: 4, limit: 1, deliveredOnly: false) == [expected[1]])
        var visited: [EngineEvent] = []
        ring.forEach { entry in visited.append(ring.event(entry)) }
        #expect(visited == expected)
        #expect(throws: EngineError.self) { try ring.events(after: 2, limit: 10, deliveredOnly: false) }

        heldByCaller.removeAll()
        _ = ring.append(Self.numberedEvent(6))
        ring.checkInvariants()
        let later = (4...6).map { Self.expectedEvent($0, sequence: UInt64($0 + 1)) }
        #expect(try ring.events(after: 4, limit: 10, deliveredOnly: false) == later)
        #expect(try ring.events(after: 4, limit: 10, deliveredOnly: true).map(\.sequence) == [5, 7])
    }

    /// A caller that keeps every event makes the ring copy the oldest
    /// pending ones, so the pending events stay within their limit.
    @Test func eventsHeldPastPendingLimitAreCopied() throws {
        let total = EventRing.maximumPendingEvents + 20
        var ring = EventRing(capacity: total + 10)
        var heldByCaller: [EngineEvent] = []
        for index in 0..<total {
            heldByCaller.append(ring.append(Self.numberedEvent(index)))
            ring.checkInvariants()
        }
        #expect(ring.count == total)
        let expected = (0..<total).map { Self.expectedEvent($0, sequence: UInt64($0 + 1)) }
        #expect(try ring.events(after: 0, limit: 10_000, deliveredOnly: false) == expected)
        #expect(heldByCaller == expected)
    }

    /// Compares the ring with a plain array of the newest events through
    /// random appends, where the caller keeps some events for a while.
    @Test func randomAppendsMatchModel() throws {
        for seed in UInt64(1)...10 {
            var generator = IndexedHeapTests.SeededGenerator(state: seed)
            let capacity = Int.random(in: 1...80, using: &generator)
            var ring = EventRing(capacity: capacity)
            var model: [EngineEvent] = []
            var heldByCaller: [EngineEvent] = []
            for index in 0..<400 {
                let appended = ring.append(Self.numberedEvent(index))
                model.append(Self.expectedEvent(index, sequence: appended.sequence))
                if model.count > capacity { model.removeFirst() }
                if Int.random(in: 0..<4, using: &generator) == 0 { heldByCaller.append(appended) }
                if Int.random(in: 0..<8, using: &generator) == 0 { heldByCaller.removeAll() }
                ring.checkInvariants()
                let context = "seed \(seed), capacity \(capacity), event \(index)"
                #expect(ring.count == model.count, "\(context)")
                #expect(ring.oldestSequence == model[0].sequence, "\(context)")
                let after = model[0].sequence - 1 + UInt64(Int.random(in: 0..<model.count, using: &generator))
                let read = try ring.events(after: after, limit: capacity, deliveredOnly: false)
                #expect(read == Array(model.drop { $0.sequence <= after }), "\(context)")
            }
        }
    }
}

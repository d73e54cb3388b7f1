import Testing
@testable import AllotCore

/// Checks that an event takes over its data's object only when nothing else
/// refers to it, so that no event or data value changes through another.
@Suite struct EventStorageTests {
    func event(_ type: EventType, low: UInt64, data: consuming EventData) -> EngineEvent {
        EngineEvent(sequence: low, sidValue: SidValue(high: 0, low: low), type: type, timestamp: Timestamp(unixMilliseconds: Int64(low)),
                    accountSid: "AC", workspaceSid: "WS", resource: nil, resourceText: "WS\(low)", isDelivered: true, data: data)
    }

    @Test func dataKeptByCallerStaysSeparate() {
        var data = EventData()
        data.taskPriority = 1
        let created = event(.taskCreated, low: 1, data: data)
        data.taskPriority = 2
        #expect(created.data.taskPriority == 1)
        #expect(data.taskPriority == 2)
    }

    @Test func changingEventDataLeavesEventAlone() {
        var data = EventData()
        data.taskPriority = 1
        let created = event(.taskCreated, low: 1, data: data)
        var copy = created.data
        copy.taskPriority = 3
        #expect(created.data.taskPriority == 1)
        #expect(copy.taskPriority == 3)
    }

    @Test func eventsFromSharedDataKeepOwnHeaders() {
        var data = EventData()
        data.taskPriority = 1
        let created = event(.taskCreated, low: 1, data: data)
        let entered = event(.workflowEntered, low: 2, data: created.data)
        #expect(created.type == .taskCreated)
        #expect(created.sidValue == SidValue(high: 0, low: 1))
        #expect(created.timestamp == Timestamp(unixMilliseconds: 1))
        #expect(created.resourceSid == "WS1")
        #expect(entered.type == .workflowEntered)
        #expect(entered.sidValue == SidValue(high: 0, low: 2))
        #expect(entered.resourceSid == "WS2")
        #expect(entered.data == created.data)
    }

    @Test func unsharedDataBecomesEventStorage() {
        var data = EventData()
        data.taskPriority = 4
        let created = event(.taskCreated, low: 1, data: consume data)
        #expect(created.type == .taskCreated)
        #expect(created.data.taskPriority == 4)
    }

    /// Rarely set fields live in a group that exists only while one of them
    /// is set, so that clearing them leaves fields equal to unset ones.
    @Test func clearedRareFieldEqualsUnset() {
        var data = EventData()
        data.taskCanceledReason = "no longer needed"
        data.workerChannelCapacity = 2
        #expect(data.taskCanceledReason == "no longer needed")
        #expect(data.workerChannelCapacity == 2)
        #expect(data != EventData())
        data.taskCanceledReason = nil
        #expect(data != EventData())
        data.workerChannelCapacity = nil
        #expect(data == EventData())
        #expect(data.hashValue == EventData().hashValue)
    }

    /// The rarely set fields sit in a shared object, which a copy of the
    /// data must not change, and which compares by value.
    @Test func rareFieldsCompareByValue() {
        var first = EventData()
        first.activityName = "Break"
        first.workerChannelTaskCount = 3
        var second = EventData()
        second.activityName = "Break"
        second.workerChannelTaskCount = 3
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)

        var changed = first
        changed.activityName = "Lunch"
        #expect(first.activityName == "Break")
        #expect(changed.activityName == "Lunch")
        #expect(changed.workerChannelTaskCount == 3)
        #expect(changed != first)
    }
}

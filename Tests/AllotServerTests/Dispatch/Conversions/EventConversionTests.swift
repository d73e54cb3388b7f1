@testable import AllotCore
@testable import AllotServer
import AllotWire
import Testing

@Suite struct EventConversionTests {
    private func event(_ type: EventType, causedByTimer: Bool) -> EngineEvent {
        EngineEvent(sequence: 1, sidValue: SidValue(high: 0, low: 1), type: type, timestamp: Timestamp(unixMilliseconds: 0), accountSid: "AC1",
                    workspaceSid: "WS1", resource: EventSid(SidValue(high: 0, low: 2), .worker), resourceText: nil, isDelivered: true, data: EventData(), causedByTimer: causedByTimer)
    }

    @Test func timerCausedEventsReportSystem() {
        let timedOut = Wire.Event(event(.workerActivityUpdate, causedByTimer: true), workspaceName: "Desk")
        #expect(timedOut.actorType == "system")
        #expect(timedOut.actorSID == "")
        let called = Wire.Event(event(.workerActivityUpdate, causedByTimer: false), workspaceName: "Desk")
        #expect(called.actorType == "account")
        #expect(called.actorSID == "AC1")
        let routed = Wire.Event(event(.reservationCreated, causedByTimer: false), workspaceName: "Desk")
        #expect(routed.actorType == "system")
    }

    @Test func eventDataNamesWorkerAndChannelFields() {
        var data = EventData()
        data.workerAttributes = .object(AttributeObject([(key: "level", value: .number(3))]))
        data.workerVersion = 4
        data.workerChannelAvailableCapacity = 2
        data.workerChannelTaskCount = 1
        data.taskChannelName = "Email"
        data.taskChannelOptimizedRouting = false
        let text = data.jsonText
        #expect(text.contains(#""worker_attributes":"{\"level\":3}""#))
        #expect(text.contains(#""worker_version":4"#))
        #expect(text.contains(#""worker_channel_available_capacity":2"#))
        #expect(text.contains(#""worker_channel_task_count":1"#))
        #expect(text.contains(#""task_channel_name":"Email""#))
        #expect(text.contains(#""task_channel_optimized_routing":false"#))
    }
}

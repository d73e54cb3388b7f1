@testable import AllotCore
@testable import AllotServer
import Testing

/// Which events a subscription lets through, checked on events built by hand.
@Suite struct EventSubscriberTests {
    private static let workerBits = SidValue(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210)
    private static let otherWorkerBits = SidValue(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3211)

    private static func connection() throws -> ConnectionHandle {
        let mailbox = try Mailbox(logger: Logger(minimumLevel: .error))
        return ConnectionHandle(id: 1, account: Account(sid: "AC1", isAdministrator: false), peer: "test", mailbox: mailbox, maximumQueuedPushes: 8)
    }

    private static func event(_ type: EventType, worker: SidValue?, isDelivered: Bool = true) -> EngineEvent {
        var data = EventData()
        if let worker { data.setSid(.worker, EventSid(worker, .worker)) }
        return EngineEvent(sequence: 1, sidValue: SidValue(high: 0, low: 1), type: type, timestamp: Timestamp(unixMilliseconds: 0),
                           accountSid: "AC1", workspaceSid: "WS1", resource: EventSid(SidValue(high: 0, low: 2), .reservation),
                           resourceText: nil, isDelivered: isDelivered, data: data)
    }

    private static func workerSubscriber(_ sid: String) throws -> EventSubscriber {
        EventSubscriber(id: 1, connection: try connection(), workerSid: sid, eventTypes: nil)
    }

    @Test func workerSubscriptionMatchesItsWorker() throws {
        let sid = EventSid(Self.workerBits, .worker).text
        let subscriber = try Self.workerSubscriber(sid)
        #expect(subscriber.accepts(Self.event(.reservationCreated, worker: Self.workerBits)))
        #expect(!subscriber.accepts(Self.event(.reservationCreated, worker: Self.otherWorkerBits)))
        #expect(!subscriber.accepts(Self.event(.reservationCreated, worker: nil)))
    }

    @Test func workerSubscriptionIgnoresEventsFilter() throws {
        let subscriber = try Self.workerSubscriber(EventSid(Self.workerBits, .worker).text)
        #expect(subscriber.accepts(Self.event(.reservationAccepted, worker: Self.workerBits, isDelivered: false)))
    }

    @Test func workerSubscriptionTakesOnlyReservations() throws {
        let subscriber = try Self.workerSubscriber(EventSid(Self.workerBits, .worker).text)
        #expect(!subscriber.accepts(Self.event(.taskCreated, worker: Self.workerBits)))
    }

    @Test func upperCaseWorkerSidMatchesNothing() throws {
        // Upper-case hex is not the generated form, so no generated SID matches it.
        let upper = "WK" + EventSid(Self.workerBits, .worker).text.dropFirst(2).uppercased()
        let subscriber = try Self.workerSubscriber(upper)
        #expect(!subscriber.accepts(Self.event(.reservationCreated, worker: Self.workerBits)))
    }

    @Test func workspaceSubscriptionFollowsEventsFilter() throws {
        let subscriber = EventSubscriber(id: 1, connection: try Self.connection(), workerSid: nil, eventTypes: nil)
        #expect(subscriber.accepts(Self.event(.taskCreated, worker: nil)))
        #expect(!subscriber.accepts(Self.event(.taskCreated, worker: nil, isDelivered: false)))
    }

    @Test func eventTypesLimitEverySubscription() throws {
        let types: Set<EventType> = [.reservationAccepted]
        let subscriber = EventSubscriber(id: 1, connection: try Self.connection(), workerSid: nil, eventTypes: types)
        #expect(subscriber.accepts(Self.event(.reservationAccepted, worker: nil)))
        #expect(!subscriber.accepts(Self.event(.reservationCreated, worker: nil)))
    }
}

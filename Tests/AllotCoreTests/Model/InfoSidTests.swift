import Testing
@testable import AllotCore

/// SIDs of returned values, which the engine keeps as bits until read. They
/// must read as the formatted text, and compare and hash as that text,
/// whether they hold bits or text that a caller set.
@Suite struct InfoSidTests {
    static let value = SidValue(high: 0x1, low: 0xfedc_ba98_7654_3210)
    static let text = "WT0000000000000001fedcba9876543210"

    @Test func bitsReadAsFormattedText() {
        #expect(InfoSid(Self.value, .task).text == Self.text)
        #expect(InfoSid(Self.value, .worker).text == "WK0000000000000001fedcba9876543210")
        #expect(InfoSid(text: Self.text).text == Self.text)
    }

    @Test func bitsEqualSameText() {
        let bits = InfoSid(Self.value, .task)
        let text = InfoSid(text: Self.text)
        #expect(bits == text)
        #expect(text == bits)
        #expect(bits.hashValue == text.hashValue)
        #expect(Set([bits, text]).count == 1)
    }

    @Test func differentSidsUnequal() {
        let bits = InfoSid(Self.value, .task)
        #expect(bits != InfoSid(Self.value, .worker))
        #expect(bits != InfoSid(SidValue(high: 0x1, low: 0xfedc_ba98_7654_3211), .task))
        #expect(bits != InfoSid(SidValue(high: 0x2, low: 0xfedc_ba98_7654_3210), .task))
        // The engine's lookups accept only lowercase hex, so the text differs.
        #expect(bits != InfoSid(text: "WT0000000000000001FEDCBA9876543210"))
        #expect(bits != InfoSid(text: ""))
    }

    @Test func taskInfoSidSetAsTextEqualsBits() throws {
        let fixture = try EngineFixture(configuration: EngineConfiguration(shardCount: 1))
        try fixture.createCatchAllQueue()
        let task = try fixture.createTask()
        let info = try fixture.task(task)
        #expect(info.sid == task)
        #expect(Sid.isValid(info.sid, prefix: .task))
        #expect(try fixture.task(info.sid) == info)

        var copy = info
        copy.sid = String(task)
        #expect(copy.sid == task)
        #expect(copy == info)
        #expect(copy.hashValue == info.hashValue)
        #expect(Set([info, copy]).count == 1)

        copy.sid = "WT" + String(repeating: "0", count: 32)
        #expect(copy != info)
    }

    @Test func reservationInfoSidsSetAsTextEqualBits() throws {
        let fixture = try EngineFixture(configuration: EngineConfiguration(shardCount: 1))
        try fixture.createCatchAllQueue()
        let worker = try fixture.createWorker("W1")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        let created = try #require(fixture.events.last { $0.type == .reservationCreated })
        #expect(reservation.sid == created.data.reservationSid)
        #expect(Sid.isValid(reservation.sid, prefix: .reservation))
        #expect(reservation.taskSid == task)
        #expect(reservation.workerSid == worker)

        var copy = reservation
        copy.sid = String(reservation.sid)
        copy.taskSid = String(task)
        copy.workerSid = String(worker)
        #expect(copy == reservation)
        #expect(copy.hashValue == reservation.hashValue)

        copy.workerSid = "WK" + String(repeating: "0", count: 32)
        #expect(copy != reservation)
        #expect(copy.workerSid == "WK" + String(repeating: "0", count: 32))
    }
}

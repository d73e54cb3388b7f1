import Testing
@testable import AllotCore

@Suite struct ReservationStatusMessageTests {
    @Test func acceptingTimedOutReservationSaysSo() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue, reservationTimeout: 30)
        try fixture.createWorker("w")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        fixture.advance(seconds: 30)

        let error = #expect(throws: EngineError.self) { try fixture.accept(reservation.sid) }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message == "reservation \(reservation.sid) has timed out (status timeout); it must be pending for this change")
    }

    @Test func completingCompletedReservationNamesStatusOnce() throws {
        let fixture = try EngineFixture()
        let queue = try fixture.createQueue("Q")
        try fixture.createCatchAllWorkflow(queue)
        try fixture.createWorker("w")
        let task = try fixture.createTask()
        let reservation = try #require(try fixture.pendingReservation(ofTask: task))
        try fixture.accept(reservation.sid)
        try fixture.updateReservation(reservation.sid, status: "completed")

        let error = #expect(throws: EngineError.self) { try fixture.updateReservation(reservation.sid, status: "completed") }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message.hasPrefix("reservation \(reservation.sid) is completed; it must be ") == true)
    }
}

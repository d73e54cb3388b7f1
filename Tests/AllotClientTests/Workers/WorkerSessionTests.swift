import AllotClient
import AllotTestSupport
import AllotWire
import Testing

@Suite struct WorkerSessionTests {
    @Test func sessionServesReservation() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let fixture = try await Fixture(connection)
        let session = WorkerSession(connection: connection, workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid)
        let offers = try await session.reservations()
        let worker = try await session.setActivity(named: "Available")
        #expect(worker.activityName == "Available")

        let task = try await connection.createTask(in: fixture.workspaceSID, attributes: "{}", workflowSID: fixture.workflow.sid)
        var iterator = offers.makeAsyncIterator()
        let reservation = try #require(try await iterator.next())
        #expect(reservation.taskSID == task.sid)
        #expect(reservation.reservationStatus == .pending)
        #expect(try await session.accept(reservation).reservationStatus == .accepted)
        #expect(try await session.wrapUp(reservation).assignmentStatus == .wrapping)
        #expect(try await session.complete(reservation, reason: "resolved").assignmentStatus == .completed)
    }

    @Test func sessionListsAlreadyPendingOffers() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let fixture = try await Fixture(connection)
        let session = WorkerSession(connection: connection, workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid)
        _ = try await session.setActivity(fixture.available.sid)
        let task = try await connection.createTask(in: fixture.workspaceSID, attributes: "{}", workflowSID: fixture.workflow.sid)

        let offers = try await session.reservations()
        var iterator = offers.makeAsyncIterator()
        let reservation = try #require(try await iterator.next())
        #expect(reservation.taskSID == task.sid)
        let rejected = try await session.reject(reservation)
        #expect(rejected.reservationStatus == .rejected)
    }
}

@testable import AllotClient
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

    /// A worker's stream receives only its "reservation.created" events. When the server no
    /// longer keeps the events after the last one (as after a restart), the stream starts
    /// over from the pending reservations instead of ending.
    @Test func streamStartsOverWhenEventsWereLost() async throws {
        let server = try ServerProcess(extraArguments: ["--event-ring-capacity", "16"])
        let producer = try await server.connect()
        let fixture = try await Fixture(producer)
        let connection = try await server.connect()
        let session = WorkerSession(connection: connection, workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid)
        let offers = try await session.reservations()
        _ = try await session.setActivity(named: "Available")
        var iterator = offers.makeAsyncIterator()
        _ = try await producer.createTask(in: fixture.workspaceSID, attributes: "{}", workflowSID: fixture.workflow.sid)
        let first = try #require(try await iterator.next())
        _ = try await session.accept(first)
        _ = try await session.complete(first)

        // While the stream is away, the worker gets an offer, and more events than the ring
        // keeps follow it.
        connection.simulateConnectionLoss()
        let second = try await producer.createTask(in: fixture.workspaceSID, attributes: "{}", workflowSID: fixture.workflow.sid)
        for _ in 0..<10 {
            _ = try await producer.createTask(in: fixture.workspaceSID, attributes: "{}", workflowSID: fixture.workflow.sid)
        }

        let offer = try #require(try await iterator.next())
        #expect(offer.taskSID == second.sid)
        #expect(offer.reservationStatus == .pending)
        // The session's own connection was lost too, so its calls go over a new one.
        #expect(connection.isClosed)
        #expect(try await session.accept(offer).reservationStatus == .accepted)
        #expect(try await session.complete(offer).assignmentStatus == .completed)
    }

    /// A connection that the application closed is not replaced: its calls fail.
    @Test func closedConnectionStaysClosed() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let fixture = try await Fixture(connection)
        let session = WorkerSession(connection: connection, workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid)
        connection.close()
        let error = await #expect(throws: AllotError.self) {
            _ = try await session.setActivity(named: "Available")
        }
        #expect(error?.code == .cancelled)
    }
}

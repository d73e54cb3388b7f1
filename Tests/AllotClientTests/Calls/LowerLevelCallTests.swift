import AllotClient
import AllotTestSupport
import AllotWire
import Testing

/// The calls beneath the typed methods: connecting with options, a raw
/// request, a direct reservation update and a worker's reservation events.
@Suite struct LowerLevelCallTests {
    @Test func connectWithOptionsThenRawCall() async throws {
        let server = try ServerProcess()
        let credentials = try AllotCredentials.load(path: server.credentialsPath)
        let options = AllotConnection.Options(host: "127.0.0.1", port: server.port, credentials: credentials, clientName: "options-test")
        let connection = try await AllotConnection.connect(options)
        #expect(connection.options.clientName == "options-test")
        #expect(connection.closeReason == nil)

        let response = try await connection.call(.echo(Wire.Echo(payload: [7, 8])))
        guard case .echo(let echo) = response else {
            Issue.record("echo returned \(response)")
            return
        }
        #expect(echo.payload == [7, 8])
        let missing = await #expect(throws: AllotError.self) {
            _ = try await connection.call(.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: "WS" + String(repeating: "0", count: 32))))
        }
        #expect(missing?.code == .notFound)
        #expect(missing?.origin == .server)

        connection.close()
        #expect(connection.closeReason?.code == .cancelled)
        #expect(connection.closeReason?.origin == .client)
    }

    @Test func updateReservationMovesTaskOn() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let fixture = try await Fixture(connection)
        let ws = fixture.workspaceSID
        _ = try await connection.setActivity(of: fixture.worker.sid, in: ws, to: fixture.available.sid)
        let task = try await connection.createTask(in: ws, attributes: "{}", workflowSID: fixture.workflow.sid)
        let offered = try await connection.listTaskReservations(Wire.ListTaskReservationsRequest(workspaceSID: ws, taskSID: task.sid))
        let reservation = try #require(offered.reservations.first)

        let stale = await #expect(throws: AllotError.self) {
            _ = try await connection.updateReservation(Wire.UpdateReservationRequest(
                workspaceSID: ws, reservationSID: reservation.sid, reservationStatus: .accepted, ifMatchVersion: reservation.version + 1))
        }
        #expect(stale?.code == .failedPrecondition)
        for status in [Wire.ReservationStatus.accepted, .wrapping, .completed] {
            let updated = try await connection.updateReservation(Wire.UpdateReservationRequest(workspaceSID: ws, reservationSID: reservation.sid, reservationStatus: status))
            #expect(updated.reservationStatus == status)
        }
        #expect(try await connection.fetchTask(Wire.FetchTaskRequest(workspaceSID: ws, taskSID: task.sid)).assignmentStatus == .completed)
    }

    @Test func reservationEventsFollowOneWorker() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let fixture = try await Fixture(connection)
        let ws = fixture.workspaceSID
        let stream = try await connection.reservationEvents(workspace: ws, worker: fixture.worker.sid)
        var iterator = stream.makeAsyncIterator()
        _ = try await connection.setActivity(of: fixture.worker.sid, in: ws, to: fixture.available.sid)
        let task = try await connection.createTask(in: ws, attributes: "{}", workflowSID: fixture.workflow.sid)

        let created = try #require(try await iterator.next())
        #expect(created.eventType == "reservation.created")
        #expect(created.taskSID == task.sid)
        #expect(created.workerSID == fixture.worker.sid)
        let reservation = try #require(try await connection.listTaskReservations(Wire.ListTaskReservationsRequest(workspaceSID: ws, taskSID: task.sid)).reservations.first)
        _ = try await connection.acceptReservation(reservation.sid, in: ws)
        let accepted = try #require(try await iterator.next())
        #expect(accepted.eventType == "reservation.accepted")
        #expect(accepted.sequence > created.sequence)
    }
}

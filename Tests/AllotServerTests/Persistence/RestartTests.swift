import AllotTestSupport
import AllotWire
import Foundation
import Testing

@Suite struct RestartTests {
    /// Builds the routing fixture and a task that it reserves for the worker, and returns
    /// the task, its reservation and the worker as the server reports them.
    static func populate(_ client: EngineClient) throws -> (fixture: RoutingFixture, task: Wire.Task, reservations: Wire.ReservationPage) {
        let fixture = try RoutingFixture(client)
        let created = try fixture.createTask(client)
        guard case .task(let task) = try client.ok(.fetchTask(Wire.FetchTaskRequest(workspaceSID: fixture.workspaceSID, taskSID: created.sid))),
              case .reservationPage(let reservations) = try client.ok(.listTaskReservations(Wire.ListTaskReservationsRequest(
                  workspaceSID: fixture.workspaceSID, taskSID: created.sid))) else {
            throw TestFailure("fetching the task or its reservations failed")
        }
        return (fixture, task, reservations)
    }

    static func fetch(_ client: EngineClient, _ fixture: RoutingFixture, task sid: String) throws -> (Wire.Task, Wire.ReservationPage, Wire.Worker) {
        guard case .task(let task) = try client.ok(.fetchTask(Wire.FetchTaskRequest(workspaceSID: fixture.workspaceSID, taskSID: sid))),
              case .reservationPage(let reservations) = try client.ok(.listTaskReservations(Wire.ListTaskReservationsRequest(
                  workspaceSID: fixture.workspaceSID, taskSID: sid))),
              case .worker(let worker) = try client.ok(.fetchWorker(Wire.FetchWorkerRequest(
                  workspaceSID: fixture.workspaceSID, workerSID: fixture.worker.sid))) else {
            throw TestFailure("fetching after the restart failed")
        }
        return (task, reservations, worker)
    }

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("allot-restart-test-\(UUID().uuidString)").path
    }

    @Test func stateSurvivesGracefulRestart() throws {
        let folder = Self.temporaryFolder()
        let first = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let (fixture, task, reservations) = try Self.populate(try EngineClient(first))
        #expect(reservations.reservations.count == 1)
        #expect(first.terminate() == 0)
        #expect(first.logLines.contains { $0.contains("wrote the shutdown snapshot") })

        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let (restoredTask, restoredReservations, worker) = try Self.fetch(try EngineClient(second), fixture, task: task.sid)
        #expect(restoredTask == task)
        #expect(restoredReservations.reservations == reservations.reservations)
        #expect(worker.sid == fixture.worker.sid)
        let recovered = second.logLines.filter { $0.contains("msg=\"recovered\"") }
        #expect(recovered.count == 1)
        #expect(recovered.first?.contains("snapshot.path=/") == true)
        withExtendedLifetime(first) {}
    }

    @Test func journalSurvivesKill() throws {
        let folder = Self.temporaryFolder()
        let first = try ServerProcess(extraArguments: ["--snapshot-interval", "0"], dataDirectory: folder, removesDataDirectory: true)
        let (fixture, task, reservations) = try Self.populate(try EngineClient(first))
        first.kill()

        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let (restoredTask, restoredReservations, _) = try Self.fetch(try EngineClient(second), fixture, task: task.sid)
        #expect(restoredTask == task)
        #expect(restoredReservations.reservations == reservations.reservations)
        let recovered = second.logLines.filter { $0.contains("msg=\"recovered\"") }
        #expect(recovered.count == 1)
        #expect(recovered.first?.contains("snapshot.path=none") == true)
        withExtendedLifetime(first) {}
    }

    @Test func secondServerOnFolderStopsUntouched() throws {
        let folder = Self.temporaryFolder()
        let first = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let client = try EngineClient(first)
        _ = try RoutingFixture(client)
        let entriesBefore = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()

        let second = Process()
        second.executableURL = try ServerProcess.binaryURL()
        second.arguments = ["--listen", "127.0.0.1:0", "--metrics-listen", "off", "--data-dir", folder]
        let errors = Pipe()
        second.standardError = errors
        try second.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        second.waitUntilExit()

        #expect(second.terminationStatus == 1)
        #expect(output.contains("is in use by another allot-server (process \(first.processIdentifier))"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == entriesBefore)
        // The first server keeps serving.
        _ = try RoutingFixture(client)
    }

    /// A first start that fails on a port in use leaves no credentials file behind, so the
    /// next start creates the account it reports.
    @Test func failedFirstStartLeavesNoCredentials() throws {
        let busy = try ServerProcess(servesMetrics: false)
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let failed = Process()
        failed.executableURL = try ServerProcess.binaryURL()
        failed.arguments = ["--listen", busy.address, "--metrics-listen", "off", "--data-dir", folder]
        let errors = Pipe()
        failed.standardError = errors
        try failed.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        failed.waitUntilExit()

        #expect(failed.terminationStatus == 1)
        #expect(output.contains("removed the credentials file of a server that did not start"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/credentials.json"))
        let next = try ServerProcess(dataDirectory: folder, servesMetrics: false)
        #expect(FileManager.default.fileExists(atPath: next.credentialsPath))
        _ = try EngineClient(next)
    }

    @Test func snapshotSaveWritesFile() throws {
        let server = try ServerProcess()
        let client = try EngineClient(server)
        _ = try RoutingFixture(client)
        guard case .snapshotSaved(let saved) = try client.ok(.snapshotSave(Wire.SnapshotSave())) else {
            throw TestFailure("snapshot_save did not return snapshot_saved")
        }
        #expect(FileManager.default.fileExists(atPath: saved.path))
        #expect(saved.sizeBytes > 0)
        #expect(saved.journalSequence > 0)
    }

    @Test func invalidFsyncIsRejected() throws {
        let process = Process()
        process.executableURL = try ServerProcess.binaryURL()
        process.arguments = ["--fsync", "sometimes", "--data-dir", Self.temporaryFolder()]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
    }
}

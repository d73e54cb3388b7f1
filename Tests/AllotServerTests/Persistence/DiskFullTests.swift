import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Makes journal and snapshot writes fail while the server runs, as a full disk does, by
/// lowering the server's file size limit. Checks that the server rejects changes with
/// UNAVAILABLE, keeps serving reads, and recovers once writes succeed again.
@Suite struct DiskFullTests {
    /// Maximum changes sent before the journal is expected to fail; the limit leaves room
    /// for a few dozen records.
    static let maximumCreates = 500

    @Test func journalFailureRejectsThenRecovers() throws {
        let folder = RestartTests.temporaryFolder()
        let first = try ServerProcess(extraArguments: ["--fsync", "always", "--snapshot-interval", "0"], dataDirectory: folder, removesDataDirectory: true)
        let client = try EngineClient(first)
        let fixture = try RoutingFixture(client)
        var acknowledged = [try fixture.createTask(client)]
        let segment = try #require(try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix("journal-") }.max())
        // The segment's blocks are allocated ahead, so the limit starts from its last record.
        let writtenBytes = try JournalSegmentBytes.endOfData(folder + "/" + segment)
        try FileSizeLimit.set(writtenBytes + 4_096, forProcess: first.processIdentifier)

        // 1. Changes are acknowledged until the segment reaches the limit, then rejected.
        var unavailable: [Wire.Status] = []
        for index in 0..<Self.maximumCreates where unavailable.count < 2 {
            let reply = try client.call(.createTask(Wire.CreateTaskRequest(
                workspaceSID: fixture.workspaceSID, attributes: #"{"type": "support", "index": \#(index)}"#,
                workflowSID: fixture.workflow.sid)))
            if case .task(let task)? = reply.response, reply.status?.code == .ok {
                #expect(unavailable.isEmpty, "a change was acknowledged after the journal failed")
                acknowledged.append(task)
            } else if let status = reply.status {
                unavailable.append(status)
            }
        }
        try #require(unavailable.count == 2)
        #expect(unavailable.allSatisfy { $0.code == .unavailable })
        #expect(unavailable[0].message.contains("not known to be durable"))
        #expect(unavailable[1].message.contains("the change was not applied"))
        // The rejected change's message names the earlier write, not a queued record of its own.
        #expect(unavailable[1].message.contains("an earlier journal write failed"))
        #expect(!unavailable[1].message.contains("not known to be durable"))

        // 2. Reads go on, and the failure is logged.
        let fetched = try client.ok(.fetchTask(Wire.FetchTaskRequest(workspaceSID: fixture.workspaceSID, taskSID: acknowledged[0].sid)))
        #expect(fetched.fieldName == "task")
        #expect(first.waitForLog(containing: "journal write failed; retrying"))
        #expect(first.logLines.contains { $0.contains("journal unavailable; replied UNAVAILABLE") })
        #expect(PersistenceMetricsEndpointTests.value(of: "allot_journal_available", in: try first.metricsText()) == 0)
        let notReady = try first.httpGetFromMetrics(path: "/readyz")
        #expect(notReady.hasPrefix("HTTP/1.1 503"))
        #expect(notReady.contains("not ready: changes are rejected because the journal cannot take them"))
        #expect(try first.httpGetFromMetrics(path: "/healthz").hasPrefix("HTTP/1.1 200 OK"))

        // 3. Once writes succeed again, changes are acknowledged again.
        try FileSizeLimit.set(nil, forProcess: first.processIdentifier)
        #expect(first.waitForLog(containing: "journal writes recovered"))
        #expect(PersistenceMetricsEndpointTests.value(of: "allot_journal_available", in: try first.metricsText()) == 1)
        #expect(try first.httpGetFromMetrics(path: "/readyz").hasPrefix("HTTP/1.1 200 OK"))
        acknowledged.append(try fixture.createTask(client))

        // 4. Every acknowledged change survives a crash.
        first.kill()
        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let restored = try CrashTests.listTasks(try EngineClient(second), fixture.workspaceSID)
        for task in acknowledged {
            #expect(restored[task.sid]?.attributes == task.attributes, "acknowledged task \(task.sid) is missing or changed")
        }
        withExtendedLifetime(first) {}
    }

    /// A stop while the journal cannot write may lose the changes since its last sync, so the
    /// exit status reports that instead of a clean stop.
    @Test func stopWithFailingJournalExitsThree() throws {
        let server = try ServerProcess(extraArguments: ["--fsync", "never", "--snapshot-interval", "0"])
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        try fixture.createTask(client)
        let folder = server.dataDirectory
        let segment = try #require(try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix("journal-") }.max())
        let writtenBytes = try JournalSegmentBytes.endOfData(folder + "/" + segment)
        try FileSizeLimit.set(writtenBytes + 4_096, forProcess: server.processIdentifier)
        var failed = false
        for index in 0..<Self.maximumCreates where !failed {
            let reply = try client.call(.createTask(Wire.CreateTaskRequest(
                workspaceSID: fixture.workspaceSID, attributes: #"{"type": "support", "index": \#(index)}"#,
                workflowSID: fixture.workflow.sid)))
            failed = reply.status?.code == .unavailable
        }
        try #require(failed)

        #expect(server.terminate() == 3)
        #expect(server.logLines.contains { $0.contains("closing the journal failed") })
    }

    @Test func snapshotFailureKeepsServing() throws {
        let server = try ServerProcess(extraArguments: ["--snapshot-interval", "0"])
        let client = try EngineClient(server)
        let fixture = try RoutingFixture(client)
        for index in 0..<40 {
            try fixture.createTask(client, attributes: #"{"type": "support", "index": \#(index), "note": "\#(String(repeating: "n", count: 100))"}"#)
        }
        try FileSizeLimit.set(1_024, forProcess: server.processIdentifier)

        let failed = try client.call(.snapshotSave(Wire.SnapshotSave()))
        #expect(failed.status?.code == .internal)
        #expect(failed.status?.message.contains("the snapshot could not be written") == true)
        #expect(server.waitForLog(containing: "msg=\"snapshot failed\""))
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory).filter { $0.hasSuffix(".snap") }
        #expect(snapshots.isEmpty)
        #expect(try client.ok(.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: fixture.workspaceSID))).fieldName == "workspace")
        let metrics = try server.metricsText()
        #expect(PersistenceMetricsEndpointTests.value(of: "allot_snapshots_failed_total", in: metrics) == 1)
        #expect(PersistenceMetricsEndpointTests.value(of: "allot_snapshots_written_total", in: metrics) == 0)

        try FileSizeLimit.set(nil, forProcess: server.processIdentifier)
        guard case .snapshotSaved(let saved) = try client.ok(.snapshotSave(Wire.SnapshotSave())) else {
            throw TestFailure("snapshot_save did not return snapshot_saved")
        }
        #expect(FileManager.default.fileExists(atPath: saved.path))
    }
}

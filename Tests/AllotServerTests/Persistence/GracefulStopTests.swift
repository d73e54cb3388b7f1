import AllotTestSupport
import AllotWire
import Foundation
import Synchronization
import Testing

/// SIGINT and SIGTERM while calls are in flight, against the real allot-server process.
@Suite struct GracefulStopTests {
    /// Calls pipelined before the signal; enough that some are still in flight when it lands.
    static let pipelinedCallCount = 5_000

    @Test(arguments: ["SIGINT", "SIGTERM"])
    func stopUnderLoadKeepsAcknowledgedChanges(signal: String) throws {
        let folder = RestartTests.temporaryFolder()
        let first = try ServerProcess(extraArguments: ["--snapshot-interval", "0", "--max-calls-in-flight", "\(Self.pipelinedCallCount)"], dataDirectory: folder, removesDataDirectory: true)
        let client = try EngineClient(first)
        guard case .workspace(let workspace) = try client.ok(.createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Stop"))) else {
            throw TestFailure("create_workspace did not return a workspace")
        }
        var frames: [UInt8] = []
        for index in 0..<Self.pipelinedCallCount {
            let request = Wire.CreateWorkerRequest(workspaceSID: workspace.sid, friendlyName: "Worker \(index)")
            frames += try TestClient.framed(Wire.ClientFrame(callID: 1_000 + UInt64(index), request: .createWorker(request)))
        }
        try client.client.send(frames)
        // The client reads while the server stops, as a live client would.
        let exitStatus = Mutex<Int32?>(nil)
        let exited = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let status = signal == "SIGINT" ? first.interrupt() : first.terminate()
            exitStatus.withLock { $0 = status }
            exited.signal()
        }

        // Every call read before the signal gets its reply before the closing frame.
        let replies = try client.client.readUntilClosed()
        #expect(exited.wait(timeout: .now() + ServerProcess.startupWaitSeconds) == .success)
        #expect(exitStatus.withLock { $0 } == 0)
        let closing = try #require(replies.last)
        #expect(closing.callID == 0)
        #expect(closing.status?.code == .unavailable)
        var acknowledged: Set<String> = []
        for reply in replies.dropLast() {
            #expect((1_000..<1_000 + UInt64(Self.pipelinedCallCount)).contains(reply.callID))
            #expect(reply.status?.code == .ok, "call \(reply.callID): \(reply.status.map { "\($0)" } ?? "no status")")
            if case .worker(let worker)? = reply.response { acknowledged.insert(worker.sid) }
        }
        let received = first.logLines.first { $0.contains("msg=\"termination signal received\"") }
        #expect(received?.contains("signal=\(signal)") == true)
        #expect(first.logLines.contains { $0.contains("msg=\"wrote the shutdown snapshot\"") })
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".snap") }
        #expect(snapshots.count == 1)

        // The shutdown snapshot covers every change, so the restart replays nothing.
        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let recovered = try #require(second.logLines.first { $0.contains("msg=\"recovered\"") })
        #expect(recovered.contains("recovery.replayed=0"), "\(recovered)")
        let reader = try EngineClient(second)
        var restored: Set<String> = []
        var pageToken = ""
        for _ in 0..<(Self.pipelinedCallCount / 1_000 + 2) {
            guard case .workerPage(let page) = try reader.ok(.listWorkers(Wire.ListWorkersRequest(workspaceSID: workspace.sid, pageSize: 1_000, pageToken: pageToken))) else {
                throw TestFailure("list_workers did not return a page")
            }
            restored.formUnion(page.workers.map(\.sid))
            pageToken = page.nextPageToken
            if pageToken.isEmpty { break }
        }

        #expect(acknowledged.isSubset(of: restored), "\(acknowledged.subtracting(restored).count) acknowledged workers are missing")
        // A call the server read and applied got its reply before the connection closed.
        #expect(restored.isSubset(of: acknowledged), "\(restored.subtracting(acknowledged).count) workers were created without a reply")
        withExtendedLifetime(first) {}
    }
}

import AllotTestSupport
import AllotWire
import Foundation
import Glibc
import Testing

/// Start, stop and the metrics endpoint, against the real allot-server process.
@Suite(.serialized) struct LifecycleTests {
    @Test func sigtermExitsZeroAndTellsClients() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        #expect(server.terminate() == 0)
        let frames = try client.readUntilClosed()
        #expect(frames.count == 1)
        #expect(frames.first?.callID == 0)
        #expect(frames.first?.status?.code == .unavailable)
        #expect(server.logLines.contains { $0.contains("msg=\"stopped\"") })
    }

    @Test func restartReusesCredentials() throws {
        let first = try ServerProcess()
        #expect(first.terminate() == 0)
        let second = try ServerProcess(extraArguments: [], dataDirectory: first.dataDirectory, removesDataDirectory: true)
        #expect(second.credentials.accountSID == first.credentials.accountSID)
        #expect(!second.logLines.contains { $0.contains("created local account") })
        try second.checkStillServes()
    }

    @Test func dataFilesAreOwnerOnly() throws {
        let first = try ServerProcess()
        try first.checkStillServes()
        #expect(first.terminate() == 0)
        let folder = first.dataDirectory
        let permissions = { (path: String) throws -> Int in
            try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        }
        #expect(try permissions(folder) == 0o700)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.contains { $0.hasPrefix("journal-") })
        #expect(names.contains { $0.hasPrefix("snapshot-") })
        for name in names {
            #expect(try permissions(folder + "/" + name) == 0o600, "\(name)")
        }

        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let recovered = try #require(second.logLines.first { $0.contains("msg=\"recovered\"") })
        for key in ["recovery.snapshot_read_duration", "recovery.restore_duration", "recovery.replay_duration"] {
            #expect(recovered.contains(try Regex("\(key)=[0-9]+\\.[0-9]{3}ms ?")), "\(recovered)")
        }
        withExtendedLifetime(first) {}
    }

    @Test func metricsEndpointServesPrometheusText() throws {
        let server = try ServerProcess()
        try server.checkStillServes()
        let response = try httpGet(port: try server.requireMetricsPort(), path: "/metrics")
        #expect(response.hasPrefix("HTTP/1.1 200 OK"))
        #expect(response.contains("allot_requests_total{method=\"echo\",status=\"OK\"} 1"))
        #expect(response.contains("# TYPE allot_request_duration_seconds histogram"))
        #expect(response.contains("allot_tasks{status=\"pending\"} 0"))
        let missing = try httpGet(port: try server.requireMetricsPort(), path: "/other")
        #expect(missing.hasPrefix("HTTP/1.1 404"))
    }

    @Test func healthChecksPassWhileServing() throws {
        let server = try ServerProcess()
        let live = try httpGet(port: try server.requireMetricsPort(), path: "/healthz")
        #expect(live.hasPrefix("HTTP/1.1 200 OK"))
        #expect(live.hasSuffix("\r\n\r\nok\n"))
        let ready = try httpGet(port: try server.requireMetricsPort(), path: "/readyz?verbose")
        #expect(ready.hasPrefix("HTTP/1.1 200 OK"))
        #expect(ready.hasSuffix("\r\n\r\nready\n"))
    }

    /// Peers that connect to the metrics address and send nothing do not delay a health check
    /// that comes after them, even past the connection limit, where the newest ones stay open.
    @Test func idleMetricsPeersDelayNoProbe() throws {
        let server = try ServerProcess()
        let port = try server.requireMetricsPort()
        let idle = try (0..<40).map { _ in try TestClient(port: port) }
        let live = try httpGet(port: port, path: "/healthz")
        #expect(live.hasPrefix("HTTP/1.1 200 OK"))
        // Served one connection at a time, the check waited until every idle peer before it
        // had timed out and been closed.
        #expect(idle.suffix(20).allSatisfy { $0.isOpenWithNothingToRead() })
    }

    /// Load balancers often check with HEAD: it gets GET's status and headers, and no body.
    @Test func healthChecksAnswerHead() throws {
        let server = try ServerProcess()
        for (path, body) in [("/healthz", "ok\n"), ("/readyz", "ready\n")] {
            let response = try httpRequest("HEAD", port: try server.requireMetricsPort(), path: path)
            #expect(response.hasPrefix("HTTP/1.1 200 OK"))
            #expect(response.contains("Content-Length: \(body.utf8.count)\r\n"))
            #expect(response.hasSuffix("\r\n\r\n"))
        }
        let post = try httpRequest("POST", port: try server.requireMetricsPort(), path: "/healthz")
        #expect(post.hasPrefix("HTTP/1.1 405"))
        #expect(post.contains("Allow: GET, HEAD\r\n"))
    }

    /// While a stop waits for replies to drain, liveness still passes and readiness fails,
    /// so that a load balancer sends new clients elsewhere.
    @Test func readinessFailsWhileStopping() throws {
        let server = try ServerProcess(extraArguments: ["--shutdown-grace-seconds", "2"])
        let client = try TestClient(port: server.port, receiveBufferBytes: 4_096)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        // Echo calls whose replies the client never reads fill the server's output, so the
        // stop waits for them until its grace period ends.
        try #require(try Self.fillOutput(of: client), "the server kept reading every call")
        Glibc.kill(server.processIdentifier, SIGTERM)
        #expect(server.waitForLog(containing: "msg=\"stopping\""))
        let ready = try server.httpGetFromMetrics(path: "/readyz")
        #expect(ready.hasPrefix("HTTP/1.1 503"))
        #expect(ready.hasSuffix("\r\n\r\nnot ready: the server is stopping\n"))
        #expect(try server.httpGetFromMetrics(path: "/healthz").hasPrefix("HTTP/1.1 200 OK"))
        #expect(server.terminate() == 0)
    }

    /// A stop waits the whole grace period for unsent replies, also when that is longer than
    /// the few seconds that a single closing connection gets to flush its output.
    @Test func stopWaitsWholeGracePeriod() throws {
        let server = try ServerProcess(extraArguments: ["--shutdown-grace-seconds", "7"])
        let client = try TestClient(port: server.port, receiveBufferBytes: 4_096)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        try #require(try Self.fillOutput(of: client), "the server kept reading every call")

        let signalled = ContinuousClock.now
        Glibc.kill(server.processIdentifier, SIGTERM)
        #expect(server.waitForLog(containing: "msg=\"stopping\""))
        #expect(server.waitForLog(containing: "reason=\"server stopping; unsent output discarded at the deadline\""))
        let waited = ContinuousClock.now - signalled
        #expect(waited >= .seconds(6.5), "the stalled connection was closed \(waited) after SIGTERM, before the 7 s grace period ended")
        #expect(server.terminate() == 0)
    }

    @Test func tricklingScraperDoesNotBlockMetrics() throws {
        let server = try ServerProcess()
        let slow = try TestClient(port: try server.requireMetricsPort())
        let stopped = DispatchSemaphore(value: 0)
        let sender = UncheckedBox(slow)
        Thread.detachNewThread {
            // One byte of a request head every 200 ms, well inside the read
            // timeout each time, until the endpoint closes the connection.
            for byte in Array(String(repeating: "X", count: 1_000).utf8) {
                guard sender.value.sendWithoutBlocking([byte]) == 1 else { break }
                Thread.sleep(forTimeInterval: 0.2)
            }
            stopped.signal()
        }
        Thread.sleep(forTimeInterval: 0.5)
        let response = try httpGet(port: try server.requireMetricsPort(), path: "/metrics")
        #expect(response.hasPrefix("HTTP/1.1 200 OK"))
        #expect(stopped.wait(timeout: .now() + 60) == .success)
    }

    @Test func helpListsEveryOption() throws {
        let process = Process()
        process.executableURL = try ServerProcess.binaryURL()
        process.arguments = ["--help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for option in ["--listen", "--metrics-listen", "--data-dir", "--io-threads", "--max-connections", "--max-frame-bytes",
                       "--max-calls-in-flight", "--hello-timeout-seconds", "--keepalive-idle-seconds", "--max-output-bytes", "--max-subscriber-lag-events", "--log-level", "--shards", "--event-ring-capacity",
                       "ALLOT_ACCOUNT_SECRET"] {
            #expect(text.contains(option), "help text lacks \(option)")
        }
    }

    @Test func invalidOptionExitsWithStatus2() throws {
        let process = Process()
        process.executableURL = try ServerProcess.binaryURL()
        process.arguments = ["--io-threads", "zero"]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(text.contains("msg=\"invalid configuration\""))
        #expect(text.contains("io-threads"))
    }

    /// Sends one GET request and returns the whole response.
    /// Sends whole echo frames on `client`, whose replies it never reads, until the server
    /// stops reading because its output for the connection is full. Returns false if the
    /// server kept reading. No frame is cut short, because a broken frame would close the
    /// connection for a reason of its own.
    private static func fillOutput(of client: TestClient) throws -> Bool {
        let frame = try TestClient.framed(Wire.ClientFrame(callID: client.makeCallID(), request: .echo(Wire.Echo(payload: [UInt8](repeating: 7, count: 60_000)))))
        var unsent = frame[...]
        var stalledSendCount = 0
        for _ in 0..<10_000 where stalledSendCount < 3 {
            let sentBytes = client.sendWithoutBlocking(Array(unsent))
            unsent = unsent.dropFirst(sentBytes)
            if unsent.isEmpty {
                unsent = frame[...]
            }
            if sentBytes == 0 {
                stalledSendCount += 1
                Thread.sleep(forTimeInterval: 0.05)
            } else {
                stalledSendCount = 0
            }
        }
        return stalledSendCount == 3
    }

    private func httpGet(port: UInt16, path: String) throws -> String {
        try httpRequest("GET", port: port, path: path)
    }

    private func httpRequest(_ method: String, port: UInt16, path: String) throws -> String {
        let client = try TestClient(port: port)
        try client.send(Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        return String(decoding: try client.readAllRaw(), as: UTF8.self)
    }
}

import AllotClient
import AllotTestSupport
import AllotWire
import Foundation
import Testing

@Suite struct ConnectionTests {
    @Test func connectReadsCredentialsFile() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let credentials = try AllotCredentials.load(path: server.credentialsPath)
        #expect(connection.serverHello.accountSID == credentials.accountSID)
        #expect(connection.serverHello.protocolVersion == 1)
        #expect(connection.serverHello.maximumFrameBytes > 0)
    }

    /// A server that vanishes sends no FIN, so only keepalive probes let an idle
    /// connection, such as a worker's event stream, notice it and reconnect.
    @Test func connectionProbesIdleServer() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let timer = try TCPSocketTimer.read(localPort: nil, remotePort: server.port)
        #expect(timer.kind == TCPSocketTimer.keepaliveKind)
        let idleHundredths = Int(ClientLimits.keepaliveIdleSeconds) * 100
        // Linux's own default waits two hours; a slow test run may already be probing.
        #expect(timer.hundredthsLeft <= idleHundredths, "keepalive fires in \(timer.hundredthsLeft) hundredths of a second")
        withExtendedLifetime(connection) {}
    }

    @Test func wrongSecretIsUnauthenticated() async throws {
        let server = try ServerProcess()
        let credentials = try AllotCredentials.load(path: server.credentialsPath)
        let wrong = AllotCredentials(accountSID: credentials.accountSID, secret: "not-the-secret")
        let error = await #expect(throws: AllotError.self) {
            _ = try await AllotConnection.connect(port: server.port, credentials: wrong)
        }
        #expect(error?.code == .unauthenticated)
        #expect(error?.origin == .server)
    }

    @Test func missingCredentialsFileNamesPath() async throws {
        let error = await #expect(throws: AllotError.self) {
            _ = try await AllotConnection.connect(port: 1, credentialsPath: "/nonexistent/credentials.json")
        }
        #expect(error?.code == .unauthenticated)
        #expect(error?.message.contains("/nonexistent/credentials.json") == true)
    }

    @Test func refusedPortIsUnavailable() async throws {
        let credentials = AllotCredentials(accountSID: "AC" + String(repeating: "0", count: 32), secret: "x")
        let listener = try SilentListener()
        let port = listener.port
        _ = consume listener
        let error = await #expect(throws: AllotError.self) {
            _ = try await AllotConnection.connect(port: port, credentials: credentials)
        }
        #expect(error?.code == .unavailable)
    }

    @Test func pipelinedCallsGetTheirOwnReplies() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let payloads = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for index in 0..<200 {
                group.addTask {
                    let reply = try await connection.echo(Wire.Echo(payload: Array("call \(index)".utf8)))
                    return (index, reply.payload)
                }
            }
            var collected: [Int: [UInt8]] = [:]
            for try await (index, payload) in group { collected[index] = payload }
            return collected
        }
        #expect(payloads.count == 200)
        for (index, payload) in payloads {
            #expect(payload == Array("call \(index)".utf8))
        }
    }

    @Test func errorCarriesCodeMessageAndField() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        let missing = await #expect(throws: AllotError.self) {
            _ = try await connection.fetchWorkspace(Wire.FetchWorkspaceRequest(workspaceSID: "WS" + String(repeating: "0", count: 32)))
        }
        #expect(missing?.code == .notFound)
        #expect(missing?.origin == .server)
        #expect(missing?.message.isEmpty == false)

        let invalid = await #expect(throws: AllotError.self) {
            _ = try await connection.createWorkspace(friendlyName: "")
        }
        #expect(invalid?.code == .invalidArgument)
        #expect(invalid?.field.isEmpty == false)
        // The connection stays usable after failed calls.
        _ = try await connection.createWorkspace(friendlyName: "Still open")
    }

    @Test func callTimesOutLocally() async throws {
        let listener = try SilentListener()
        let credentials = AllotCredentials(accountSID: "AC" + String(repeating: "0", count: 32), secret: "x")
        let error = await #expect(throws: AllotError.self) {
            _ = try await AllotConnection.connect(port: listener.port, credentials: credentials, timeout: .milliseconds(200))
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(error?.origin == .client)
    }

    @Test func cancelingTaskCancelsWait() async throws {
        let listener = try SilentListener()
        let credentials = AllotCredentials(accountSID: "AC" + String(repeating: "0", count: 32), secret: "x")
        let task = Task { () async throws -> AllotConnection in
            try await AllotConnection.connect(port: listener.port, credentials: credentials, timeout: .seconds(600))
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let result = await task.result
        guard case .failure(let failure) = result, let error = failure as? AllotError else {
            Issue.record("the connect call did not fail with AllotError: \(result)")
            return
        }
        #expect(error.code == .cancelled)
        #expect(error.origin == .client)
    }

    /// A client that reconnects for hours drops connections without closing
    /// them, so each must be freed and its socket closed.
    @Test func droppedConnectionsAreFreedAndClosed() async throws {
        let server = try ServerProcess()
        let droppedCount = 20
        var released: [WeakConnection] = []
        for _ in 0..<droppedCount {
            let connection = try await server.connect()
            _ = try await connection.listWorkspaces(Wire.ListWorkspacesRequest())
            released.append(WeakConnection(connection))
        }
        #expect(released.allSatisfy { $0.connection == nil }, "a dropped connection is still referenced")
        #expect(server.waitForLogCount(containing: "connection closed", atLeast: droppedCount),
                "the server saw fewer than \(droppedCount) connections close")
    }

    @Test func closeFailsLaterCalls() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        connection.close()
        #expect(connection.isClosed)
        let error = await #expect(throws: AllotError.self) {
            _ = try await connection.listWorkspaces(Wire.ListWorkspacesRequest())
        }
        #expect(error?.code == .cancelled)
        #expect(error?.origin == .client)
        #expect(error?.message.hasPrefix("the connection closed before this call, so the call was not sent") == true,
                "\(String(describing: error))")
    }

    /// A call made after the server stopped is failed by the client, and
    /// the message states that instead of repeating the server's old status.
    @Test func callsAfterServerStopFail() async throws {
        let server = try ServerProcess()
        let connection = try await server.connect()
        _ = server.terminate()
        let deadline = ContinuousClock.now + .seconds(10)
        while !connection.isClosed && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(connection.isClosed)
        let reason = try #require(connection.closeReason)

        let error = await #expect(throws: AllotError.self) {
            _ = try await connection.listWorkspaces(Wire.ListWorkspacesRequest())
        }
        #expect(error?.code == .unavailable)
        #expect(error?.origin == .client)
        #expect(error?.message.hasPrefix("the connection closed before this call, so the call was not sent") == true,
                "\(String(describing: error))")
        #expect(error?.message.hasSuffix(reason.message) == true, "\(String(describing: error))")
    }
}

/// Holds a connection without keeping it alive.
private struct WeakConnection {
    weak var connection: AllotConnection?

    init(_ connection: AllotConnection) {
        self.connection = connection
    }
}

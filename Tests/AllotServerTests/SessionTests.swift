import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Authentication and call handling, against the real allot-server process.
@Suite(.serialized) struct SessionTests {
    @Test func helloWithGeneratedCredentials() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        let reply = try client.hello(server.credentials)
        #expect(reply.status?.code == .ok)
        guard case .hello(let hello)? = reply.response else {
            Issue.record("expected a HelloReply, got \(reply)")
            return
        }
        #expect(hello.protocolVersion == 1)
        #expect(hello.accountSID == server.credentials.accountSID)
        #expect(hello.maximumFrameBytes == UInt32(WireLimits.defaultMaximumFrameBytes))
        let echo = try client.echo([1, 2, 3])
        #expect(echo.response == .echo(Wire.EchoReply(payload: [1, 2, 3])))
        try server.checkStillServes()
    }

    @Test func credentialsFileHasMode0600() throws {
        let server = try ServerProcess()
        let attributes = try FileManager.default.attributesOfItem(atPath: server.credentials.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let created = server.logLines.first { $0.contains("msg=\"created local account\"") }
        #expect(created?.contains(server.credentials.path) == true)
    }

    @Test func wrongSecretIsRejectedAndClosed() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        let wrongSecret = String(repeating: "0", count: 64)
        let wrong = TestCredentials(accountSID: server.credentials.accountSID, secret: wrongSecret, path: "")
        let reply = try client.hello(wrong)
        #expect(reply.status?.code == .unauthenticated)
        #expect(reply.response == nil)
        #expect(try client.readFrame() == nil)
        try server.checkStillServes()
        #expect(server.waitForLog(containing: "msg=\"authentication failed\""))
        #expect(!server.logLines.contains { $0.contains(wrongSecret) || $0.contains(server.credentials.secret) })
    }

    @Test func unknownAccountIsRejected() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        let stranger = TestCredentials(accountSID: "AC" + String(repeating: "a", count: 32), secret: server.credentials.secret, path: "")
        #expect(try client.hello(stranger).status?.code == .unauthenticated)
        #expect(try client.readFrame() == nil)
        try server.checkStillServes()
    }

    @Test func requestBeforeHelloIsRejected() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        let reply = try client.echo([9])
        #expect(reply.status?.code == .unauthenticated)
        #expect(reply.response == nil)
        #expect(try client.readFrame() == nil)
        try server.checkStillServes()
    }

    @Test func unknownRequestCaseIsUnimplemented() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        // ClientFrame with call_id 5 and field 999, which no version defines yet.
        let payload = try Wire.ClientFrame(callID: 5).serializedBytes() + [0xB8, 0x3E, 0x01]
        var framed: [UInt8] = []
        try FrameEncoder().appendFrame(payload: payload, to: &framed)
        try client.send(framed)
        let reply = try #require(try client.readFrame())
        #expect(reply.callID == 5)
        #expect(reply.status?.code == .unimplemented)
        #expect(reply.status?.message.contains("999") == true)
        // The connection stays usable.
        #expect(try client.echo([7]).response == .echo(Wire.EchoReply(payload: [7])))
        try server.checkStillServes()
    }

    @Test func workspaceBelongsToCallingAccount() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        let reply = try client.call(.createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Support")))
        #expect(reply.status?.code == .ok)
        guard case .workspace(let workspace)? = reply.response else {
            Issue.record("expected a workspace, got \(reply)")
            return
        }
        #expect(workspace.accountSID == server.credentials.accountSID)
        #expect(workspace.friendlyName == "Support")
        #expect(workspace.sid.hasPrefix("WS"))
    }

    @Test func expiredDeadlineIsNotRun() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        let expired = try client.echo([1], deadline: 1)
        #expect(expired.status?.code == .deadlineExceeded)
        #expect(expired.response == nil)
        let future = UInt64(Date().timeIntervalSince1970 * 1_000) + 3_600_000
        #expect(try client.echo([2], deadline: future).status?.code == .ok)
        try server.checkStillServes()
    }

    @Test func secondHelloIsRejected() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials).status?.code == .ok)
        #expect(try client.hello(server.credentials).status?.code == .failedPrecondition)
        #expect(try client.echo([3]).status?.code == .ok)
    }

    @Test func compressedRepliesWhenAllowed() throws {
        let server = try ServerProcess()
        let client = try TestClient(port: server.port)
        #expect(try client.hello(server.credentials, acceptsCompression: true).status?.code == .ok)
        let payload = [UInt8](repeating: 65, count: 100_000)
        // A compressed request is accepted as well.
        var framed: [UInt8] = []
        try FrameEncoder(compressionAllowed: true).appendFrame(payload: Wire.ClientFrame(callID: 9, request: .echo(Wire.Echo(payload: payload))).serializedBytes(), to: &framed)
        #expect(framed.count < 10_000)
        try client.send(framed)
        let reply = try #require(try client.readFrame())
        #expect(reply.response == .echo(Wire.EchoReply(payload: payload)))
        #expect(client.lastFrameWasCompressed)
    }
}

import AllotTestSupport
import AllotWire
import Foundation
import Glibc
import Testing

/// SIGHUP makes a running allot-server read its accounts file and credentials.json again.
@Suite struct AccountReloadTests {
    static let original = TestCredentials(accountSID: "AC" + String(repeating: "c", count: 32),
                                      secret: String(repeating: "C", count: 40), path: "")
    static let rotated = TestCredentials(accountSID: original.accountSID, secret: String(repeating: "D", count: 40), path: "")
    static let removed = TestCredentials(accountSID: "AC" + String(repeating: "e", count: 32),
                                         secret: String(repeating: "E", count: 40), path: "")

    /// A data folder whose accounts file lists `accounts`.
    struct Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("allot-reload-\(UUID().uuidString)").path
        var accountsFile: String { path + "/accounts.json" }

        init(accounts: [TestCredentials]) throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try write(accounts)
        }

        func write(_ accounts: [TestCredentials]) throws {
            let entries = accounts.map { "{\"account_sid\": \"\($0.accountSID)\", \"secret\": \"\($0.secret)\"}" }
            try "[\(entries.joined(separator: ", "))]".write(toFile: accountsFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: accountsFile)
        }
    }

    @Test func reloadRotatesAndRevokes() throws {
        let folder = try Folder(accounts: [Self.original, Self.removed])
        let server = try ServerProcess(extraArguments: ["--accounts-file", folder.accountsFile], dataDirectory: folder.path, removesDataDirectory: true)
        let originalClient = try TestClient(port: server.port)
        #expect(try originalClient.hello(Self.original).status?.code == .ok)
        let removedClient = try TestClient(port: server.port)
        #expect(try removedClient.hello(Self.removed).status?.code == .ok)
        #expect(try removedClient.call(.createWorkspace(Wire.CreateWorkspaceRequest(friendlyName: "Left behind"))).status?.code == .ok)

        try folder.write([Self.rotated])
        Glibc.kill(server.processIdentifier, SIGHUP)
        #expect(server.waitForLog(containing: "msg=\"accounts reloaded\" accounts=1 revoked=1"))
        // Its workspace stays, out of every client's reach, which the log points out.
        #expect(server.waitForLog(containing: "account.sid=\(Self.removed.accountSID) workspace_count=1"))

        // The removed account's connection gets UNAUTHENTICATED with the reason, then closes.
        let frames = try removedClient.readUntilClosed()
        #expect(frames.last?.status?.code == .unauthenticated)
        #expect(frames.last?.status?.message.contains("\(Self.removed.accountSID) was removed or changed when the server reloaded its accounts") == true)
        // The rotated account's open connection stays, and new ones need the new secret.
        #expect(try originalClient.echo(Array("still open".utf8)).response == .echo(Wire.EchoReply(payload: Array("still open".utf8))))
        #expect(try TestClient(port: server.port).hello(Self.original).status?.code == .unauthenticated)
        #expect(try TestClient(port: server.port).hello(Self.rotated).status?.code == .ok)
        #expect(try TestClient(port: server.port).hello(Self.removed).status?.code == .unauthenticated)
        #expect(server.isRunning)
    }

    @Test func invalidFileKeepsAccounts() throws {
        let folder = try Folder(accounts: [Self.original])
        let server = try ServerProcess(extraArguments: ["--accounts-file", folder.accountsFile], dataDirectory: folder.path, removesDataDirectory: true)
        try "[{\"account_sid\": \"not a sid\"".write(toFile: folder.accountsFile, atomically: true, encoding: .utf8)

        Glibc.kill(server.processIdentifier, SIGHUP)
        #expect(server.waitForLog(containing: "reloading accounts failed; the current accounts stay"))
        // The error reports a syntax error, not a file that cannot be read.
        #expect(server.waitForLog(containing: "accounts.json is not valid JSON: "))
        #expect(try TestClient(port: server.port).hello(Self.original).status?.code == .ok)

        try FileManager.default.removeItem(atPath: folder.accountsFile)
        Glibc.kill(server.processIdentifier, SIGHUP)
        #expect(server.waitForLog(containing: "accounts.json: it does not exist"))
        #expect(try TestClient(port: server.port).hello(Self.original).status?.code == .ok)
        #expect(server.terminate() == 0)
    }

    @Test func emptyFileKeepsAccounts() throws {
        let folder = try Folder(accounts: [Self.original])
        let server = try ServerProcess(extraArguments: ["--accounts-file", folder.accountsFile], dataDirectory: folder.path, removesDataDirectory: true)
        try folder.write([])

        Glibc.kill(server.processIdentifier, SIGHUP)
        #expect(server.waitForLog(containing: "reloading accounts failed; the current accounts stay"))
        // The error names the empty accounts file, which is set, rather than asking to set it.
        #expect(server.waitForLog(containing: "no account is configured: \(folder.accountsFile) lists no account"))
        #expect(try TestClient(port: server.port).hello(Self.original).status?.code == .ok)
        #expect(server.terminate() == 0)
    }
}

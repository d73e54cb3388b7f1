import AllotWire
import Foundation
import Testing
@testable import AllotServer

@Suite(.serialized) struct AdministratorTests {
    let adminSID = "AC" + String(repeating: "a", count: 32)
    let adminSecret = String(repeating: "A", count: 40)
    let userSID = "AC" + String(repeating: "b", count: 32)
    let userSecret = String(repeating: "B", count: 40)

    /// Starts an in-process server with a configured administrator and an
    /// ordinary account from an accounts file.
    func withServer(_ body: (Server) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allot-admin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let accountsFile = folder + "/accounts.json"
        try "[{\"account_sid\": \"\(userSID)\", \"secret\": \"\(userSecret)\"}]".write(toFile: accountsFile, atomically: true, encoding: .utf8)

        var configuration = ServerConfiguration()
        configuration.listenAddress = try #require(SocketAddress(parsing: "127.0.0.1:0"))
        configuration.metricsAddress = nil
        configuration.dataDirectory = folder + "/data"
        configuration.accountSID = adminSID
        configuration.accountSecret = adminSecret
        configuration.accountsFile = accountsFile
        let server = try Server(configuration: configuration, handler: UnwiredEngineHandler(), logger: Logger(minimumLevel: .error))
        server.start()
        defer { server.stop() }
        try body(server)
        // Configured accounts mean no local account is created.
        #expect(!FileManager.default.fileExists(atPath: configuration.dataDirectory + "/credentials.json"))
    }

    @Test func snapshotNeedsAdministrator() throws {
        try withServer { server in
            let user = try TestClient(port: server.listenAddress.port)
            #expect(try user.hello(TestCredentials(accountSID: userSID, secret: userSecret, path: "")).status?.code == .ok)
            #expect(try user.call(.snapshotSave(Wire.SnapshotSave())).status?.code == .permissionDenied)

            let admin = try TestClient(port: server.listenAddress.port)
            #expect(try admin.hello(TestCredentials(accountSID: adminSID, secret: adminSecret, path: "")).status?.code == .ok)
            // The administrator passes the check and reaches the handler.
            #expect(try admin.call(.snapshotSave(Wire.SnapshotSave())).status?.code == .unimplemented)
        }
    }
}

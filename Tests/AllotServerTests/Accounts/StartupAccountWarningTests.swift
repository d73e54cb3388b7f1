import AllotTestSupport
import Foundation
import Testing

/// Warnings that allot-server logs at start-up about its accounts.
@Suite struct StartupAccountWarningTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("allot-\(name)-\(UUID().uuidString)").path
    }

    @Test func restoredWorkspacesOfMissingAccountWarn() throws {
        let folder = Self.temporaryPath("restore-test")
        let first = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        _ = try RoutingFixture(try EngineClient(first))
        let oldSID = first.credentials.accountSID
        #expect(first.terminate() == 0)
        // A data folder restored without its credentials.json.
        try FileManager.default.removeItem(atPath: first.credentialsPath)

        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        let warnings = second.logLines.filter { $0.contains("workspaces belong to an account that is not configured") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("level=warning") == true)
        #expect(warnings.first?.contains("account.sid=\(oldSID)") == true)
        #expect(warnings.first?.contains("workspace_count=1") == true)
        #expect(warnings.first?.contains("credentials.json") == true)
        #expect(second.credentials.accountSID != oldSID)
        withExtendedLifetime(first) {}
    }

    @Test func restartWithCredentialsDoesNotWarn() throws {
        let folder = Self.temporaryPath("restore-test")
        let first = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        _ = try RoutingFixture(try EngineClient(first))
        #expect(first.terminate() == 0)

        let second = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
        #expect(second.logLines.contains { $0.contains("msg=\"recovered\"") })
        #expect(!second.logLines.contains { $0.contains("not configured") })
        withExtendedLifetime(first) {}
    }

    @Test func accountsFileReadableByOthersWarns() throws {
        let path = Self.temporaryPath("accounts") + ".json"
        let text = "[{\"account_sid\": \"AC\(String(repeating: "0", count: 31))1\", \"secret\": \"\(String(repeating: "s", count: 40))\"}]"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let open = try ServerProcess(extraArguments: ["--accounts-file", path], servesMetrics: false)
        let warnings = open.logLines.filter { $0.contains("accounts file is readable by other users") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("mode=644") == true)
        #expect(warnings.first?.contains("chmod 600") == true)

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let closed = try ServerProcess(extraArguments: ["--accounts-file", path], servesMetrics: false)
        #expect(!closed.logLines.contains { $0.contains("accounts file is readable by other users") })
    }
}

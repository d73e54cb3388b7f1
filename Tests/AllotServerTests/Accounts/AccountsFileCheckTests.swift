import AllotTestSupport
import Foundation
import Testing

/// An invalid accounts file stops allot-server as invalid configuration (exit status 2)
/// before it touches the data folder, with a message that names the fault.
@Suite struct AccountsFileCheckTests {
    static let sid = "AC" + String(repeating: "f", count: 32)
    static let secret = String(repeating: "F", count: 40)

    /// Starts the server on an accounts file containing `text`, and returns its exit status,
    /// its log and whether it created the data folder.
    static func start(accountsFileText text: String?) throws -> (status: Int32, log: String, createdDataFolder: Bool) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allot-accounts-check-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let accountsFile = folder + "/accounts.json"
        if let text {
            try text.write(toFile: accountsFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: accountsFile)
        }
        let process = Process()
        process.executableURL = try ServerProcess.binaryURL()
        process.arguments = ["--listen", "127.0.0.1:0", "--metrics-listen", "off", "--data-dir", folder + "/data", "--accounts-file", accountsFile]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        // A server that accepted the file would run on: stop it so that the test fails instead of hanging.
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) { if process.isRunning { process.terminate() } }
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, log, FileManager.default.fileExists(atPath: folder + "/data"))
    }

    @Test func missingFileIsConfigurationError() throws {
        let result = try Self.start(accountsFileText: nil)
        #expect(result.status == 2)
        #expect(result.log.contains("msg=\"invalid configuration\""))
        #expect(result.log.contains("accounts.json: it does not exist"))
        #expect(!result.createdDataFolder)
    }

    @Test func misspeltKeyIsNamed() throws {
        let result = try Self.start(accountsFileText: "[{\"account_sid\": \"\(Self.sid)\", \"secret\": \"\(Self.secret)\", \"adminstrator\": true}]")
        #expect(result.status == 2)
        #expect(result.log.contains("entry 1 has the unknown key \\\"adminstrator\\\"; did you mean \\\"administrator\\\"?"), "\(result.log)")
        #expect(!result.createdDataFolder)
    }

    @Test func quotedFlagIsRejected() throws {
        let result = try Self.start(accountsFileText: "[{\"account_sid\": \"\(Self.sid)\", \"secret\": \"\(Self.secret)\", \"administrator\": \"true\"}]")
        #expect(result.status == 2)
        #expect(result.log.contains("administrator is \\\"true\\\"; write true or false without quotes"), "\(result.log)")
    }

    @Test func shortSecretNamesFileAndEntry() throws {
        let result = try Self.start(accountsFileText: "[{\"account_sid\": \"\(Self.sid)\", \"secret\": \"short\"}]")
        #expect(result.status == 2)
        #expect(result.log.contains("accounts.json: entry 1: the secret of account \(Self.sid) is shorter than 32 characters"), "\(result.log)")
        #expect(!result.createdDataFolder)
    }

    @Test func repeatedAccountNamesFileAndEntry() throws {
        let entry = "{\"account_sid\": \"\(Self.sid)\", \"secret\": \"\(Self.secret)\"}"
        let result = try Self.start(accountsFileText: "[\(entry), \(entry)]")
        #expect(result.status == 2)
        #expect(result.log.contains("accounts.json: entry 2: account \(Self.sid) is configured twice"), "\(result.log)")
    }

    /// An empty file on a new data folder used to make the server create a local
    /// administrator account, which an operator who set an accounts file does not expect.
    @Test func emptyFileIsConfigurationError() throws {
        let result = try Self.start(accountsFileText: "[]")
        #expect(result.status == 2)
        #expect(result.log.contains("accounts.json lists no account"), "\(result.log)")
        #expect(!result.createdDataFolder)
    }

    @Test func entryThatIsNoObjectIsNamed() throws {
        let result = try Self.start(accountsFileText: "[\"\(Self.sid)\"]")
        #expect(result.status == 2)
        #expect(result.log.contains("entry 1 is not a JSON object"), "\(result.log)")
    }
}

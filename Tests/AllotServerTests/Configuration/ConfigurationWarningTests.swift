import AllotCore
import AllotTestSupport
import Foundation
import Testing
@testable import AllotServer

/// Configuration problems that do not stop the server but are logged as warnings.
@Suite struct ConfigurationWarningTests {
    static let secretLines = "account-sid = AC\(String(repeating: "0", count: 31))1\naccount-secret = \(String(repeating: "s", count: 40))\n"

    func load(_ arguments: [String], _ environment: [String: String] = [:]) throws -> ServerConfiguration {
        guard case .run(let configuration) = try ConfigurationLoader.load(arguments: arguments, environment: environment) else {
            throw TestFailure("expected a configuration, got help")
        }
        return configuration
    }

    func writeConfigFile(_ text: String, mode: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("allot-config-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    func messages(_ configuration: ServerConfiguration) -> [String] {
        configuration.warnings.map { "\($0.message)" }
    }

    func value(_ key: String, in warning: ConfigurationWarning?) -> String? {
        warning?.metadata.first { $0.0 == key }?.1
    }

    @Test func readableSecretFileWarns() throws {
        let path = try writeConfigFile(Self.secretLines, mode: 0o640)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try load(["--config", path])
        #expect(messages(configuration) == ["config file contains account-secret and is readable by other users"])
        #expect(value("path", in: configuration.warnings.first) == path)
        #expect(value("mode", in: configuration.warnings.first) == "640")
        #expect(value("fix", in: configuration.warnings.first) == "chmod 600")
    }

    @Test func privateSecretFileDoesNotWarn() throws {
        let path = try writeConfigFile(Self.secretLines, mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try load(["--config", path]).warnings.isEmpty)
    }

    @Test func readableFileWithoutSecretDoesNotWarn() throws {
        let path = try writeConfigFile("io-threads = 3\n", mode: 0o644)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try load(["--config", path]).warnings.isEmpty)
    }

    @Test func unknownVariableWarnsWithNearestOption() throws {
        let configuration = try load([], ["ALLOT_IO_THREAD": "3", "ALLOT_IO_THREADS": "2", "HOME": "/root"])
        #expect(configuration.ioThreadCount == 2)
        #expect(messages(configuration) == ["environment variable names no option; it is ignored"])
        #expect(value("variable", in: configuration.warnings.first) == "ALLOT_IO_THREAD")
        #expect(value("did_you_mean", in: configuration.warnings.first) == "ALLOT_IO_THREADS")
    }

    /// A shell may set the command line's variables for both programs.
    @Test func commandLineVariablesDoNotWarn() throws {
        let configuration = try load([], ["ALLOT_SERVER": "127.0.0.1:7700", "ALLOT_CREDENTIALS": "/tmp/c.json"])
        #expect(configuration.warnings.isEmpty)
    }

    @Test func unrelatedVariableWarnsWithoutSuggestion() throws {
        let configuration = try load([], ["ALLOT_MODEL_SEED": "7"])
        #expect(messages(configuration).count == 1)
        #expect(value("variable", in: configuration.warnings.first) == "ALLOT_MODEL_SEED")
        #expect(value("did_you_mean", in: configuration.warnings.first) == nil)
    }

    @Test func knownVariablesDoNotWarn() throws {
        let path = try writeConfigFile("io-threads = 3\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = ["ALLOT_CONFIG": path, "ALLOT_IO_THREADS": "2", "ALLOT_LOG_LEVEL": "info"]
        #expect(try load([], environment).warnings.isEmpty)
    }

    @Test func nearestNameNeedsCloseMatch() {
        let names = ["io-threads", "listen", "shards"]
        #expect(NearestName.nearest(to: "io-thread", among: names) == "io-threads")
        #expect(NearestName.nearest(to: "LISTEN", among: names) == "listen")
        #expect(NearestName.nearest(to: "bogus", among: names) == nil)
        #expect(NearestName.nearest(to: String(repeating: "x", count: 1_000), among: names) == nil)
        #expect(NearestName.editDistance("kitten", "sitting") == 3)
        #expect(NearestName.editDistance("", "abc") == 3)
    }
}

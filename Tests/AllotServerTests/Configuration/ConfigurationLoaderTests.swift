import AllotTestSupport
import Foundation
import Testing
@testable import AllotServer

@Suite struct ConfigurationLoaderTests {
    func load(_ arguments: [String], _ environment: [String: String] = [:]) throws -> ServerConfiguration {
        guard case .run(let configuration) = try ConfigurationLoader.load(arguments: arguments, environment: environment) else {
            throw TestFailure("expected a configuration, got help")
        }
        return configuration
    }

    func writeConfigFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("allot-config-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsApplyWithoutOptions() throws {
        let configuration = try load([])
        #expect(configuration.listenAddress.description == "127.0.0.1:7700")
        #expect(configuration.metricsAddress?.description == "127.0.0.1:7701")
        #expect(configuration.ioThreadCount == 2)
        #expect(configuration.maximumFrameBytes == 4 << 20)
        #expect(configuration.dataDirectory == "allot-data")
    }

    @Test func flagBeatsEnvironmentBeatsFile() throws {
        let path = try writeConfigFile("# comment\nio-threads = 3\nmax-connections = 50\nlog-level = warning\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = ["ALLOT_CONFIG": path, "ALLOT_IO_THREADS": "4", "ALLOT_MAX_CONNECTIONS": "60"]
        let configuration = try load(["--io-threads", "5"], environment)
        #expect(configuration.ioThreadCount == 5)
        #expect(configuration.maximumConnections == 60)
        #expect(configuration.logLevel == .warning)
    }

    @Test func equalsFormAndIPv6Parse() throws {
        let configuration = try load(["--listen=[::1]:0", "--metrics-listen", "off"])
        #expect(configuration.listenAddress.description == "[::1]:0")
        #expect(configuration.metricsAddress == nil)
    }

    @Test func invalidValueNamesOptionAndSource() {
        #expect(throws: ConfigurationError("invalid io-threads \"0\" from environment variable ALLOT_IO_THREADS: expected an integer from 1 to 256")) {
            try load([], ["ALLOT_IO_THREADS": "0"])
        }
    }

    @Test func engineOptionsReachEngineConfiguration() throws {
        let defaults = try load([])
        #expect(defaults.engineShardCount == 4 * ProcessInfo.processInfo.activeProcessorCount)
        #expect(defaults.engineConfiguration.limits.eventRingCapacity == 10_000)

        let configuration = try load(["--shards", "3", "--event-ring-capacity", "64"])
        #expect(configuration.engineConfiguration.shardCount == 3)
        #expect(configuration.engineConfiguration.limits.eventRingCapacity == 64)
        #expect(throws: ConfigurationError.self) { try load(["--shards", "0"]) }
        #expect(throws: ConfigurationError.self) { try load(["--event-ring-capacity", "0"]) }
    }

    @Test func unknownFlagIsRejected() {
        #expect(throws: ConfigurationError.self) { try load(["--io-thread", "2"]) }
    }

    @Test func unknownFlagWithoutValueIsUnknown() {
        #expect(throws: ConfigurationError("unknown option --bogus; see --help for the list")) { try load(["--bogus"]) }
        #expect(throws: ConfigurationError("unknown option --io-thread; did you mean --io-threads? see --help for the list")) {
            try load(["--io-thread"])
        }
    }

    /// A flag given twice is rejected, as a key set twice in the config file is, rather than
    /// one value winning in silence.
    @Test func repeatedFlagIsRejected() {
        #expect(throws: ConfigurationError("--io-threads is given twice; keep one of the two")) {
            try load(["--io-threads", "2", "--io-threads=3"])
        }
        #expect(throws: ConfigurationError("--config is given twice; keep one of the two")) {
            try load(["--config", "a.conf", "--config", "b.conf"])
        }
    }

    @Test func secretFlagWithoutValueIsRejected() throws {
        do {
            _ = try load(["--account-secret"])
            Issue.record("--account-secret without a value was accepted")
        } catch let error as ConfigurationError {
            #expect(error.description.hasPrefix("--account-secret is not accepted on the command line"))
        }
    }

    @Test func fileOfMaximumLinesLoads() throws {
        let lines = Array(repeating: "# comment", count: ConfigurationLoader.maximumConfigFileLines - 1) + ["io-threads = 3"]
        let path = try writeConfigFile(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try load(["--config", path]).ioThreadCount == 3)
    }

    @Test func fileOverMaximumLinesIsRejected() throws {
        let lines = Array(repeating: "# comment", count: ConfigurationLoader.maximumConfigFileLines + 1)
        let path = try writeConfigFile(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigurationError("config file \(path) has more than 10000 lines")) { try load(["--config", path]) }
    }

    @Test func invalidSecretNamesSourceAndRule() {
        let expected = "invalid account-secret from environment variable ALLOT_ACCOUNT_SECRET: expected at least 32 characters; "
            + "the value is a secret, so it is not shown"
        #expect(throws: ConfigurationError(expected)) { try load([], ["ALLOT_ACCOUNT_SECRET": "short-secret"]) }
    }

    @Test func secretFlagIsRejected() {
        #expect(throws: ConfigurationError.self) { try load(["--account-secret", String(repeating: "x", count: 40)]) }
    }

    @Test func secretValueIsNotEchoed() throws {
        do {
            _ = try load([], ["ALLOT_ACCOUNT_SECRET": "short-secret"])
            Issue.record("a short secret was accepted")
        } catch let error as ConfigurationError {
            #expect(!error.description.contains("short-secret"))
        }
    }

    @Test func accountNeedsBothParts() {
        #expect(throws: ConfigurationError.self) { try load(["--account-sid", "AC" + String(repeating: "0", count: 32)]) }
    }

    @Test func unreadableConfigFileSaysWhy() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("allot-config-\(UUID().uuidString)").path
        #expect(throws: ConfigurationError("cannot read config file \(missing): it does not exist")) {
            try load(["--config", missing])
        }
        // Tests may run as root, which reads any file, so the permission case is checked on the
        // error that Foundation raises for it.
        let denied = CredentialsFile.readFailure(CocoaError(.fileReadNoPermission))
        #expect(denied.hasPrefix("permission denied. The server runs as uid \(geteuid()), gid \(getegid())"), "\(denied)")
    }

    @Test func unknownFileKeyNamesLine() throws {
        let path = try writeConfigFile("io-threads = 2\nlisten-port = 7\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigurationError("\(path) line 2: unknown key \"listen-port\"; see --help for the list")) {
            try load(["--config", path])
        }
        let misspelt = try writeConfigFile("snapshot_interval = 60\n")
        defer { try? FileManager.default.removeItem(atPath: misspelt) }
        #expect(throws: ConfigurationError("\(misspelt) line 1: unknown key \"snapshot_interval\"; did you mean \"snapshot-interval\"? see --help for the list")) {
            try load(["--config", misspelt])
        }
    }

    @Test func helpRequestReturnsText() throws {
        guard case .help(let text) = try ConfigurationLoader.load(arguments: ["--help"], environment: [:]) else {
            Issue.record("expected help")
            return
        }
        for option in ConfigurationOption.all {
            #expect(text.contains(option.environmentName))
        }
    }

    /// The config files shown in the docs load as written.
    @Test func documentedConfigFilesLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var blockCount = 0
        for name in ["docs/configuration.md", "docs/operations.md"] {
            let document = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
            for block in Self.plainFencedBlocks(document) {
                // Only the blocks whose lines are all `name = value` settings or comments.
                let settings = block.filter { !$0.hasPrefix("#") }
                guard !settings.isEmpty, settings.allSatisfy({ $0.contains(" = ") }) else { continue }
                let path = try writeConfigFile(block.joined(separator: "\n") + "\n")
                defer { try? FileManager.default.removeItem(atPath: path) }
                #expect(throws: Never.self, "the config file in \(name)") { try load(["--config", path]) }
                blockCount += 1
            }
        }
        #expect(blockCount == 2)
    }

    /// Returns the lines of each fenced block of `document` that names no language.
    static func plainFencedBlocks(_ document: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        var insideOtherBlock = false
        for line in document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if let block = current {
                    blocks.append(block)
                    current = nil
                } else if insideOtherBlock {
                    insideOtherBlock = false
                } else if line == "```" {
                    current = []
                } else {
                    insideOtherBlock = true
                }
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func configurationDocumentListsEveryOption() throws {
        // Tests/AllotServerTests/Configuration/ is three folders below the repository root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        for option in ConfigurationOption.all {
            #expect(document.contains("`\(option.environmentName)`"), "docs/configuration.md lacks \(option.name)")
        }
    }
}

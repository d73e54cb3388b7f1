import Foundation
import Testing
@testable import AllotServer

/// The allowed values of each option: enforced as stated, and documented as stated.
@Suite struct ConfigurationRangeTests {
    @Test func integerRangeIsEnforcedAtBothEnds() {
        let integerOptions = ConfigurationOption.all.filter { $0.range != nil }
        #expect(integerOptions.count >= 12)
        for option in integerOptions {
            guard let range = option.range else { continue }
            var configuration = ServerConfiguration()
            #expect(option.apply(&configuration, "\(range.lowerBound)") == nil, "\(option.name) rejects \(range.lowerBound)")
            #expect(option.apply(&configuration, "\(range.upperBound)") == nil, "\(option.name) rejects \(range.upperBound)")
            #expect(option.apply(&configuration, "\(range.lowerBound - 1)") != nil, "\(option.name) accepts \(range.lowerBound - 1)")
            #expect(option.apply(&configuration, "\(range.upperBound + 1)") != nil, "\(option.name) accepts \(range.upperBound + 1)")
            #expect(option.allowedValues == "\(range.lowerBound) to \(range.upperBound)")
        }
    }

    @Test func documentStatesEachOptionsAllowedValues() throws {
        // Tests/AllotServerTests/Configuration/ is three folders below the repository root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        let rows = document.split(separator: "\n").filter { $0.hasPrefix("|") }
        for option in ConfigurationOption.all {
            let row = rows.first { $0.contains("| `\(option.environmentName)` |") }
            #expect(row?.contains("| \(option.allowedValues) |") == true,
                    "the docs/configuration.md row of \(option.environmentName) lacks \"\(option.allowedValues)\"")
        }
    }

    @Test func helpStatesAllowedValues() {
        let text = ConfigurationLoader.helpText()
        for option in ConfigurationOption.all {
            #expect(text.contains("Allowed: \(option.allowedValues)."), "--help lacks the allowed values of \(option.name)")
        }
    }
}

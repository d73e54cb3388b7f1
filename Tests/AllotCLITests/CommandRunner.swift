import Foundation
import Testing

/// Runs the built `allot` binary and captures what it prints.
struct CommandRunner {
    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `allot` binary beside the test bundle, in the same build folder.
    static let executableURL: URL = {
        let buildFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            buildFolder.appendingPathComponent("allot"),
            buildFolder.deletingLastPathComponent().appendingPathComponent("allot"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            preconditionFailure("no allot binary in \(candidates.map(\.path)); run swift build first")
        }
        return found
    }()

    /// Runs `allot` with `arguments` and waits for it to exit.
    static func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = executableURL
        process.arguments = arguments
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
        // Read before waiting, so that a full pipe cannot block the child.
        let outputData = standardOutput.fileHandleForReading.readDataToEndOfFile()
        let errorData = standardError.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }
}

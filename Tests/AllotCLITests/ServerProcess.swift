import AllotClient
import Foundation
import Synchronization

/// A running `allot-server` process on 127.0.0.1 with a free port and a
/// temporary data directory. It stops when the value is released.
final class ServerProcess: Sendable {
    /// Maximum wait for the server to print its address; a guard against a
    /// hung test, not a speed requirement.
    static let startupWaitSeconds = 60.0

    let port: UInt16
    let dataDirectory: String
    private let process: Process
    private let lines = LineCollector()
    /// Whether the data directory is this process's own, removed when it is
    /// released; false for one passed in to restart a server on it.
    private let ownsDataDirectory: Bool

    /// Starts the server and waits for its "listening" line. Without
    /// `dataDirectory` it gets a new temporary one.
    init(extraArguments: [String] = [], dataDirectory: String? = nil) throws {
        ownsDataDirectory = dataDirectory == nil
        self.dataDirectory = dataDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("allot-client-test-\(UUID().uuidString)").path
        let process = Process()
        process.executableURL = try Self.binaryURL()
        process.arguments = ["--listen", "127.0.0.1:0", "--metrics-listen", "off", "--data-dir", self.dataDirectory] + extraArguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let lines = lines
        Thread.detachNewThread {
            Self.collectLines(from: pipe.fileHandleForReading, into: lines)
        }
        port = try Self.waitForPort(in: lines, process: process)
    }

    deinit {
        stop()
        if ownsDataDirectory { try? FileManager.default.removeItem(atPath: dataDirectory) }
    }

    /// Sends SIGTERM, which makes the server write a snapshot and exit, and
    /// waits until it has exited.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// The credentials file the server wrote.
    var credentialsPath: String { dataDirectory + "/credentials.json" }

    /// The server address as the CLI takes it.
    var address: String { "127.0.0.1:\(port)" }

    /// Opens an authenticated connection with the server's credentials file.
    func connect() async throws -> AllotConnection {
        try await AllotConnection.connect(host: "127.0.0.1", port: port, credentialsPath: credentialsPath)
    }

    /// Returns the allot-server binary that `swift build` put beside the test bundle.
    static func binaryURL() throws -> URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("allot-server")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw TestFailure("allot-server not found near \(executable.path); run swift build first")
    }

    private static func collectLines(from handle: FileHandle, into lines: LineCollector) {
        var pending = Data()
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            pending.append(data)
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                lines.lines.withLock { $0.append(line) }
            }
        }
    }

    private static func waitForPort(in lines: LineCollector, process: Process) throws -> UInt16 {
        let marker = "msg=\"listening\" address=127.0.0.1:"
        let deadline = Date().addingTimeInterval(startupWaitSeconds)
        while Date() < deadline {
            let found = lines.lines.withLock { $0.first { $0.contains(marker) } }
            if let found, let range = found.range(of: marker) {
                let digits = found[range.upperBound...].prefix { $0.isNumber }
                if let port = UInt16(digits) { return port }
            }
            if !process.isRunning {
                throw TestFailure("allot-server exited with status \(process.terminationStatus): \(lines.lines.withLock { $0 })")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw TestFailure("allot-server printed no listening line: \(lines.lines.withLock { $0 })")
    }
}

/// The lines a server process wrote to stderr.
final class LineCollector: Sendable {
    let lines = Mutex<[String]>([])
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

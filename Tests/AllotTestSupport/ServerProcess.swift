import Foundation
import Glibc

/// A running `allot-server` process on 127.0.0.1 with a free port, for
/// tests that drive the real server. It stops when the value is released.
public final class ServerProcess: Sendable {
    /// Maximum wait for the server to print its address or a log line. It
    /// guards against a hung test and is not a speed requirement.
    public static let startupWaitSeconds = 60.0

    public let port: UInt16
    /// The metrics endpoint's port, or nil when the server runs without one.
    public let metricsPort: UInt16?
    public let dataDirectory: String
    private let process: Process
    private let stderrLines = LineCollector()
    private let stderrClosed = DispatchSemaphore(value: 0)
    /// Whether the data directory is removed when the value is released.
    private let ownsDataDirectory: Bool

    /// Starts the server and waits for its "listening" line. Without
    /// `dataDirectory` it gets a new temporary one. The data directory is
    /// removed on release when `removesDataDirectory` is true, and by
    /// default when it was created here. With `servesMetrics` the metrics
    /// endpoint listens on a free port too.
    public init(extraArguments: [String] = [], dataDirectory: String? = nil, servesMetrics: Bool = true,
                removesDataDirectory: Bool? = nil) throws {
        ownsDataDirectory = removesDataDirectory ?? (dataDirectory == nil)
        self.dataDirectory = dataDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("allot-test-\(UUID().uuidString)").path
        let process = Process()
        process.executableURL = try Self.binaryURL()
        process.arguments = ["--listen", "127.0.0.1:0", "--metrics-listen", servesMetrics ? "127.0.0.1:0" : "off",
                             "--data-dir", self.dataDirectory] + extraArguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process

        let lines = stderrLines
        let closed = stderrClosed
        Thread.detachNewThread {
            lines.collect(from: pipe.fileHandleForReading)
            closed.signal()
        }
        port = try Self.waitForAddress(message: "listening", in: lines, process: process)
        metricsPort = servesMetrics ? try Self.waitForAddress(message: "metrics listening", in: lines, process: process) : nil
    }

    deinit {
        stop()
        if ownsDataDirectory { try? FileManager.default.removeItem(atPath: dataDirectory) }
    }

    /// The credentials file the server wrote.
    public var credentialsPath: String { dataDirectory + "/credentials.json" }

    /// The server address as the CLI takes it.
    public var address: String { "127.0.0.1:\(port)" }

    /// Every line the server wrote to stderr so far.
    public var logLines: [String] { stderrLines.lines.withLock { $0 } }

    public var isRunning: Bool { process.isRunning }

    public var processIdentifier: Int32 { process.processIdentifier }

    /// Sends SIGTERM, which makes the server write a snapshot and exit, and
    /// waits until it has exited.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// Sends SIGTERM, waits for the exit and for the last log line, and
    /// returns the exit status.
    public func terminate() -> Int32 {
        stop()
        _ = stderrClosed.wait(timeout: .now() + Self.startupWaitSeconds)
        return process.terminationStatus
    }

    /// Sends SIGINT, as Ctrl-C does, waits for the exit and for the last log
    /// line, and returns the exit status.
    public func interrupt() -> Int32 {
        process.interrupt()
        process.waitUntilExit()
        _ = stderrClosed.wait(timeout: .now() + Self.startupWaitSeconds)
        return process.terminationStatus
    }

    /// Returns the metrics endpoint's port, or throws when the server runs without one.
    public func requireMetricsPort() throws -> UInt16 {
        guard let metricsPort else { throw TestFailure("this allot-server was started without a metrics endpoint") }
        return metricsPort
    }

    /// Sends SIGKILL, so that the server stops without any clean-up, and
    /// waits until it has exited.
    public func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        _ = stderrClosed.wait(timeout: .now() + Self.startupWaitSeconds)
    }

    /// Waits for a log line that contains `fragment`, and returns false on timeout.
    public func waitForLog(containing fragment: String) -> Bool {
        waitForLogCount(containing: fragment, atLeast: 1)
    }

    /// Waits until `count` log lines contain `fragment`, and returns false on timeout.
    public func waitForLogCount(containing fragment: String, atLeast count: Int) -> Bool {
        let deadline = Date().addingTimeInterval(Self.startupWaitSeconds)
        while Date() < deadline {
            if logLines.filter({ $0.contains(fragment) }).count >= count { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// Returns the allot-server binary that `swift build` put beside the test bundle.
    public static func binaryURL() throws -> URL {
        try BuiltExecutable.url(named: "allot-server")
    }


    /// Returns the port of the log line `msg="message" address=127.0.0.1:PORT`.
    private static func waitForAddress(message: String, in collector: LineCollector, process: Process) throws -> UInt16 {
        let marker = "msg=\"\(message)\" address=127.0.0.1:"
        let deadline = Date().addingTimeInterval(startupWaitSeconds)
        while Date() < deadline {
            let found = collector.lines.withLock { $0.first { $0.contains(marker) } }
            if let found, let range = found.range(of: marker) {
                let digits = found[range.upperBound...].prefix { $0.isNumber }
                if let port = UInt16(digits) { return port }
            }
            if !process.isRunning {
                throw TestFailure("allot-server exited with status \(process.terminationStatus): \(collector.lines.withLock { $0 })")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw TestFailure("allot-server printed no \(message) line: \(collector.lines.withLock { $0 })")
    }
}

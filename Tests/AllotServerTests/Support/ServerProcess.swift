import Glibc
import Foundation
import Synchronization
import Testing

/// A running `allot-server` process on 127.0.0.1 with a free port and a
/// temporary data directory, as the tests start it.
final class ServerProcess: Sendable {
    /// Maximum wait for the server to print its address or to exit; a
    /// guard against a hung test, not a speed requirement.
    static let startupWaitSeconds = 60.0

    let port: UInt16
    let metricsPort: UInt16
    let dataDirectory: String
    let credentials: TestCredentials
    private let process: Process
    private let stderrLines = LineCollector()
    private let stderrClosed = DispatchSemaphore(value: 0)

    /// Starts the server with `extraArguments` and waits for its "listening" line.
    init(extraArguments: [String] = [], dataDirectory: String? = nil) throws {
        self.dataDirectory = dataDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("allot-server-test-\(UUID().uuidString)").path
        let process = Process()
        process.executableURL = try Self.binaryURL()
        process.arguments = ["--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--data-dir", self.dataDirectory] + extraArguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        let lines = stderrLines
        try process.run()
        self.process = process

        let closed = stderrClosed
        Thread.detachNewThread {
            Self.collectLines(from: pipe.fileHandleForReading, into: lines)
            closed.signal()
        }
        port = try Self.waitForAddress(message: "listening", in: lines, process: process)
        metricsPort = try Self.waitForAddress(message: "metrics listening", in: lines, process: process)
        credentials = try TestCredentials(path: self.dataDirectory + "/credentials.json")
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    /// Every stderr line so far.
    var logLines: [String] { stderrLines.lines.withLock { $0 } }

    /// Sends SIGTERM and returns the exit status once the process has ended.
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        _ = stderrClosed.wait(timeout: .now() + Self.startupWaitSeconds)
        return process.terminationStatus
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does, and returns the exit status once the
    /// process has ended.
    func interrupt() -> Int32 {
        process.interrupt()
        process.waitUntilExit()
        _ = stderrClosed.wait(timeout: .now() + Self.startupWaitSeconds)
        return process.terminationStatus
    }

    /// Sends SIGKILL, as a crash would end the process, and waits until it has ended.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        _ = stderrClosed.wait(timeout: .now() + Self.startupWaitSeconds)
    }

    var isRunning: Bool { process.isRunning }

    var processIdentifier: Int32 { process.processIdentifier }

    /// Waits until a log line contains `fragment`; false if the wait runs out.
    func waitForLog(containing fragment: String) -> Bool {
        let deadline = Date().addingTimeInterval(Self.startupWaitSeconds)
        while Date() < deadline {
            if logLines.contains(where: { $0.contains(fragment) }) { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// Waits until at least `count` log lines contain `fragment`; false if the wait runs out.
    func waitForLogCount(containing fragment: String, atLeast count: Int) -> Bool {
        let deadline = Date().addingTimeInterval(Self.startupWaitSeconds)
        while Date() < deadline {
            if logLines.filter({ $0.contains(fragment) }).count >= count { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
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

    private static func collectLines(from handle: FileHandle, into collector: LineCollector) {
        var pending = Data()
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            pending.append(data)
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                collector.lines.withLock { $0.append(line) }
            }
        }
    }

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

/// The lines a server process wrote to stderr.
final class LineCollector: Sendable {
    let lines = Mutex<[String]>([])
}

/// The credentials the server wrote to its data directory.
struct TestCredentials: Sendable {
    let accountSID: String
    let secret: String
    let path: String

    init(accountSID: String, secret: String, path: String) {
        self.accountSID = accountSID
        self.secret = secret
        self.path = path
    }

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: String],
              let sid = object["account_sid"], let secret = object["secret"] else {
            throw TestFailure("\(path) does not hold account_sid and secret")
        }
        self.accountSID = sid
        self.secret = secret
        self.path = path
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

import AllotClient
import Foundation
import Synchronization

/// An allot-server that allot-bench starts itself on 127.0.0.1, on a free
/// port, with a fresh data directory, and stops when the run ends.
final class LocalServer: Sendable {
    let address: ServerAddress
    let dataDirectory: String
    private let process: Process
    /// The first lines of the server's log, kept for error messages.
    private let startupLines: Locked<[String]>

    /// Wait for the server to exit after SIGTERM before it is killed: its
    /// default shutdown grace is 10 seconds, and it writes a snapshot.
    static let stopTimeout = Duration.seconds(15)

    /// Lines of the server's log kept for an error message.
    static let keptLogLines = 50

    /// Starts `binary` with `extraArguments` and waits for its "listening" line.
    init(binary: String, extraArguments: [String] = []) throws(BenchFailure) {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("allot-bench-\(UUID().uuidString)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--listen", "127.0.0.1:0", "--metrics-listen", "off", "--data-dir", dataDirectory] + extraArguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        let lines = Locked<[String]>([])
        startupLines = lines
        do {
            try process.run()
        } catch {
            throw BenchFailure("cannot start \(binary): \(error.localizedDescription)")
        }
        self.process = process
        // The reader drains the pipe for the server's whole life, so that a
        // full pipe never blocks the server's logging.
        Thread.detachNewThread {
            Self.drain(pipe.fileHandleForReading, into: lines)
        }
        address = try Self.waitForAddress(lines: lines, process: process)
    }

    deinit {
        stop()
    }

    /// The server's process ID.
    var processIdentifier: Int32 { process.processIdentifier }

    /// The credentials file the server wrote.
    var credentialsPath: String { dataDirectory + "/credentials.json" }

    /// Stops the server and removes its data directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = ContinuousClock.now + Self.stopTimeout
            while process.isRunning, ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
            // A server that inherited a blocked SIGTERM (from a test
            // runner, for one) never receives it.
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    /// Returns the target for scenarios, with the credentials the server wrote.
    func target() throws(BenchFailure) -> ServerTarget {
        do {
            let credentials = try AllotCredentials.load(path: credentialsPath)
            return ServerTarget(address: address, credentials: credentials, credentialsPath: credentialsPath)
        } catch {
            throw BenchFailure("cannot read the local server's credentials at \(credentialsPath): \(error.message)")
        }
    }

    private static func drain(_ handle: FileHandle, into lines: Locked<[String]>) {
        while true {
            let data = handle.availableData
            if data.isEmpty { return }
            let text = String(decoding: data, as: UTF8.self)
            lines.withLock { kept in
                for line in text.split(separator: "\n") where kept.count < keptLogLines {
                    kept.append(String(line))
                }
            }
        }
    }

    private static func waitForAddress(lines: Locked<[String]>, process: Process) throws(BenchFailure) -> ServerAddress {
        // The server logs `msg="listening" address=127.0.0.1:PORT` at info level.
        let marker = "address=127.0.0.1:"
        let deadline = ContinuousClock.now + BenchLimits.childProcessTimeout
        while ContinuousClock.now < deadline {
            let found = lines.withLock { $0.first { $0.contains("listening") && $0.contains(marker) } }
            if let found, let range = found.range(of: marker) {
                let digits = found[range.upperBound...].prefix { $0.isNumber }
                if let port = UInt16(digits) { return ServerAddress(host: "127.0.0.1", port: port) }
            }
            if !process.isRunning {
                throw BenchFailure("allot-server exited with status \(process.terminationStatus): \(lines.withLock { $0.joined(separator: "\n") })")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.terminate()
        throw BenchFailure("allot-server printed no listening line within \(BenchLimits.childProcessTimeout)")
    }
}

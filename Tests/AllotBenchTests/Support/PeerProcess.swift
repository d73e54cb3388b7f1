import AllotTestSupport
import Foundation

/// A beanstalkd started on 127.0.0.1 on a free port, stopped when released.
final class PeerProcess {
    let port: UInt16
    private let process: Process

    /// Tries ports from a random start until beanstalkd keeps running on one.
    init(binary: String) throws {
        for _ in 0..<20 {
            let port = UInt16.random(in: 20_000...60_000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["-l", "127.0.0.1", "-p", "\(port)"]
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: 0.2)
            if process.isRunning {
                self.port = port
                self.process = process
                return
            }
        }
        throw TestFailure("beanstalkd did not start on any of 20 ports")
    }

    /// Stops beanstalkd with SIGKILL: a child of the test runner inherits
    /// its blocked signal mask, so SIGTERM would stay pending.
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

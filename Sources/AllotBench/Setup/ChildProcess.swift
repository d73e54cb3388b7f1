import Foundation

/// Runs a program to completion and returns its output, with a time limit.
enum ChildProcess {
    private struct Buffers: Sendable {
        var output = Data()
        var errors = Data()
    }

    struct Result {
        var status: Int32
        var output: Data
        var errorOutput: Data
    }

    /// Runs `binary` with `arguments`; output past
    /// `BenchLimits.maximumChildOutputBytes` per stream is dropped.
    static func run(_ binary: String, arguments: [String]) throws(BenchFailure) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let collected = Locked<Buffers>(Buffers())
        let readers = DispatchGroup()
        for (pipe, isOutput) in [(output, true), (errors, false)] {
            readers.enter()
            Thread.detachNewThread {
                while true {
                    let data = pipe.fileHandleForReading.availableData
                    if data.isEmpty { break }
                    collected.withLock { buffers in
                        if isOutput, buffers.output.count < BenchLimits.maximumChildOutputBytes { buffers.output.append(data) }
                        if !isOutput, buffers.errors.count < BenchLimits.maximumChildOutputBytes { buffers.errors.append(data) }
                    }
                }
                readers.leave()
            }
        }
        do {
            try process.run()
        } catch {
            throw BenchFailure("cannot run \(binary): \(error.localizedDescription)")
        }
        let deadline = ContinuousClock.now + BenchLimits.childProcessTimeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw BenchFailure("\(binary) \(arguments.first ?? "") did not finish within \(BenchLimits.childProcessTimeout)")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        readers.wait()
        let buffers = collected.withLock { $0 }
        return Result(status: process.terminationStatus, output: buffers.output, errorOutput: buffers.errors)
    }
}

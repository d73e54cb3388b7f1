import Foundation

/// CPU time (user plus system) a process has used, read from
/// /proc/PID/stat, so that a run can report CPU per operation for the
/// server it started and for itself. On a machine shared with other work
/// these figures move far less than rates and latencies do.
enum ProcessCPU {
    /// Clock ticks per second of the utime and stime fields.
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// CPU seconds used so far by process `pid`; nil when it cannot be read.
    static func seconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // The fields after the command name, which may contain spaces and
        // ends with ")", start with the state (field 3); utime and stime are
        // fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]), ticksPerSecond > 0 else { return nil }
        return (user + system) / ticksPerSecond
    }
}

/// CPU seconds of the server and of allot-bench itself at one instant.
struct CPUSample: Sendable {
    var serverSeconds: Double?
    var clientSeconds: Double?

    static func take(serverPID: Int32?) -> CPUSample {
        CPUSample(serverSeconds: serverPID.flatMap { ProcessCPU.seconds(pid: $0) },
                  clientSeconds: ProcessCPU.seconds(pid: getpid()))
    }
}

import Foundation

/// The full report of one scenario run, as `--json` writes it.
struct BenchReport: Sendable, Equatable, Codable {
    var scenario: String
    /// The server driven, or the peer's address.
    var server: String
    /// True when allot-bench started the server itself.
    var startedServer: Bool
    /// When the run finished, in ISO 8601 (UTC).
    var date: String
    var machine: MachineDescription
    var settings: [String: String]
    /// Seconds from the end of the warm-up to the end of the load.
    var measuredSeconds: Double
    /// Operations of `rateUnit` per second over `measuredSeconds`.
    var achievedRate: Double
    var rateUnit: String
    var callsPerSecond: Double
    var counters: [String: UInt64]
    /// Per measure ("create_task", "reservation_event", ...).
    var latencies: [String: LatencySummary]
    var cpu: CPUFigures
    var queues: [QueueFigures]?
    var overall: QueueFigures?
    var timeline: [TimelineRow]
    /// Failed calls over the whole run, warm-up and drain included; the
    /// `errors` counter covers only the measured window.
    var errorCount: UInt64 = 0
    /// The first failed call's error, as the SDK described it.
    var firstError: String?

    enum CodingKeys: String, CodingKey {
        case scenario, server, startedServer = "started_server", date, machine, settings
        case measuredSeconds = "measured_seconds", achievedRate = "achieved_rate", rateUnit = "rate_unit"
        case callsPerSecond = "calls_per_second", counters, latencies, cpu, queues, overall, timeline
        case errorCount = "error_count", firstError = "first_error"
    }
}

/// Percentiles of one measure, in microseconds.
struct LatencySummary: Sendable, Equatable, Codable {
    var count: UInt64
    var p50Microseconds: Double
    var p90Microseconds: Double
    var p99Microseconds: Double
    var p999Microseconds: Double
    var maxMicroseconds: Double
    var meanMicroseconds: Double

    enum CodingKeys: String, CodingKey {
        case count, p50Microseconds = "p50_us", p90Microseconds = "p90_us", p99Microseconds = "p99_us"
        case p999Microseconds = "p999_us", maxMicroseconds = "max_us", meanMicroseconds = "mean_us"
    }

    init(_ histogram: LatencyHistogram) {
        func microseconds(_ nanoseconds: UInt64) -> Double { (Double(nanoseconds) / 100).rounded() / 10 }
        count = histogram.count
        p50Microseconds = microseconds(histogram.valueAt(percentile: 50))
        p90Microseconds = microseconds(histogram.valueAt(percentile: 90))
        p99Microseconds = microseconds(histogram.valueAt(percentile: 99))
        p999Microseconds = microseconds(histogram.valueAt(percentile: 99.9))
        maxMicroseconds = microseconds(histogram.maximumNanoseconds)
        meanMicroseconds = (histogram.meanNanoseconds / 100).rounded() / 10
    }
}

/// CPU time over the measured seconds, in total and per operation of the
/// rate unit. The server's is known only when allot-bench started it.
struct CPUFigures: Sendable, Equatable, Codable {
    var serverSeconds: Double?
    var clientSeconds: Double?
    var serverMicrosecondsPerOperation: Double?
    var clientMicrosecondsPerOperation: Double?

    enum CodingKeys: String, CodingKey {
        case serverSeconds = "server_s", clientSeconds = "client_s"
        case serverMicrosecondsPerOperation = "server_us_per_op", clientMicrosecondsPerOperation = "client_us_per_op"
    }

    init(sample: CPUSample, operations: Double) {
        serverSeconds = sample.serverSeconds
        clientSeconds = sample.clientSeconds
        func perOperation(_ seconds: Double?) -> Double? {
            guard let seconds, operations > 0 else { return nil }
            return (seconds / operations * 1e7).rounded() / 10
        }
        serverMicrosecondsPerOperation = perOperation(sample.serverSeconds)
        clientMicrosecondsPerOperation = perOperation(sample.clientSeconds)
    }
}

/// The machine a run was made on, as the report states it.
struct MachineDescription: Sendable, Equatable, Codable {
    var cores: Int
    var cpu: String
    /// CPUs the process may run on, from Cpus_allowed in /proc/self/status; less than
    /// `cores` when pinned with taskset.
    var allowedCPUs: Int
    var loadAverage: String

    enum CodingKeys: String, CodingKey {
        case cores, cpu, allowedCPUs = "allowed_cpus", loadAverage = "load_average"
    }

    /// Reads the current machine's description from /proc.
    static func current() -> MachineDescription {
        let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuInfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3).joined(separator: " ")
        let allowed = allowedCPUCount() ?? ProcessInfo.processInfo.activeProcessorCount
        return MachineDescription(cores: ProcessInfo.processInfo.processorCount, cpu: model, allowedCPUs: allowed, loadAverage: load)
    }

    /// Counts the bits of the `Cpus_allowed` mask, such as "00000003" or "ff,ffffffff".
    private static func allowedCPUCount() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        let mask = line.dropFirst("Cpus_allowed:".count).trimmingCharacters(in: .whitespaces)
        var count = 0
        for character in mask where character != "," {
            guard let digit = character.hexDigitValue else { return nil }
            count += digit.nonzeroBitCount
        }
        return count
    }
}

/// Writes reports as JSON and timelines as CSV.
enum ReportFiles {
    /// Opens or creates `path` for writing before the load starts, so that
    /// a missing folder or a read-only file shows up before a long run.
    /// A file created here is left empty until the report is written.
    static func checkWritable(_ path: String?, what option: String) throws(ArgumentError) {
        guard let path else { return }
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw ArgumentError(message: "invalid \(option) '\(path)': the folder '\(folder)' does not exist; create it or choose another path")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ArgumentError(message: "invalid \(option) '\(path)': cannot open it for writing (\(reason)); choose a writable path")
        }
        close(descriptor)
    }

    static func writeJSON<Value: Encodable>(_ value: Value, to path: String) throws(BenchFailure) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(value).write(to: URL(fileURLWithPath: path))
        } catch {
            throw BenchFailure("cannot write the JSON report to \(path): \(error.localizedDescription)")
        }
    }

    static func writeCSV(_ reports: [BenchReport], to path: String) throws(BenchFailure) {
        var text = ""
        for (index, report) in reports.enumerated() {
            let csv = Timeline(rows: report.timeline).csv(scenario: report.scenario)
            text += index == 0 ? csv : String(csv.drop { $0 != "\n" }.dropFirst())
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw BenchFailure("cannot write the CSV timeline to \(path): \(error.localizedDescription)")
        }
    }
}

/// The `--json` file of a suite: every run's report.
struct SuiteReport: Sendable, Codable {
    var suite: String
    var runs: [BenchReport]
}

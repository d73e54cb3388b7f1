import Foundation

/// One measured figure.
struct BenchmarkFigure {
    var area: String
    var name: String
    var value: Double
    var unit: String
}

/// Collects figures from the areas and prints them with the machine and date.
struct BenchmarkReport {
    var command: String
    var currentArea = ""
    private(set) var figures: [BenchmarkFigure] = []
    /// When the report was made, before any area ran.
    let startDate = Machine.date

    init(command: String) {
        self.command = command
    }

    /// Records a figure under the area that is running.
    mutating func record(_ name: String, _ value: Double, unit: String) {
        figures.append(BenchmarkFigure(area: currentArea, name: name, value: value, unit: unit))
    }

    func tableText() -> String {
        var lines = ["command: \(command)", "machine: \(Machine.description)", "started: \(startDate)",
                     "finished: \(Machine.date)", ""]
        let nameWidth = figures.map { $0.area.count + $0.name.count + 1 }.max() ?? 0
        for figure in figures {
            let label = "\(figure.area).\(figure.name)"
            let padded = label.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            lines.append("\(padded)  \(Self.format(figure.value)) \(figure.unit)")
        }
        return lines.joined(separator: "\n")
    }

    func jsonText() -> String {
        var object: [String: Any] = ["command": command, "machine": Machine.description, "started": startDate,
                                     "finished": Machine.date]
        var values: [String: Any] = [:]
        for figure in figures {
            values["\(figure.area).\(figure.name)"] = ["value": figure.value, "unit": figure.unit]
        }
        object["figures"] = values
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private static func format(_ value: Double) -> String {
        if value >= 100 { return String(format: "%.0f", value) }
        return String(format: "%.3f", value)
    }
}

/// Facts about the machine a benchmark ran on.
enum Machine {
    static let description: String = {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let model = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return "\(cores) cores, \(model ?? "unknown CPU")"
    }()

    static var date: String {
        ISO8601DateFormatter().string(from: Date())
    }
}

/// Runs `body` repeatedly for about `seconds` and returns operations per
/// second, where each call of `body` performs `operationsPerCall` operations.
func measureRate(seconds: Double = 1.0, operationsPerCall: Int = 1, _ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    // Warm up caches and the branch predictor before timing.
    for _ in 0..<100 { body() }
    var calls = 0
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for _ in 0..<100 { body() }
        calls += 100
        elapsed = clock.now - start
    }
    let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(calls * operationsPerCall) / elapsedSeconds
}

/// Keeps a value alive so that the optimiser cannot remove the work that made it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

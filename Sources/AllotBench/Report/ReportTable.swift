/// The final tables printed after a run: the rate and latency
/// percentiles of each scenario, and the operator figures per queue.
enum ReportTable {
    /// Measures in the order the table lists them; others follow by name.
    static let measureOrder = [
        Measure.echo, Measure.createTask, Measure.reservationEvent, Measure.acceptReservation, Measure.completeTask,
        Measure.cycle, Measure.queueWait, Measure.answer, Measure.beanstalkdPut, Measure.beanstalkdReserve,
        Measure.beanstalkdDelete,
    ]

    /// Measures timed in simulated time in profile runs.
    static let simulatedMeasures: Set<String> = [Measure.queueWait, Measure.answer]

    static func lines(_ reports: [BenchReport]) -> [String] {
        var rows: [[String]] = [["scenario", "rate", "errors", "server CPU", "measure", "count", "p50", "p90", "p99", "p99.9", "max"]]
        for report in reports {
            let rate = "\(grouped(report.achievedRate)) \(report.rateUnit)/s"
            let errors = "\(report.errorCount)"
            let cpu = report.cpu.serverMicrosecondsPerOperation.map { "\(formatMicroseconds($0))/op" } ?? "-"
            let measures = report.latencies.keys.sorted { order($0) < order($1) }
            for (index, measure) in measures.enumerated() {
                guard let summary = report.latencies[measure] else { continue }
                let label = simulatedMeasures.contains(measure) ? "\(measure) (simulated)" : measure
                rows.append([
                    index == 0 ? report.scenario : "", index == 0 ? rate : "", index == 0 ? errors : "", index == 0 ? cpu : "",
                    label, "\(summary.count)",
                    formatMicroseconds(summary.p50Microseconds), formatMicroseconds(summary.p90Microseconds),
                    formatMicroseconds(summary.p99Microseconds), formatMicroseconds(summary.p999Microseconds),
                    formatMicroseconds(summary.maxMicroseconds),
                ])
            }
            if measures.isEmpty { rows.append([report.scenario, rate, errors, cpu, "", "0", "", "", "", "", ""]) }
        }
        var text = aligned(rows, leftColumns: 5)
        for report in reports where report.queues != nil {
            text.append("")
            text.append("\(report.scenario): operator figures, simulated time (speed \(report.settings["speed"] ?? "1"), service level threshold \(report.settings["service_level_seconds"] ?? "?") s)")
            text += queueLines(report)
        }
        return text
    }

    /// The closing lines when calls failed: how many, and the first
    /// failure's message, once for the whole run. Empty when none failed.
    static func errorLines(_ reports: [BenchReport]) -> [String] {
        let failed = reports.filter { $0.errorCount > 0 }
        guard let first = failed.first else { return [] }
        let total = failed.reduce(UInt64(0)) { $0 + $1.errorCount }
        let scenarios = failed.map(\.scenario).joined(separator: ", ")
        return [
            "\(total) call\(total == 1 ? "" : "s") failed (\(scenarios)); the first error, in \(first.scenario): \(first.firstError ?? "no message")",
        ]
    }

    private static func queueLines(_ report: BenchReport) -> [String] {
        var rows: [[String]] = [["queue", "reserved", "answered", "abandoned", "service level", "ASA", "wait p50", "wait p99", "eligible", "occupancy"]]
        // Every queue is listed, idle ones too, as in the JSON report.
        for queue in (report.queues ?? []) + (report.overall.map { [$0] } ?? []) {
            // Waits are measured at the first reservation, so a queue without one has none.
            let waited = queue.reservedCount > 0
            rows.append([
                queue.queue, "\(queue.reservedCount)", "\(queue.answeredCount)", "\(queue.abandonedCount)",
                queue.serviceLevel.map(percent) ?? "-", queue.averageSpeedOfAnswerSeconds.map(seconds) ?? "-",
                waited ? seconds(queue.queueWaitP50Seconds) : "-", waited ? seconds(queue.queueWaitP99Seconds) : "-",
                "\(queue.eligibleWorkerCount)", queue.occupancy.map(percent) ?? "-",
            ])
        }
        return aligned(rows, leftColumns: 1)
    }

    /// Formats a latency in the unit that keeps three or four digits.
    static func formatMicroseconds(_ microseconds: Double) -> String {
        if microseconds < 1_000 { return "\(String(oneDecimal: microseconds)) µs" }
        if microseconds < 1_000_000 { return "\(String(oneDecimal: microseconds / 1_000)) ms" }
        return "\(String(oneDecimal: microseconds / 1_000_000)) s"
    }

    /// Formats a rate with thousands separators, such as "12,345".
    static func grouped(_ value: Double) -> String {
        guard value.isFinite, value < 1e15 else { return "\(value)" }
        let whole = Int(value.rounded())
        if whole < 100 { return String(oneDecimal: value) }
        var digits = String(whole)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits = String(digits.dropLast(3))
        }
        groups.insert(digits, at: 0)
        return groups.joined(separator: ",")
    }

    private static func percent(_ share: Double) -> String {
        "\(String(oneDecimal: share * 100)) %"
    }

    private static func seconds(_ value: Double) -> String {
        "\(String(oneDecimal: value)) s"
    }

    private static func order(_ measure: String) -> String {
        let index = measureOrder.firstIndex(of: measure) ?? measureOrder.count
        return "\(100 + index)\(measure)"
    }

    /// Left-aligns the first `leftColumns` columns and right-aligns the others.
    static func aligned(_ rows: [[String]], leftColumns: Int) -> [String] {
        guard let columnCount = rows.map(\.count).max() else { return [] }
        var widths = Array(repeating: 0, count: columnCount)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index < leftColumns ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }
}

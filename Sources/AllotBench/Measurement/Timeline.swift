/// One second of a run: what completed in it and its latency percentiles.
struct TimelineRow: Sendable, Equatable, Codable {
    /// Seconds since the run started, counting from 1 for the first second.
    var second: Int
    /// Operations of the scenario's rate counter (cycles, echoes, tasks).
    var rateCount: UInt64
    var callCount: UInt64
    var errorCount: UInt64
    /// Percentiles of the primary measure within this second; zero when
    /// nothing was recorded in it.
    var p50Microseconds: Double
    var p99Microseconds: Double

    enum CodingKeys: String, CodingKey {
        case second, rateCount = "rate_count", callCount = "calls", errorCount = "errors"
        case p50Microseconds = "p50_us", p99Microseconds = "p99_us"
    }
}

/// The per-second rows of a run, at most one per second of
/// `BenchLimits.maximumDuration`.
struct Timeline: Sendable, Equatable {
    private(set) var rows: [TimelineRow] = []

    init(rows: [TimelineRow] = []) {
        self.rows = Array(rows.prefix(Self.maximumRows))
    }

    static let maximumRows = Int(BenchLimits.maximumDuration.components.seconds) + 1

    /// Appends a row; rows past `maximumRows` are dropped.
    mutating func append(_ row: TimelineRow) {
        guard rows.count < Self.maximumRows else { return }
        rows.append(row)
    }

    /// Returns the timeline as CSV with a header line.
    func csv(scenario: String) -> String {
        var text = "scenario,second,rate_count,calls,errors,p50_us,p99_us\n"
        for row in rows {
            text += "\(scenario),\(row.second),\(row.rateCount),\(row.callCount),\(row.errorCount),"
            text += "\(String(oneDecimal: row.p50Microseconds)),\(String(oneDecimal: row.p99Microseconds))\n"
        }
        return text
    }
}

extension String {
    /// Formats a number with one decimal, such as "12.5". Values past
    /// 10^15 keep Swift's default form.
    init(oneDecimal value: Double) {
        guard value.isFinite, abs(value) < 1e15 else {
            self = "\(value)"
            return
        }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        self = "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}

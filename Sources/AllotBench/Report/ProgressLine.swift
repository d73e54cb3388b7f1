import Foundation

/// The live progress line on standard error: elapsed time, the last
/// second's rate, its p99 and the errors so far. On a terminal it is
/// redrawn in place each second; otherwise a line is written every
/// `pipedIntervalSeconds` and for the last second, so logs stay short.
final class ProgressLine: Sendable {
    let scenario: String
    let rateUnit: String
    let enabled: Bool
    let isTerminal: Bool

    /// Seconds between progress lines when standard error is not a terminal.
    static let pipedIntervalSeconds = 5

    init(scenario: String, rateUnit: String, enabled: Bool) {
        self.scenario = scenario
        self.rateUnit = rateUnit
        self.enabled = enabled
        self.isTerminal = isatty(STDERR_FILENO) == 1
    }

    /// Shows the figures of the second that just closed.
    func show(_ row: TimelineRow, window: LoadWindow) {
        guard enabled else { return }
        let total = Int((window.end - window.start).seconds.rounded())
        let phase = ContinuousClock.now < window.measureStart ? " (warm-up)" : ""
        let text = "\(scenario): \(row.second)s/\(total)s\(phase)  \(row.rateCount) \(rateUnit)/s  "
            + "p99 \(ReportTable.formatMicroseconds(row.p99Microseconds))  errors \(row.errorCount)"
        if isTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        } else if row.second % Self.pipedIntervalSeconds == 0 || row.second == total {
            FileHandle.standardError.write(Data("\(text)\n".utf8))
        }
    }

    /// Ends the line on a terminal.
    func finish() {
        guard enabled, isTerminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

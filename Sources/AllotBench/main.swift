// allot-bench: drives allot-server through the SDK with load scenarios and
// reports latency percentiles, rates and operator figures. See docs/bench.md.
import Foundation

/// Exit statuses: 0 after a run, 1 when the run failed, 2 for bad arguments.
enum ExitStatus {
    static let success: Int32 = 0
    static let runFailed: Int32 = 1
    static let invalidArguments: Int32 = 2
}

let parsed: BenchArguments.Parsed
do {
    parsed = try BenchArguments.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    standardError("allot-bench: \(error.message)")
    exit(ExitStatus.invalidArguments)
}

guard case .run(let options) = parsed else {
    print(HelpText.text)
    exit(ExitStatus.success)
}

let status = BlockingRun.wait {
    do {
        let reports = try await BenchRunner.run(options) { print($0) }
        if options.suite == nil || options.quiet {
            print(ReportTable.lines(reports).joined(separator: "\n"))
        } else {
            print("\nsummary")
            print(ReportTable.lines(reports).joined(separator: "\n"))
        }
        if let path = options.jsonPath {
            if let suite = options.suite {
                try ReportFiles.writeJSON(SuiteReport(suite: suite, runs: reports), to: path)
            } else if let report = reports.first {
                try ReportFiles.writeJSON(report, to: path)
            }
        }
        if let path = options.csvPath {
            try ReportFiles.writeCSV(reports, to: path)
        }
        return ExitStatus.success
    } catch {
        standardError("allot-bench: \(error)")
        return ExitStatus.runFailed
    }
}
exit(status)

// allot-bench: drives allot-server through the SDK with load scenarios and
// reports latency percentiles, rates and operator figures. See docs/bench.md.
import Foundation

/// Exit statuses: 0 after a run without failed calls, 1 when the run
/// failed or calls failed, 2 for invalid arguments or input files.
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

do {
    try ReportFiles.checkWritable(options.jsonPath, what: "--json")
    try ReportFiles.checkWritable(options.csvPath, what: "--csv")
} catch {
    standardError("allot-bench: \(error.message)")
    exit(ExitStatus.invalidArguments)
}

let status = BlockingRun.wait {
    do {
        let reports = try await BenchRunner.run(options) { printFlushed($0) }
        if options.suite != nil, !options.quiet { print("\nsummary") }
        printFlushed(ReportTable.lines(reports).joined(separator: "\n"))
        if let path = options.jsonPath {
            if let suite = options.suite {
                try ReportFiles.writeJSON(SuiteReport(suite: suite, runs: reports), to: path)
            } else if let report = reports.first {
                try ReportFiles.writeJSON(report, to: path)
            }
            standardError("allot-bench: wrote the JSON report to \(path)")
        }
        if let path = options.csvPath {
            try ReportFiles.writeCSV(reports, to: path)
            standardError("allot-bench: wrote the CSV timeline to \(path)")
        }
        let errorLines = ReportTable.errorLines(reports)
        errorLines.forEach { standardError("allot-bench: \($0)") }
        return errorLines.isEmpty ? ExitStatus.success : ExitStatus.runFailed
    } catch let error as BenchFailure where error.isUsageError {
        standardError("allot-bench: \(error)")
        return ExitStatus.invalidArguments
    } catch let error as ProfileError {
        standardError("allot-bench: \(error)")
        return ExitStatus.invalidArguments
    } catch {
        standardError("allot-bench: \(error)")
        return ExitStatus.runFailed
    }
}
exit(status)


@testable import AllotBench
import Foundation
import Testing

struct BenchReportTests {
    private func sampleReport() -> BenchReport {
        var histogram = LatencyHistogram()
        for microseconds: UInt64 in 1...1_000 {
            histogram.record(nanoseconds: microseconds * 1_000)
        }
        return BenchReport(
            scenario: "throughput", server: "127.0.0.1:7700", startedServer: true, date: "2026-12-04T22:00:00Z",
            machine: MachineDescription(cores: 2, cpu: "test", allowedCPUs: 2, loadAverage: "0 0 0"),
            settings: ["connections": "1"], measuredSeconds: 10, achievedRate: 1_234.5, rateUnit: "cycles",
            callsPerSecond: 3_703.5, counters: ["cycles": 12_345],
            latencies: [Measure.createTask: LatencySummary(histogram)],
            cpu: CPUFigures(sample: CPUSample(serverSeconds: 2.5, clientSeconds: nil), operations: 12_345),
            queues: nil, overall: nil,
            timeline: [TimelineRow(second: 1, rateCount: 1_200, callCount: 3_600, errorCount: 0, p50Microseconds: 500, p99Microseconds: 990)]
        )
    }

    @Test func jsonHasPercentilesAndAchievedRate() throws {
        let data = try JSONEncoder().encode(sampleReport())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["achieved_rate"] as? Double == 1_234.5)
        #expect(object["rate_unit"] as? String == "cycles")
        #expect(object["scenario"] as? String == "throughput")
        let latencies = try #require(object["latencies"] as? [String: Any])
        let create = try #require(latencies["create_task"] as? [String: Any])
        for key in ["count", "p50_us", "p90_us", "p99_us", "p999_us", "max_us", "mean_us"] {
            #expect(create[key] != nil, "missing \(key)")
        }
        #expect(create["count"] as? Int == 1_000)
        let p50 = try #require(create["p50_us"] as? Double)
        #expect(p50 >= 500 && p50 <= 516, "p50_us \(p50)")
        #expect(create["max_us"] as? Double == 1_000)
        let timeline = try #require(object["timeline"] as? [[String: Any]])
        #expect(timeline.first?["p99_us"] as? Double == 990)
        let cpu = try #require(object["cpu"] as? [String: Any])
        #expect(cpu["server_s"] as? Double == 2.5)
        #expect(cpu["server_us_per_op"] as? Double == 202.5)
        #expect(cpu["client_s"] == nil)
        let machine = try #require(object["machine"] as? [String: Any])
        #expect(machine["cores"] as? Int == 2)
    }

    @Test func reportRoundTripsThroughJSON() throws {
        let report = sampleReport()
        let decoded = try JSONDecoder().decode(BenchReport.self, from: JSONEncoder().encode(report))
        #expect(decoded == report)
    }

    @Test func timelineCSVHasHeaderAndRows() {
        let csv = Timeline(rows: sampleReport().timeline).csv(scenario: "throughput")
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "scenario,second,rate_count,calls,errors,p50_us,p99_us")
        #expect(lines.dropFirst().first == "throughput,1,1200,3600,0,500.0,990.0")
    }

    @Test func tableListsEveryMeasure() {
        let lines = ReportTable.lines([sampleReport()])
        #expect(lines.count == 2)
        #expect(lines[1].contains("throughput"))
        #expect(lines[1].contains("1,234 cycles/s") || lines[1].contains("1,235 cycles/s"))
        #expect(lines[1].contains("create_task"))
    }

    @Test func tableShowsErrorsColumn() throws {
        var report = sampleReport()
        report.errorCount = 7
        let lines = ReportTable.lines([report])
        let header = lines[0].split(separator: " ", omittingEmptySubsequences: true)
        let row = lines[1].split(separator: " ", omittingEmptySubsequences: true)
        let errorsIndex = try #require(header.firstIndex(of: "errors"))
        // "1,234 cycles/s" takes two fields in the row and one in the header.
        #expect(row[errorsIndex + 1] == "7")
    }

    @Test func errorLinesNameFirstError() {
        var failed = sampleReport()
        failed.errorCount = 3
        failed.firstError = "invalidArgument task_channel: no task channel 'voise'"
        let clean = sampleReport()
        #expect(ReportTable.errorLines([clean]).isEmpty)
        let lines = ReportTable.errorLines([clean, failed, failed])
        #expect(lines.count == 1)
        #expect(lines.first?.contains("6 calls failed") == true)
        #expect(lines.first?.contains("no task channel 'voise'") == true)
    }

    @Test func reportFileInMissingFolderRejected() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)").path
        #expect(throws: ArgumentError.self) {
            try ReportFiles.checkWritable("\(folder)/report.json", what: "--json")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ReportFiles.checkWritable("\(folder)/report.json", what: "--json")
        #expect(FileManager.default.fileExists(atPath: "\(folder)/report.json"))
    }

    @Test func queueTableListsIdleQueues() throws {
        var report = sampleReport()
        var busy = OperatorLedger.QueueTally()
        busy.reservedCount = 4
        busy.answeredCount = 4
        busy.queueWait.record(nanoseconds: 2_000_000_000)
        report.queues = [
            ProfileFigures.figures("Support", sid: "WQ1", tally: busy, eligible: 2, measuredSeconds: 10),
            ProfileFigures.figures("Escalations", sid: "WQ2", tally: OperatorLedger.QueueTally(), eligible: 1, measuredSeconds: 10),
        ]
        report.settings["speed"] = "60"
        let lines = ReportTable.lines([report])
        let idle = try #require(lines.first { $0.hasPrefix("Escalations") })
        let fields = idle.split(separator: " ", omittingEmptySubsequences: true)
        // queue, reserved, answered, abandoned, service level, ASA, wait p50, wait p99, ...
        #expect(fields[1] == "0")
        #expect(fields[6] == "-")
        #expect(fields[7] == "-")
        #expect(!idle.contains("0.0 s"))
        #expect(lines.contains { $0.hasPrefix("Support") })
    }

    @Test func machineDescriptionReadsProc() {
        let machine = MachineDescription.current()
        #expect(machine.cores >= 1)
        #expect(machine.allowedCPUs >= 1)
        #expect(machine.allowedCPUs <= machine.cores)
    }

    @Test func operatorFiguresFollowTheirDefinitions() {
        var tally = OperatorLedger.QueueTally()
        tally.answeredCount = 8
        tally.answeredInServiceLevelCount = 6
        tally.abandonedCount = 2
        tally.answerSecondsSum = 80
        tally.busySeconds = 30
        let figures = ProfileFigures.figures("Q", sid: "WQ1", tally: tally, eligible: 3, measuredSeconds: 20)
        #expect(figures.serviceLevel == 0.6)
        #expect(figures.averageSpeedOfAnswerSeconds == 10)
        #expect(figures.occupancy == 0.5)
        let empty = ProfileFigures.figures("Q", sid: "", tally: OperatorLedger.QueueTally(), eligible: 0, measuredSeconds: 20)
        #expect(empty.serviceLevel == nil)
        #expect(empty.occupancy == nil)
    }
}

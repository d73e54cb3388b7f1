// allot-benchmarks: micro-benchmarks of the engine, one subcommand per area.
//
//   allot-benchmarks <area>|all [--json]
//
// Each area prints its figures as a table, or with --json one JSON object
// holding the machine, the date and every figure.
import Foundation

let areas: [(name: String, run: (inout BenchmarkReport) -> Void)] = [
    ("json", runJSONBenchmarks),
    ("expressions", runExpressionBenchmarks),
    ("engine", runEngineBenchmarks),
    ("echo", runEchoBenchmarks),
    ("wire", runWireBenchmarks),
    ("persistence", runPersistenceBenchmarks),
    ("durability", runDurabilityBenchmarks),
]

var arguments = Array(CommandLine.arguments.dropFirst())
let printsJSON = arguments.contains("--json")
arguments.removeAll { $0 == "--json" }

guard let requested = arguments.first, arguments.count == 1,
      requested == "all" || areas.contains(where: { $0.name == requested })
else {
    let names = (areas.map(\.name) + ["all"]).joined(separator: "|")
    FileHandle.standardError.write(Data("usage: allot-benchmarks \(names) [--json]\n".utf8))
    exit(2)
}

var report = BenchmarkReport(command: (["allot-benchmarks"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
for area in areas where requested == "all" || requested == area.name {
    report.currentArea = area.name
    area.run(&report)
}
print(printsJSON ? report.jsonText() : report.tableText())

/// Placeholder until this area's benchmarks are written.
func runJSONBenchmarks(_ report: inout BenchmarkReport) {
}

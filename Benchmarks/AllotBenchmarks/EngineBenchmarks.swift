/// Placeholder until this area's benchmarks are written.
func runEngineBenchmarks(_ report: inout BenchmarkReport) {
}

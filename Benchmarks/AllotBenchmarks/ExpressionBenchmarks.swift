/// Placeholder until this area's benchmarks are written.
func runExpressionBenchmarks(_ report: inout BenchmarkReport) {
}

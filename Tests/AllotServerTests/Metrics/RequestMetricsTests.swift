import AllotTestSupport
import AllotWire
import Testing

@testable import AllotServer

@Suite struct RequestMetricsTests {
    @Test func mergesKeepEveryCount() {
        var random = SeededGenerator(seed: 11)
        let shard = ServerMetrics.Shard()
        var local = RequestMetrics()
        var expected = [UInt64](repeating: 0, count: RequestMetrics.methodNames.count * RequestMetrics.statusSlotCount)
        let statuses: [Wire.StatusCode] = [.ok, .notFound, .invalidArgument, .unrecognized(99)]
        for round in 0..<2_000 {
            let method = Int.random(in: 0..<RequestMetrics.methodNames.count, using: &random)
            let status = statuses[Int.random(in: 0..<statuses.count, using: &random)]
            local.recordCall(methodIndex: method, status: status, latencyNanoseconds: 1_000)
            expected[method * RequestMetrics.statusSlotCount + RequestMetrics.statusSlot(status)] += 1
            if round % 7 == 0 { shard.merge(&local) }
        }
        shard.merge(&local)
        let merged = shard.counts.withLock { $0 }
        #expect(merged.requestCounts == expected)
        #expect(merged.latencyCount == 2_000)
        #expect(local.requestCounts.allSatisfy { $0 == 0 })
        #expect(local.countedSlots.isEmpty)
    }

    @Test func scrapeTotalsEveryShard() {
        let metrics = ServerMetrics(shardCount: 2)
        for (index, shard) in metrics.shards.enumerated() {
            var local = RequestMetrics()
            for _ in 0...index { local.recordCall(methodIndex: 0, status: .ok, latencyNanoseconds: 10) }
            local.recordCall(methodIndex: 1, status: .notFound, latencyNanoseconds: 10)
            shard.merge(&local)
        }
        let text = metrics.prometheusText(engine: EngineGauges(tasksByStatus: []))
        let first = RequestMetrics.methodNames[0]
        let second = RequestMetrics.methodNames[1]
        #expect(text.contains("allot_requests_total{method=\"\(first)\",status=\"OK\"} 3"))
        #expect(text.contains("allot_requests_total{method=\"\(second)\",status=\"NOT_FOUND\"} 2"))
    }
}

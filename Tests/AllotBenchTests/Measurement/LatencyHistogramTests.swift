@testable import AllotBench
import Testing

struct LatencyHistogramTests {
    @Test func bucketBoundsContainTheirValues() {
        var values: [UInt64] = Array(0...300)
        var power: UInt64 = 512
        while power < LatencyHistogram.maximumTrackableNanoseconds {
            values += [power - 1, power, power + 1, power + power / 3]
            power <<= 1
        }
        for value in values {
            let index = LatencyHistogram.bucketIndex(value)
            #expect(LatencyHistogram.lowerBound(ofBucket: index) <= value, "value \(value), bucket \(index)")
            #expect(LatencyHistogram.upperBound(ofBucket: index) >= value, "value \(value), bucket \(index)")
        }
    }

    @Test func bucketsAreContiguous() {
        for index in 1..<LatencyHistogram.bucketCount {
            #expect(LatencyHistogram.lowerBound(ofBucket: index) == LatencyHistogram.upperBound(ofBucket: index - 1) + 1, "bucket \(index)")
        }
    }

    @Test func bucketWidthIsWithinOneThirtySecond() {
        for index in 64..<LatencyHistogram.bucketCount {
            let lower = LatencyHistogram.lowerBound(ofBucket: index)
            let width = LatencyHistogram.upperBound(ofBucket: index) - lower + 1
            #expect(width * 32 <= lower, "bucket \(index): width \(width), lower bound \(lower)")
        }
    }

    @Test func smallValuesAreExact() {
        var histogram = LatencyHistogram()
        for value: UInt64 in [3, 7, 7, 40] {
            histogram.record(nanoseconds: value)
        }
        #expect(histogram.valueAt(percentile: 25) == 3)
        #expect(histogram.valueAt(percentile: 50) == 7)
        #expect(histogram.valueAt(percentile: 100) == 40)
        histogram.checkInvariants()
    }

    @Test func percentilesOfUniformValues() {
        var histogram = LatencyHistogram()
        for microseconds: UInt64 in 1...10_000 {
            histogram.record(nanoseconds: microseconds * 1_000)
        }
        let expected: [(Double, Double)] = [(50, 5_000_000), (90, 9_000_000), (99, 9_900_000), (99.9, 9_990_000)]
        for (percentile, value) in expected {
            let reported = Double(histogram.valueAt(percentile: percentile))
            #expect(reported >= value, "p\(percentile) = \(reported), below \(value)")
            #expect(reported <= value * (1 + 1.0 / 32), "p\(percentile) = \(reported), more than 1/32 above \(value)")
        }
        #expect(histogram.valueAt(percentile: 100) == 10_000_000)
        #expect(histogram.count == 10_000)
        #expect(abs(histogram.meanNanoseconds - 5_000_500) < 1)
        histogram.checkInvariants()
    }

    @Test func emptyHistogramReportsZero() {
        let histogram = LatencyHistogram()
        #expect(histogram.valueAt(percentile: 99) == 0)
        #expect(histogram.meanNanoseconds == 0)
        #expect(histogram.count == 0)
    }

    @Test func valuesPastTheLimitKeepTheirMaximum() {
        var histogram = LatencyHistogram()
        let huge = LatencyHistogram.maximumTrackableNanoseconds * 4
        histogram.record(nanoseconds: huge)
        #expect(histogram.maximumNanoseconds == huge)
        #expect(histogram.valueAt(percentile: 50) == huge)
        histogram.checkInvariants()
    }

    @Test func negativeDurationsCountAsZero() {
        var histogram = LatencyHistogram()
        histogram.record(.milliseconds(-5))
        #expect(histogram.maximumNanoseconds == 0)
        #expect(histogram.count == 1)
    }

    @Test func mergeAddsCountsAndExtremes() {
        var first = LatencyHistogram()
        var second = LatencyHistogram()
        for value: UInt64 in 1...100 { first.record(nanoseconds: value * 1_000) }
        for value: UInt64 in 101...200 { second.record(nanoseconds: value * 1_000) }
        first.merge(second)
        #expect(first.count == 200)
        #expect(first.minimumNanoseconds == 1_000)
        #expect(first.maximumNanoseconds == 200_000)
        #expect(first.valueAt(percentile: 50) >= 100_000)
        #expect(first.valueAt(percentile: 50) <= 104_000)
        first.checkInvariants()
    }
}

import Synchronization

/// Collects a run's measurements from every task at once: one latency
/// histogram per measure ("create_task", "reservation_event", ...), named
/// counters, and the current second's figures for the timeline.
///
/// Totals recorded before `startMeasuring()` are dropped, so a warm-up
/// does not count; the timeline keeps every second. `freezeCounters()` at
/// the end of the load window fixes the counters, so rates cover exactly
/// the window, while latencies of work still finishing keep being recorded.
final class Recorder: Sendable {
    /// The measure whose per-second percentiles the progress line and the
    /// timeline show, such as "cycle" or "echo".
    let primaryMeasure: String
    /// The counter that is the scenario's rate, such as "cycles".
    let rateCounter: String

    private struct State {
        var histograms: [String: LatencyHistogram] = [:]
        var counters: [String: UInt64] = [:]
        var secondHistogram = LatencyHistogram()
        var secondCounters: [String: UInt64] = [:]
        var timeline = Timeline()
        var frozenCounters: [String: UInt64]?
        /// Failed calls over the whole run, warm-up and drain included.
        var runErrorCount: UInt64 = 0
        var firstErrorMessage: String?
    }

    private let state = Mutex(State())

    init(primaryMeasure: String, rateCounter: String) {
        self.primaryMeasure = primaryMeasure
        self.rateCounter = rateCounter
    }

    /// Records one latency of `measure`.
    func record(_ measure: String, _ duration: Duration) {
        state.withLock { state in
            state.histograms[measure, default: LatencyHistogram()].record(duration)
            if measure == primaryMeasure {
                state.secondHistogram.record(duration)
            }
        }
    }

    /// Adds `amount` to the counter `name`.
    func count(_ name: String, by amount: UInt64 = 1) {
        state.withLock { state in
            state.counters[name, default: 0] += amount
            state.secondCounters[name, default: 0] += amount
        }
    }

    /// Counts a failed call in the `errors` counter and keeps the first
    /// failure's message for the end of the run.
    func countError(_ error: any Error) {
        let message = "\(error)"
        state.withLock { state in
            state.counters[CounterName.errors, default: 0] += 1
            state.secondCounters[CounterName.errors, default: 0] += 1
            state.runErrorCount += 1
            if state.firstErrorMessage == nil { state.firstErrorMessage = message }
        }
    }

    /// Failed calls over the whole run, including the warm-up and the
    /// work that finished after the window, with the first one's message.
    var runErrors: (count: UInt64, firstMessage: String?) {
        state.withLock { ($0.runErrorCount, $0.firstErrorMessage) }
    }

    /// Drops the totals recorded so far: the warm-up has ended.
    func startMeasuring() {
        state.withLock { state in
            state.histograms = [:]
            state.counters = [:]
        }
    }

    /// Fixes the counters as they are now; later counts go only to the timeline.
    func freezeCounters() {
        state.withLock { state in
            state.frozenCounters = state.frozenCounters ?? state.counters
        }
    }

    /// Closes the current second as timeline row number `second` and returns it.
    @discardableResult
    func closeSecond(_ second: Int) -> TimelineRow {
        state.withLock { state in
            let row = TimelineRow(
                second: second,
                rateCount: state.secondCounters[rateCounter, default: 0],
                callCount: state.secondCounters[CounterName.calls, default: 0],
                errorCount: state.secondCounters[CounterName.errors, default: 0],
                p50Microseconds: Double(state.secondHistogram.valueAt(percentile: 50)) / 1_000,
                p99Microseconds: Double(state.secondHistogram.valueAt(percentile: 99)) / 1_000
            )
            state.timeline.append(row)
            state.secondHistogram = LatencyHistogram()
            state.secondCounters = [:]
            return row
        }
    }

    /// The histograms recorded since measuring started.
    var histograms: [String: LatencyHistogram] {
        state.withLock { $0.histograms }
    }

    /// The counters recorded from the start of measuring to the freeze, or
    /// until now before the freeze.
    var counters: [String: UInt64] {
        state.withLock { $0.frozenCounters ?? $0.counters }
    }

    /// Every second closed so far.
    var timeline: Timeline {
        state.withLock { $0.timeline }
    }
}

/// Names of the counters every scenario keeps.
enum CounterName {
    /// Calls that returned OK, over every connection.
    static let calls = "calls"
    /// Calls that failed, and cycles abandoned because of a failed call.
    static let errors = "errors"
    /// Full create, reserve, accept and complete cycles.
    static let cycles = "cycles"
    /// Echo calls that returned.
    static let echoes = "echoes"
    /// Tasks created.
    static let tasksCreated = "tasks_created"
}

import Foundation
import Synchronization

/// The context a scenario gets from the runner: the options, the server,
/// the recorder, and the clock of the load phase, whose per-second ticks feed
/// the timeline and the progress line.
final class ScenarioRun: Sendable {
    let options: BenchOptions
    /// The Allot server; nil when a peer is measured.
    let target: ServerTarget?
    let recorder: Recorder
    /// A short identifier that makes the run's workspace names unique.
    let runID: String
    let progress: ProgressLine
    /// The process ID of the server allot-bench started, for its CPU time.
    let serverPID: Int32?

    private struct Clock {
        var window: LoadWindow?
        var ticker: Task<Void, Never>?
        var closer: Task<Void, Never>?
        var endedAt: ContinuousClock.Instant?
        var cpuAtMeasureStart: CPUSample?
        var cpuAtEnd: CPUSample?
    }

    private let clock = Mutex(Clock())
    /// SIDs of the workspaces the run created, deleted at its end unless
    /// --keep-workspace is given.
    private let workspaces = Mutex<[String]>([])
    /// The last timeline second closed; 0 before the first.
    private let closedSeconds = Mutex(0)

    init(options: BenchOptions, target: ServerTarget?, recorder: Recorder, progress: ProgressLine, serverPID: Int32? = nil) {
        self.options = options
        self.target = target
        self.recorder = recorder
        self.serverPID = serverPID
        self.runID = String(UUID().uuidString.prefix(8)).lowercased()
        self.progress = progress
    }

    /// Returns the server target, for scenarios that need one.
    func requireTarget() throws(BenchFailure) -> ServerTarget {
        guard let target else { throw BenchFailure("this scenario needs an Allot server; pass --server HOST:PORT or omit it to start one") }
        return target
    }

    /// Notes a workspace the run created, so that the runner deletes it at the end.
    func noteWorkspace(_ sid: String) {
        workspaces.withLock { $0.append(sid) }
    }

    /// SIDs of the workspaces the run created, oldest first.
    var createdWorkspaces: [String] {
        workspaces.withLock { $0 }
    }

    /// Starts the load phase now: the timeline ticks once a second and the
    /// totals start counting when the warm-up ends.
    func beginLoad() -> LoadWindow {
        let start = ContinuousClock.now
        let window = LoadWindow(start: start, measureStart: start + options.warmUp, end: start + options.duration)
        if options.warmUp == .zero { startMeasuring() }
        let warmUp = options.warmUp
        let ticker = Task {
            var second = 1
            var measuring = warmUp == .zero
            while !Task.isCancelled, second <= Timeline.maximumRows {
                let tick = start + .seconds(second)
                // The timeline ends with the window; a last partial second counts.
                guard tick < window.end + .seconds(1) else { return }
                if !measuring, window.measureStart <= tick {
                    try? await Task.sleep(until: window.measureStart, clock: .continuous)
                    self.startMeasuring()
                    measuring = true
                }
                do {
                    try await Task.sleep(until: tick, clock: .continuous)
                } catch {
                    return
                }
                self.closeSeconds(through: second, window: window)
                second += 1
            }
        }
        let closer = Task {
            do {
                try await Task.sleep(until: window.end, clock: .continuous)
            } catch {
                return
            }
            self.closeWindow()
        }
        clock.withLock { clock in
            clock.window = window
            clock.ticker = ticker
            clock.closer = closer
        }
        return window
    }

    /// Closes the measured window: counters, CPU time and the measured
    /// seconds stop here, even while work started in the window finishes.
    private func closeWindow() {
        let sample = CPUSample.take(serverPID: serverPID)
        recorder.freezeCounters()
        clock.withLock { clock in
            if clock.endedAt == nil {
                clock.endedAt = .now
                clock.cpuAtEnd = sample
            }
        }
    }

    /// Ends the load phase: closes the window if the load ended before it,
    /// stops the ticker, and closes the seconds that have begun but that
    /// the ticker did not reach. A load that ends with its window races the
    /// ticker's last wake-up, which left the last second out of the
    /// timeline and the progress line short of its total.
    func endLoad() {
        closeWindow()
        let (tasks, window) = clock.withLock { ([$0.ticker, $0.closer], $0.window) }
        tasks.forEach { $0?.cancel() }
        if let window {
            let total = Int((window.end - window.start).seconds.rounded(.up))
            let begun = Int((ContinuousClock.now - window.start).seconds.rounded(.up))
            closeSeconds(through: min(total, begun, Timeline.maximumRows), window: window)
        }
        progress.finish()
    }

    /// Closes every timeline second up to `last` not closed yet, once each,
    /// whether the ticker or `endLoad` gets there first.
    /// The rows are closed under the lock, so they reach the timeline in order.
    private func closeSeconds(through last: Int, window: LoadWindow) {
        closedSeconds.withLock { closed in
            while closed < last {
                closed += 1
                progress.show(recorder.closeSecond(closed), window: window)
            }
        }
    }

    /// Drops the warm-up's totals and notes the CPU used so far.
    private func startMeasuring() {
        let sample = CPUSample.take(serverPID: serverPID)
        recorder.startMeasuring()
        clock.withLock { $0.cpuAtMeasureStart = sample }
    }

    /// CPU seconds of the server and of allot-bench over the measured time;
    /// nil for a process whose time could not be read.
    var measuredCPU: CPUSample {
        clock.withLock { clock in
            guard let start = clock.cpuAtMeasureStart, let end = clock.cpuAtEnd else { return CPUSample() }
            func difference(_ end: Double?, _ start: Double?) -> Double? {
                guard let end, let start else { return nil }
                return end - start
            }
            return CPUSample(serverSeconds: difference(end.serverSeconds, start.serverSeconds),
                             clientSeconds: difference(end.clientSeconds, start.clientSeconds))
        }
    }

    /// Seconds from the end of the warm-up to the end of the load; zero
    /// before the load has ended.
    var measuredSeconds: Double {
        clock.withLock { clock in
            guard let window = clock.window, let end = clock.endedAt else { return 0 }
            return max(0, (end - window.measureStart).seconds)
        }
    }
}

/// The instants of a load phase.
struct LoadWindow: Sendable {
    let start: ContinuousClock.Instant
    /// When the warm-up ends and totals start counting.
    let measureStart: ContinuousClock.Instant
    /// When new work stops being started.
    let end: ContinuousClock.Instant

    /// Wait for work still in flight after `end` before it is abandoned.
    static let drainTimeout = Duration.seconds(10)
}

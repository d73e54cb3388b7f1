import AllotCore
import Dispatch
import Foundation
import Glibc

/// Scheduling priority for threads that write snapshots.
package enum BackgroundPriority {
    /// The nice value snapshot threads run at. Encoding a large snapshot keeps a core busy for
    /// seconds. At this value Linux gives a request thread about ten times the encoder's share
    /// of a core when both are runnable, so requests do not wait behind the encoder.
    package static let snapshotNiceValue: Int32 = 10

    /// Lowers the calling thread's priority to ``snapshotNiceValue``. Linux keeps the nice
    /// value per thread (setpriority(2), BUGS), and ID 0 names the calling thread. An
    /// unprivileged thread cannot raise it again, so call this only on threads that do
    /// background work until they end. Returns false when the call failed, which leaves the
    /// thread at its priority.
    @discardableResult
    package static func lowerCurrentThread() -> Bool {
        setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, snapshotNiceValue) == 0
    }
}

/// A thread that writes a snapshot every interval until stopped, skipping an interval in
/// which nothing was journaled.
final class SnapshotScheduler: Sendable {
    private let stopRequest = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts the thread. It keeps `engine` alive until ``stop()``.
    init(engine: DurableEngine, interval: Duration, clock: @escaping @Sendable () -> Timestamp) {
        let nanoseconds = Int(clamping: interval.components.seconds * 1_000_000_000
            + interval.components.attoseconds / 1_000_000_000)
        let thread = Thread { [stopRequest, stopped] in
            BackgroundPriority.lowerCurrentThread()
            while stopRequest.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .timedOut {
                do {
                    // An idle interval logs nothing: a line per skip would repeat every interval.
                    if let report = try engine.snapshotIfJournalAdvanced(createdAt: clock()) {
                        engine.eventHandler(.snapshotWritten(report))
                    }
                } catch {
                    engine.eventHandler(.snapshotFailed(description: "\(error)"))
                }
            }
            stopped.signal()
        }
        thread.name = "allot-snapshot"
        thread.start()
    }

    /// Stops the thread, waiting for a snapshot in progress to finish.
    func stop() {
        stopRequest.signal()
        stopped.wait()
    }
}

extension DurableEngine {
    /// Writes a snapshot every `interval` on a background thread until ``close()``, taking
    /// its time from `clock`. Each outcome is reported to the event handler. Starting again
    /// replaces the previous schedule.
    package func startSnapshotSchedule(every interval: Duration, clock: @escaping @Sendable () -> Timestamp) {
        precondition(interval > .zero, "snapshot interval \(interval) must be positive")
        stopSnapshotSchedule()
        let started = SnapshotScheduler(engine: self, interval: interval, clock: clock)
        scheduler.withLock { $0 = started }
    }

    /// Stops the snapshot schedule, if one runs.
    package func stopSnapshotSchedule() {
        scheduler.withLock { current -> SnapshotScheduler? in
            defer { current = nil }
            return current
        }?.stop()
    }
}

import Foundation
import Synchronization

/// The thread that advances the engine's clock every tick, so that
/// reservation, step and TTL timeouts fire.
final class TimerThread: Sendable {
    private let handler: any RequestHandler
    private let tick: Duration
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(handler: any RequestHandler, tickMilliseconds: Int) {
        self.handler = handler
        self.tick = .milliseconds(tickMilliseconds)
    }

    func start() {
        let thread = Thread { [self] in
            let clock = ContinuousClock()
            var next = clock.now
            while !stopping.load(ordering: .relaxed) {
                handler.advance(to: .now())
                // Ticks keep their schedule; a late tick is not followed by a burst.
                next = max(next + tick, clock.now)
                let remaining = next - clock.now
                if remaining > .zero {
                    Thread.sleep(forTimeInterval: remaining.seconds)
                }
            }
            finished.signal()
        }
        thread.name = "allot-timer"
        thread.start()
    }

    /// Stops the thread after its current tick.
    func stop() {
        stopping.store(true, ordering: .relaxed)
        finished.wait()
    }
}

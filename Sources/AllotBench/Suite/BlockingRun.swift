import Dispatch
import Synchronization

/// Runs async work from the main thread of the command and waits for it.
enum BlockingRun {
    static func wait(_ body: @escaping @Sendable () async -> Int32) -> Int32 {
        let status = Mutex<Int32>(0)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result = await body()
            status.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return status.withLock { $0 }
    }
}

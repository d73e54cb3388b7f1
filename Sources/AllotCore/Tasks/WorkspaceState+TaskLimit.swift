/// Finished tasks in the order their retention timers fire: by deadline, then
/// by the order in which the timers were armed.
///
/// Positions are dense, because task handles are slot numbers of the task
/// table. Every entry the heap moves in a sift is re-indexed, and a hashed
/// index cost a dictionary update per move. That was about 1,800 of the 2,500
/// instructions a removal took (callgrind, cycles benchmark of `allot-benchmarks engine`).
typealias RetentionHeap = DenseIndexedHeap<TaskHandle, TimerKey>

extension WorkspaceState {
    /// Makes room for one more task under `maximumTasks`, which counts tasks
    /// in every state. At the limit it removes the finished task whose
    /// retention ends first, as its retention timer would have done a little
    /// later, so that finished tasks kept for reading never hold up new work.
    /// Throws only when every task is unfinished.
    ///
    /// Called after the request is validated: a rejected request removes nothing.
    ///
    /// - Complexity: O(log n) in the number of finished tasks, per task removed.
    mutating func makeRoomForTask() throws(EngineError) {
        // More than one goes only when the workspace contains more tasks than the
        // limit, as after a restore under a lower limit.
        while tasks.count >= limits.maximumTasks, let oldest = timers.retention.min {
            removeTask(oldest.id)
        }
        guard tasks.count < limits.maximumTasks else {
            throw .resourceExhausted(field: "Attributes", message: "the workspace has \(tasks.count) unfinished tasks, "
                + "the maximum; complete or cancel tasks before creating more")
        }
    }
}

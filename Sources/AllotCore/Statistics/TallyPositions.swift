/// The positions of waiting tasks in the heaps of one kind of tally: the
/// workspace's, every workflow's, or every task queue's. A task is in at
/// most one workflow and one queue at a time, so all tallies of a kind share
/// these arrays, at 4 bytes per task handle each, rather than each heap
/// hashing its own positions.
struct TallyPositions: Sendable {
    /// Positions in the tallies' `waitingByAge` heaps.
    var byAge = DensePositions<TaskHandle>()
    /// Positions in the tallies' `waitingByQueueEntry` heaps, which only
    /// queue tallies keep.
    var byQueueEntry = DensePositions<TaskHandle>()
}

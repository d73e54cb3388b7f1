/// When the journal writer syncs appended records to the device, and so when it acknowledges
/// them.
package enum JournalSyncPolicy: Equatable, Sendable {
    /// Group commit. The writer thread writes every record queued since its last pass with one
    /// `pwrite`, then calls `fdatasync` once, and only then acknowledges that batch. An
    /// acknowledged record survives a process crash and a power loss.
    case always
    /// Records are acknowledged once written to the operating system, and the writer calls
    /// `fdatasync` when this long has passed since the last one. An acknowledged record
    /// survives a process crash; a power loss can lose about the last interval of records.
    case interval(Duration)
    /// Records are acknowledged once written to the operating system, which flushes them on
    /// its own schedule (about 30 seconds on Linux by default). The writer still syncs a
    /// segment before starting the next one, and syncs on ``JournalWriter/flush(_:)`` and
    /// close. An acknowledged record survives a process crash; a power loss can lose
    /// everything written since the last of those syncs.
    case never
}

/// A snapshot body that cannot be restored: its records contradict each
/// other or this engine's configuration. The snapshot passed its checksums,
/// so the cause is a bug in the writer or a configuration change, not disk
/// damage.
package enum SnapshotRestoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A record arrived out of the order the body format prescribes.
    case recordOutOfOrder(workspaceSid: String?, record: String, after: String)
    /// A record contradicts another record of the same workspace.
    case inconsistent(workspaceSid: String, reason: String)
    /// A stored expression or routing document no longer compiles, for
    /// example because a limit was lowered.
    case doesNotCompile(workspaceSid: String, resourceSid: String, cause: EngineError)
    /// Two shards of the snapshot hold the same workspace.
    case duplicateWorkspace(sid: String)

    package var description: String {
        switch self {
        case .recordOutOfOrder(let workspaceSid, let record, let after):
            "snapshot record \(record) follows \(after)\(workspaceSid.map { " in workspace \($0)" } ?? ""), "
                + "which the body format does not allow; the snapshot was written by a faulty writer. "
                + "Move it out of the data folder to fall back to the previous one"
        case .inconsistent(let workspaceSid, let reason):
            "snapshot of workspace \(workspaceSid) is inconsistent: \(reason). "
                + "Move the snapshot out of the data folder to fall back to the previous one"
        case .doesNotCompile(let workspaceSid, let resourceSid, let cause):
            "\(resourceSid) in workspace \(workspaceSid) no longer compiles: \(cause). "
                + "Start with the limits the snapshot was written under"
        case .duplicateWorkspace(let sid):
            "workspace \(sid) appears twice in the snapshot; move the snapshot out of the data folder "
                + "to fall back to the previous one"
        }
    }
}

/// Why `allot apply` stopped: the problems in the file that the checks
/// before the first change found, or the server's rejection of one call
/// together with the changes made before it.
struct ApplyFailure: Error {
    var errors: [ApplyError]
    /// True when the failure came after the first change was sent, so
    /// that the workspace may be partly applied.
    var duringChanges = false
    /// Resources created or updated before the call that failed.
    var appliedChanges: [ApplyChange] = []

    init(_ errors: [ApplyError]) {
        self.errors = errors
    }

    init(_ error: ApplyError, duringChanges: Bool, appliedChanges: [ApplyChange]) {
        errors = [error]
        self.duringChanges = duringChanges
        self.appliedChanges = appliedChanges
    }

    /// Returns the failure as the command reports it. One problem prints as
    /// `FILE: PATH: MESSAGE`; several print one per line under a count.
    /// A failure during the changes lists what was already done and how to finish.
    func commandFailure(file: String) -> CommandFailure {
        guard let first = errors.first else {
            preconditionFailure("an apply failure carries at least one error")
        }
        var failure = first.commandFailure
        if errors.count > 1 {
            failure.message = "\(errors.count) problems in \(file); nothing was changed:"
            failure.detailLines = errors.flatMap { error in
                ["  \(error.file): \(error.path): \(error.message)"] + error.detailLines.map { "  " + $0 }
            }
            failure.exitStatus = errors.contains(where: \.fromServer) ? ExitStatus.serverError : ExitStatus.invalidInput
        }
        guard duringChanges else { return failure }
        let rerun = "'allot apply -f \(file)'"
        if appliedChanges.isEmpty {
            failure.detailLines.append("No change was made before this call. Fix the problem and run \(rerun) again.")
            return failure
        }
        failure.detailLines.append("Changes made before this call, which stay in place:")
        for change in appliedChanges {
            failure.detailLines.append("  \(change.action.rawValue) \(change.kind) '\(change.friendlyName)' \(change.sid)")
        }
        failure.detailLines.append("Fix the problem and run \(rerun) again: it makes only the changes still missing, so it completes the workspace.")
        return failure
    }
}

import AllotPersistence
import AllotStorage

/// `allot data`: checks a server's data folder offline, as its start-up recovery would.
enum DataCommand: Command {
    static let name = "data"
    static let summary = "check that a data folder recovers, without changing it"
    static let synopsis = "verify DIR"
    static let actions = ["verify"]
    static let options: [OptionSpecification] = [
        .flag("json", help: "print JSON instead of text, for scripts"),
    ]
    static let details = """
        verify runs the server's start-up recovery on DIR in memory: it picks the newest
        snapshot that passes every check, restores it, and replays each journal record after
        it, decoding and applying every one. Nothing in DIR changes. Where the server would
        repair at its next start (cut a torn record off the end of the journal, rename a
        damaged snapshot), verify says so. It needs no server and as much memory as the
        server's state. Run it beside a running server if you like: it takes no lock, and a
        record being written at that moment may show as a torn end.

        Exit status: 0 when the folder recovers; 1 when recovery would stop, with the file or
        record at fault and what to do; 2 for invalid arguments.

        examples:
          allot data verify allot-data
          allot data verify /var/lib/allot --json
        """

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (_, operands) = try ServerCommandSupport.verb(arguments, allowed: actions, command: name)
        guard operands.count == 1, !operands[0].isEmpty else {
            throw CommandFailure(message: "'data verify' takes exactly one DIR, the server's --data-dir, for example "
                                    + "'allot data verify allot-data'")
        }
        let folder = operands[0]
        let json = arguments.contains("json")
        let report: DataFolderCheck.Report
        do {
            report = try DataFolderCheck.verify(folder: folder)
        } catch {
            if json {
                console.write(SnapshotOutput.jsonText(["folder": folder, "recovers": false, "error": "\(error)"]))
            }
            // A path that is not a data folder has its own message. Any other error is the one recovery stops at.
            let context = error is DataFolderCheckError ? "" : "\(folder) would not recover: "
            console.writeError("allot data verify: \(context)\(error)")
            return ExitStatus.damagedFile
        }
        if json {
            console.write(SnapshotOutput.jsonText(object(report)))
        } else {
            for line in lines(report) { console.write(line) }
        }
        return ExitStatus.success
    }

    private static func lines(_ report: DataFolderCheck.Report) -> [String] {
        let start = report.snapshotPath.map { "snapshot \($0), which covers journal sequence \(report.snapshotSequence)" }
            ?? "an empty state (no usable snapshot)"
        var lines = [
            "\(report.folder): recovers",
            "starts from: \(start)",
            "journal records replayed: \(report.replayedRecordCount)",
            "next journal sequence: \(report.nextSequence)",
            "workspaces: \(report.workspacesByAccount.values.reduce(0, +))",
        ]
        for (account, count) in report.workspacesByAccount.sorted(by: { $0.key < $1.key }) {
            lines.append("  account \(account): \(count)")
        }
        for note in report.notes {
            lines.append("note: \(note)")
            if let consequence = consequence(of: note) { lines.append("  \(consequence)") }
        }
        return lines
    }

    private static func object(_ report: DataFolderCheck.Report) -> [String: Any] {
        var object: [String: Any] = [
            "folder": report.folder, "recovers": true,
            "snapshot_sequence": report.snapshotSequence, "replayed_records": report.replayedRecordCount,
            "next_sequence": report.nextSequence, "workspaces_by_account": report.workspacesByAccount,
            "notes": report.notes.map { note in
                ["message": "\(note.message)", "details": note.metadata, "consequence": consequence(of: note) ?? ""]
            },
        ]
        // Absent when recovery starts from an empty state.
        if let path = report.snapshotPath { object["snapshot_path"] = path }
        return object
    }

    /// Returns what the server does about `note` at its next start, for notes that the check only reports.
    private static func consequence(of note: RecoveryNote) -> String? {
        switch note {
        case .journalTailDamaged, .journalHeaderTorn:
            "the server cuts it off at its next start; under the default --fsync always, such a record was never acknowledged"
        case .snapshotSkipped:
            "the server renames this snapshot with a .damaged suffix and starts from the one named above"
        case .journalEndsBeforeSnapshot:
            "the server writes a new snapshot before it appends to the journal"
        case .journalTailTruncated, .snapshotSetAside:
            nil
        }
    }
}

import Foundation
import AllotClient
import AllotPersistence
import AllotServer
import AllotStorage

/// `allot data`: checks a server's data folder offline, as its start-up recovery would.
enum DataCommand: Command {
    static let name = "data"
    static let summary = "check that a data folder recovers, without changing it"
    static let synopsis = "verify DIR"
    static let actions = ["verify"]
    static let options: [OptionSpecification] = [
        .flag("json", help: "print JSON instead of text, for scripts"),
        .value("accounts-file", "FILE", help: "the server's --accounts-file, whose accounts count as configured"),
    ]
    static let details = """
        verify runs the server's start-up recovery on DIR in memory: it picks the newest
        snapshot that passes every check, restores it, and replays each journal record after
        it, decoding and applying every one. Nothing in DIR changes. Where the server would
        repair at its next start (cut a torn record off the end of the journal, rename a
        damaged snapshot), verify says so. It needs no server and as much memory as the
        server's state. Run it beside a running server if you like: it takes no lock, and a
        record being written at that moment may show as a torn end.

        A note names each account that owns workspaces but that neither DIR/credentials.json
        nor the --accounts-file given holds, because a server on the folder would not serve it.

        Exit status: 0 when the folder recovers; 1 when recovery would stop, with the file or
        record at fault and what to do; 2 for invalid arguments.

        examples:
          allot data verify allot-data
          allot data verify /var/lib/allot --json
          allot data verify /var/lib/allot --accounts-file /etc/allot/accounts.json
        """

    static func run(_ arguments: ParsedArguments, console: inout Console) throws(CommandFailure) -> Int32 {
        let (_, operands) = try ServerCommandSupport.verb(arguments, allowed: actions, command: name)
        guard operands.count == 1, !operands[0].isEmpty else {
            throw CommandFailure(message: "'data verify' takes exactly one DIR, the server's --data-dir, for example "
                                    + "'allot data verify allot-data'")
        }
        let folder = operands[0]
        let json = arguments.contains("json")
        let listedAccounts = try arguments.value("accounts-file").map(accountSIDs(inAccountsFile:)) ?? []
        let report: DataFolderCheck.Report
        var skipped: [RecoveryNote] = []
        do {
            report = try DataFolderCheck.verify(folder: folder) { skipped.append($0) }
        } catch {
            if json {
                console.write(SnapshotOutput.jsonText([
                    "folder": folder, "recovers": false, "error": "\(error)", "skipped_snapshots": skipped.map(noteObject),
                ]))
            }
            // Snapshots skipped on the way explain why recovery reached back to older files.
            for note in skipped { console.writeError("allot data verify: note: \(text(of: note))") }
            // A path that is not a data folder has its own message. Any other error is the one recovery stops at.
            let context = error is DataFolderCheckError ? "" : "\(folder) would not recover: "
            console.writeError("allot data verify: \(context)\(error)")
            return ExitStatus.damagedFile
        }
        if json {
            console.write(SnapshotOutput.jsonText(object(report, listedAccounts: listedAccounts)))
        } else {
            for line in lines(report, listedAccounts: listedAccounts) { console.write(line) }
        }
        return ExitStatus.success
    }

    /// Returns the SIDs of the accounts that an accounts file lists, after the checks that
    /// allot-server makes at a start, so that a file the server would reject fails here too.
    private static func accountSIDs(inAccountsFile path: String) throws(CommandFailure) -> Set<String> {
        do {
            return Set(try Server.accounts(inAccountsFile: path).map(\.sid))
        } catch {
            throw CommandFailure(message: "--accounts-file: \(error.description); allot-server would reject this file and not start")
        }
    }

    private static func lines(_ report: DataFolderCheck.Report, listedAccounts: Set<String>) -> [String] {
        let skippedAny = report.notes.contains { if case .snapshotSkipped = $0 { true } else { false } }
        let start = report.snapshotPath.map { "snapshot \($0), which covers journal sequence \(report.snapshotSequence)" }
            ?? (skippedAny ? "an empty state (every snapshot failed its checks)" : "an empty state (no snapshot)")
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
            lines.append("note: \(text(of: note))")
            if let consequence = consequence(of: note) { lines.append("  \(consequence)") }
        }
        if report.writesSnapshot {
            lines.append("the server writes a snapshot of this state at its next start, before it appends to the journal")
        }
        for note in accountNotes(report, listedAccounts: listedAccounts) { lines.append("note: \(note)") }
        return lines
    }

    /// Returns a note for each account whose workspaces a server on this folder would not
    /// serve, because neither `credentials.json` nor the accounts file (`listedAccounts`) lists it.
    private static func accountNotes(_ report: DataFolderCheck.Report, listedAccounts: Set<String>) -> [String] {
        guard !report.workspacesByAccount.isEmpty else { return [] }
        let path = FileSystem.join(report.folder, "credentials.json")
        let configured = try? AllotCredentials.load(path: path).accountSID
        var notes: [String] = []
        for account in report.workspacesByAccount.keys.sorted() where account != configured && !listedAccounts.contains(account) {
            let reason = configured == nil
                ? "\(path) is missing or unreadable, so a server started on this folder serves only the accounts of its "
                    + "--accounts-file or --account-sid, or creates a new account when it has neither"
                : "\(path) holds account \(configured ?? "")"
            notes.append("the workspaces of account \(account) are out of reach unless the server is configured with that account: "
                         + "\(reason). Copy the credentials.json or accounts file that holds it along with the data")
        }
        return notes
    }

    private static func object(_ report: DataFolderCheck.Report, listedAccounts: Set<String>) -> [String: Any] {
        var object: [String: Any] = [
            "folder": report.folder, "recovers": true,
            "snapshot_sequence": report.snapshotSequence, "replayed_records": report.replayedRecordCount,
            "next_sequence": report.nextSequence, "workspaces_by_account": report.workspacesByAccount,
            "notes": report.notes.map(noteObject), "account_notes": accountNotes(report, listedAccounts: listedAccounts),
            "writes_snapshot": report.writesSnapshot,
        ]
        // Absent when recovery starts from an empty state.
        if let path = report.snapshotPath { object["snapshot_path"] = path }
        return object
    }

    /// Returns `note` as one line: its message, then its values with quotes around those that
    /// contain spaces, so that a path or a defect reads as one value.
    private static func text(of note: RecoveryNote) -> String {
        let values = note.metadata.sorted { $0.key < $1.key }.map { key, value in
            value.contains(" ") ? "\(key)=\"\(value)\"" : "\(key)=\(value)"
        }
        return "\(note.message): " + values.joined(separator: " ")
    }

    /// Returns `note` for JSON output, with numbers and booleans among its values as JSON
    /// numbers and booleans rather than text.
    private static func noteObject(_ note: RecoveryNote) -> [String: Any] {
        let details = note.metadata.mapValues { value -> Any in
            if let number = Int(value) { return number }
            if let flag = Bool(value) { return flag }
            return value
        }
        return ["message": "\(note.message)", "details": details, "consequence": consequence(of: note) ?? ""]
    }

    /// Returns what the server does about `note` at its next start, for notes that the check only reports.
    private static func consequence(of note: RecoveryNote) -> String? {
        switch note {
        case .journalTailDamaged(_, _, _, .incompleteHeader), .journalTailDamaged(_, _, _, .incompletePayload):
            "the server cuts it off at its next start; under the default --fsync always, a record cut short by a crash was never acknowledged"
        case .journalTailDamaged:
            "the server cuts it off at its next start; the record is damaged rather than cut short, which a power loss "
                + "during its write or damage on the disk leaves, so it may have been acknowledged"
        case .journalHeaderTorn:
            "the server removes this segment at its next start; it holds no records"
        case .coveredRecordSkipped:
            "the snapshot contains this record's change, so recovery needs it only to fall back to an older snapshot"
        case .snapshotSkipped:
            "the server renames this snapshot with a .damaged suffix and starts from an older one, or from an empty state"
        case .journalEndsBeforeSnapshot:
            "snapshots older than the one named above cannot be restored any more, because the journal lacks records after them"
        case .journalTailTruncated, .snapshotSetAside:
            nil
        }
    }
}

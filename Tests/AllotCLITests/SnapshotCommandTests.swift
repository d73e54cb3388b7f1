import Foundation
import Testing

@Suite struct SnapshotCommandTests {
    /// Applies the contact-centre example, creates a task, saves a snapshot through the CLI
    /// and returns the session, the workspace SID and the snapshot path. The server removes
    /// its data folder when the session is released.
    static func savedSnapshot() throws -> (ServerSession, String, String) {
        let session = try ServerSession()
        let workspace = try session.apply("contact-centre.json")
        _ = try session.createTask(in: workspace, attributes: #"{"language": "es"}"#)
        let saved = try session.json("snapshot", "save") as? [String: Any] ?? [:]
        let path = try #require(saved["path"] as? String)
        return (session, workspace, path)
    }

    /// Copies `path` to a new temporary file and returns the copy's path.
    static func copy(_ path: String) throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString).snap").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        return copy
    }

    @Test func saveWritesFileInDataFolder() throws {
        let (session, _, path) = try Self.savedSnapshot()
        #expect(path.hasPrefix(session.server.dataDirectory + "/snapshot-"))
        #expect(FileManager.default.fileExists(atPath: path))
        let text = try session.run("snapshot", "save")
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("journal_sequence:"))
    }

    @Test func inspectCountsWorkspaceResources() throws {
        let (session, workspace, path) = try Self.savedSnapshot()
        defer { withExtendedLifetime(session) {} }
        let output = try CommandRunner.run(["snapshot", "inspect", path, "--json"])
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(object["format_version"] as? Int == 1)
        #expect(object["workspaces"] is [[String: Any]])
        let workspaces = object["workspaces"] as? [[String: Any]] ?? []
        let entry = try #require(workspaces.first { $0["sid"] as? String == workspace })
        #expect(entry["friendly_name"] as? String == "Contact centre")
        #expect(entry["tasks"] as? Int == 1)
        #expect(entry["reservations"] as? Int == 1)
        #expect((entry["workers"] as? Int ?? 0) >= 3)
        #expect((entry["timers"] as? Int ?? 0) >= 1)
        #expect((entry["tasks_by_status"] as? [String: Int])?["reserved"] == 1)
    }

    @Test func inspectPrintsHeaderAndTables() throws {
        let (session, workspace, path) = try Self.savedSnapshot()
        defer { withExtendedLifetime(session) {} }
        let output = try CommandRunner.run(["snapshot", "inspect", path])
        #expect(output.status == 0)
        #expect(output.standardOutput.contains("covered_sequence:"))
        #expect(output.standardOutput.contains("COVERED_SEQUENCE"))
        #expect(output.standardOutput.contains(workspace))
        let header = try CommandRunner.run(["snapshot", "inspect", path, "--header-only"])
        #expect(header.status == 0)
        #expect(!header.standardOutput.contains(workspace))
    }

    @Test func verifyAcceptsValidFile() throws {
        let (session, _, path) = try Self.savedSnapshot()
        defer { withExtendedLifetime(session) {} }
        let output = try CommandRunner.run(["snapshot", "verify", path])
        #expect(output.status == 0)
        #expect(output.standardOutput.contains("valid"))
        let json = try CommandRunner.run(["snapshot", "verify", path, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect(object?["valid"] as? Bool == true)
    }

    @Test func verifyRejectsSequenceNameMismatch() throws {
        let (session, _, path) = try Self.savedSnapshot()
        defer { withExtendedLifetime(session) {} }
        let valid = try CommandRunner.run(["snapshot", "verify", path])
        #expect(valid.status == 0)
        #expect(valid.standardOutput.contains("the sequence in the file name matches the header"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allot-verify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let renamed = folder + "/snapshot-00000000000000099999.snap"
        try FileManager.default.copyItem(atPath: path, toPath: renamed)

        let output = try CommandRunner.run(["snapshot", "verify", renamed])
        #expect(output.status == 1)
        #expect(output.standardError.contains("snapshot \(renamed) has an invalid header"), "\(output.standardError)")
        #expect(output.standardError.contains("but the file name gives 99999"))
        #expect(output.standardError.contains("name it snapshot-"))
        let json = try CommandRunner.run(["snapshot", "verify", path, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect(object?["file_name_checked"] as? Bool == true)
    }

    @Test func verifyNotesUncheckedName() throws {
        let (session, _, path) = try Self.savedSnapshot()
        defer { withExtendedLifetime(session) {} }
        let copy = try Self.copy(path)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let output = try CommandRunner.run(["snapshot", "verify", copy])
        #expect(output.status == 0)
        #expect(output.standardOutput.contains("so the sequence in it was not compared"))
    }

    @Test func verifyRejectsFlippedByte() throws {
        let (session, _, path) = try Self.savedSnapshot()
        defer { withExtendedLifetime(session) {} }
        let copy = try Self.copy(path)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: copy)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: copy))
        let output = try CommandRunner.run(["snapshot", "verify", copy])
        #expect(output.status == 1)
        #expect(output.standardError.hasPrefix("allot snapshot verify: "))
        #expect(output.standardError.contains("checksum mismatch in shard"))
        #expect(output.standardError.contains("restore from an older snapshot"))
        #expect(!output.standardError.contains("Z_DATA_ERROR"))
        #expect(output.standardError.contains(copy))
        let inspect = try CommandRunner.run(["snapshot", "inspect", copy])
        #expect(inspect.status == 1)
        #expect(inspect.standardError.hasPrefix("allot snapshot inspect: "))
        #expect(inspect.standardError.contains("checksum mismatch in shard"))
        let json = try CommandRunner.run(["snapshot", "verify", copy, "--json"])
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect(object?["valid"] as? Bool == false)
        #expect((object?["error"] as? String)?.isEmpty == false)
    }

    @Test func verifyRejectsTruncatedFile() throws {
        let (session, _, path) = try Self.savedSnapshot()
        defer { withExtendedLifetime(session) {} }
        let copy = try Self.copy(path)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy))
        try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: copy))
        let output = try CommandRunner.run(["snapshot", "verify", copy])
        #expect(output.status == 1)
        #expect(output.standardError.contains("cut short"))
        let inspect = try CommandRunner.run(["snapshot", "inspect", copy])
        #expect(inspect.status == 1)
        #expect(inspect.standardError.hasPrefix("allot snapshot inspect: "))
    }

    @Test func headerOnlyReadsHalfFile() throws {
        let (session, _, path) = try Self.savedSnapshot()
        defer { withExtendedLifetime(session) {} }
        let copy = try Self.copy(path)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: copy))
        let header = try CommandRunner.run(["snapshot", "inspect", copy, "--header-only"])
        #expect(header.status == 0, "\(header.standardError)")
        #expect(header.standardOutput.contains("covered_sequence:"))
    }

    @Test func emptyFileIsNotSnapshot() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString).snap").path
        try Data().write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for action in ["inspect", "verify"] {
            let output = try CommandRunner.run(["snapshot", action, path])
            #expect(output.status == 1)
            #expect(output.standardError.hasPrefix("allot snapshot \(action): "))
            #expect(output.standardError.contains("is empty, not a snapshot"))
        }
    }

    @Test func tasksColumnIsSumOfStatuses() throws {
        let (session, workspace, path) = try Self.savedSnapshot()
        defer { withExtendedLifetime(session) {} }
        let output = try CommandRunner.run(["snapshot", "inspect", path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        let workspaces = object["workspaces"] as? [[String: Any]] ?? []
        let entry = try #require(workspaces.first { $0["sid"] as? String == workspace })
        let statuses = ["pending", "reserved", "assigned", "wrapping", "completed", "canceled"]
        let sum = statuses.reduce(0) { $0 + (entry[$1] as? Int ?? 0) }
        #expect(sum == entry["tasks"] as? Int)
        let text = try CommandRunner.run(["snapshot", "inspect", path])
        #expect(text.standardOutput.contains("COMPLETED"))
        #expect(text.standardOutput.contains("CANCELED"))
    }

    @Test func verifyRejectsOtherFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-snapshot-\(UUID().uuidString)").path
        try Data(repeating: 0x41, count: 200).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try CommandRunner.run(["snapshot", "verify", path])
        #expect(output.status == 1)
        #expect(output.standardError.contains("not an Allot snapshot"))
        let missing = try CommandRunner.run(["snapshot", "verify", path + ".missing"])
        #expect(missing.status == 1)
    }

    @Test func snapshotRejectsBadArguments() throws {
        #expect(try CommandRunner.run(["snapshot"]).status == 2)
        #expect(try CommandRunner.run(["snapshot", "verify"]).status == 2)
        #expect(try CommandRunner.run(["snapshot", "restore", "x"]).status == 2)
        #expect(try CommandRunner.run(["snapshot", "save", "extra"]).status == 2)
        let serverOnVerify = try CommandRunner.run(["snapshot", "verify", "x.snap", "--server", "127.0.0.1:1"])
        #expect(serverOnVerify.status == 2)
        #expect(serverOnVerify.standardError.contains("only 'allot snapshot save' takes it"))
        #expect(try CommandRunner.run(["snapshot", "save", "--header-only"]).status == 2)
    }

    @Test func helpShowsExamples() throws {
        let output = try CommandRunner.run(["snapshot", "--help"])
        #expect(output.status == 0)
        #expect(output.standardOutput.contains("allot snapshot verify"))
        #expect(output.standardOutput.contains("--header-only"))
    }
}

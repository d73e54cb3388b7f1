import AllotClient
import AllotTestSupport
import Foundation
import Testing

/// `allot data verify` on the data folder of a real server.
@Suite struct DataCommandTests {
    /// Copies the server's data folder, without its lock file, to a new temporary folder.
    static func copyOfDataFolder(_ session: ServerSession) throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("allot-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        let source = session.server.dataDirectory
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where name != "lock" {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: copy.appendingPathComponent(name).path)
        }
        return copy
    }

    /// Returns the journal segment of `folder` that sorts first, or last.
    static func segment(in folder: URL, last: Bool = false) throws -> URL {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("journal-") }.sorted()
        let name = try #require(last ? names.last : names.first, "no journal segment in \(folder.path)")
        return folder.appendingPathComponent(name)
    }

    /// Flips every bit of the byte a third of the way into the written bytes of `file` and
    /// returns the new bytes. A journal segment's zeros after its last record are not counted.
    @discardableResult
    static func damage(_ file: URL) throws -> Data {
        var bytes = [UInt8](try Data(contentsOf: file))
        bytes[JournalSegmentBytes.endOfData(bytes) / 3] ^= 0xFF
        try Data(bytes).write(to: file)
        return Data(bytes)
    }

    @Test func verifyReportsTheWorkspacesOfARunningServer() throws {
        let session = try ServerSession()
        let workspace = try session.apply("contact-centre.json")
        _ = try session.createTask(in: workspace, attributes: #"{"language": "es"}"#)

        let text = try CommandRunner.run(["data", "verify", session.server.dataDirectory])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("recovers"))
        #expect(text.standardOutput.contains("an empty state (no snapshot)"))

        let output = try CommandRunner.run(["data", "verify", session.server.dataDirectory, "--json"])
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(object["recovers"] as? Bool == true)
        #expect((object["replayed_records"] as? Int ?? 0) > 1)
        #expect((object["workspaces_by_account"] as? [String: Int])?.values.reduce(0, +) == 1)
    }

    @Test func verifyStartsFromTheSavedSnapshot() throws {
        let (session, _, path) = try SnapshotCommandTests.savedSnapshot()
        let output = try CommandRunner.run(["data", "verify", session.server.dataDirectory, "--json"])
        #expect(output.status == 0, "\(output.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(object["snapshot_path"] as? String == path)
        #expect(object["replayed_records"] as? Int == 0)
    }

    @Test func verifyFailsOnADamagedRecordAndNamesTheSegment() throws {
        let session = try ServerSession()
        let workspace = try session.apply("contact-centre.json")
        _ = try session.createTask(in: workspace, attributes: #"{"language": "es"}"#)
        let copy = try Self.copyOfDataFolder(session)
        defer { try? FileManager.default.removeItem(at: copy) }
        let segment = try Self.segment(in: copy)
        let damaged = try Self.damage(segment)

        let output = try CommandRunner.run(["data", "verify", copy.path])
        #expect(output.status == 1)
        #expect(output.standardError.contains("would not recover"))
        #expect(output.standardError.contains(segment.path))
        #expect(try Data(contentsOf: segment) == damaged)
    }

    @Test func verifyNotesWorkspacesWithoutTheirAccount() throws {
        let session = try ServerSession()
        _ = try session.apply("contact-centre.json")
        let copy = try Self.copyOfDataFolder(session)
        defer { try? FileManager.default.removeItem(at: copy) }

        let withCredentials = try CommandRunner.run(["data", "verify", copy.path])
        #expect(withCredentials.status == 0)
        #expect(!withCredentials.standardOutput.contains("out of reach"))
        try FileManager.default.removeItem(at: copy.appendingPathComponent("credentials.json"))
        let without = try CommandRunner.run(["data", "verify", copy.path])
        #expect(without.status == 0)
        #expect(without.standardOutput.contains("out of reach"))
        // A server with an accounts file creates no account, so the note does not claim it would.
        #expect(without.standardOutput.contains("serves only the accounts of its --accounts-file or --account-sid"))

        // With an accounts file that lists the account, the note goes away.
        let credentials = try AllotCredentials.load(path: session.server.credentialsPath)
        let accountsFile = copy.appendingPathComponent("accounts.json").path
        try "[{\"account_sid\": \"\(credentials.accountSID)\", \"secret\": \"\(credentials.secret)\"}]"
            .write(toFile: accountsFile, atomically: true, encoding: .utf8)
        let listed = try CommandRunner.run(["data", "verify", copy.path, "--accounts-file", accountsFile])
        #expect(listed.status == 0)
        #expect(!listed.standardOutput.contains("out of reach"))
        let unreadable = try CommandRunner.run(["data", "verify", copy.path, "--accounts-file", copy.appendingPathComponent("none.json").path])
        #expect(unreadable.status == 2)
        #expect(unreadable.standardError.contains("--accounts-file: cannot read"))

        // A file that allot-server would reject fails here too, with the server's reason.
        try "[{\"account_sid\": \"\(credentials.accountSID)\", \"secret\": \"\(credentials.secret)\", \"administrator\": \"true\"}]"
            .write(toFile: accountsFile, atomically: true, encoding: .utf8)
        let quoted = try CommandRunner.run(["data", "verify", copy.path, "--accounts-file", accountsFile])
        #expect(quoted.status == 2)
        #expect(quoted.standardError.contains("entry 1"))
        #expect(quoted.standardError.contains("administrator"))
        #expect(quoted.standardError.contains("would reject this file"))
        try "[{\"account_sid\": \"\(credentials.accountSID)\", \"secret\": \"short\"}]"
            .write(toFile: accountsFile, atomically: true, encoding: .utf8)
        let short = try CommandRunner.run(["data", "verify", copy.path, "--accounts-file", accountsFile])
        #expect(short.status == 2)
        #expect(short.standardError.contains("secret"))
    }

    @Test func failureListsTheSnapshotsSkipped() throws {
        let (session, _, snapshotPath) = try SnapshotCommandTests.savedSnapshot()
        let copy = try Self.copyOfDataFolder(session)
        defer { try? FileManager.default.removeItem(at: copy) }
        let snapshot = copy.appendingPathComponent(URL(fileURLWithPath: snapshotPath).lastPathComponent)
        try Self.damage(snapshot)
        try Self.damage(try Self.segment(in: copy))

        let output = try CommandRunner.run(["data", "verify", copy.path])
        #expect(output.status == 1)
        #expect(output.standardError.contains("note: skipped a snapshot"))
        #expect(output.standardError.contains(snapshot.path))
        #expect(output.standardError.contains("would not recover"))
    }

    @Test func jsonNotesGiveNumbersAsNumbers() throws {
        let session = try ServerSession()
        _ = try session.apply("contact-centre.json")
        let copy = try Self.copyOfDataFolder(session)
        defer { try? FileManager.default.removeItem(at: copy) }
        let segment = try Self.segment(in: copy, last: true)
        // Four bytes of a record whose write stopped short, right after the last record.
        var bytes = [UInt8](try Data(contentsOf: segment))
        let end = JournalSegmentBytes.endOfData(bytes)
        let torn = Array("torn".utf8)
        if bytes.count < end + torn.count { bytes += [UInt8](repeating: 0, count: end + torn.count - bytes.count) }
        bytes.replaceSubrange(end..<(end + torn.count), with: torn)
        try Data(bytes).write(to: segment)

        let output = try CommandRunner.run(["data", "verify", copy.path, "--json"])
        #expect(output.status == 0, "\(output.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        let notes = try #require(object["notes"] as? [[String: Any]])
        let details = try #require(notes.first?["details"] as? [String: Any])
        #expect(details["journal.offset"] is Int)
        #expect(details["journal.damaged_bytes"] as? Int == 4)
        #expect(details["journal.path"] as? String == segment.path)
    }

    /// A whole last record whose checksum fails is not the short tail that a crash leaves under
    /// `--fsync always`, so it may be an acknowledged change damaged on the disk.
    @Test func damagedLastRecordMayBeAcknowledged() throws {
        let session = try ServerSession()
        _ = try session.apply("contact-centre.json")
        let copy = try Self.copyOfDataFolder(session)
        defer { try? FileManager.default.removeItem(at: copy) }
        let segment = try Self.segment(in: copy, last: true)
        var bytes = [UInt8](try Data(contentsOf: segment))
        bytes[bytes.count - 1] ^= 0xFF
        try Data(bytes).write(to: segment)

        let output = try CommandRunner.run(["data", "verify", copy.path])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.contains("the stored CRC-32 is"))
        #expect(!output.standardOutput.contains("was never acknowledged"))
        #expect(output.standardOutput.contains("may have been acknowledged"))
    }

    @Test func verifyNamesAFolderThatIsNotADataFolder() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("allot-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let output = try CommandRunner.run(["data", "verify", empty.path])
        #expect(output.status == 1)
        #expect(output.standardError.contains("--data-dir"))
        let missing = try CommandRunner.run(["data", "verify", empty.appendingPathComponent("missing").path])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("does not exist"))
        let usage = try CommandRunner.run(["data", "verify"])
        #expect(usage.status == 2)
    }
}

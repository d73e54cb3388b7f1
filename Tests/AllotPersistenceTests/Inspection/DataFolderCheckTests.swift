import AllotCore
import Foundation
import Testing

@testable import AllotPersistence
@testable import AllotStorage

/// `DataFolderCheck` must report what the server's recovery does on the same folder, and
/// change nothing in it.
@Suite struct DataFolderCheckTests {
    typealias Recovery = DurableEngineRecoveryTests
    typealias Failure = DurableEngineFailureTests

    /// Returns the bytes of every file in `folder`, by name.
    static func contents(of folder: TemporaryFolder) throws -> [String: Data] {
        var contents: [String: Data] = [:]
        for name in try folder.names() {
            contents[name] = try Data(contentsOf: URL(fileURLWithPath: folder.file(name)))
        }
        return contents
    }

    @Test func reportMatchesWhatTheServerRecovers() throws {
        let folder = try TemporaryFolder()
        let scenario = try Failure.writeScenario(to: folder, snapshot: true)
        let report = try DataFolderCheck.verify(folder: folder.path, configuration: Recovery.engineConfiguration)

        let (reopened, recovered) = try DurableEngine.open(configuration: Recovery.configuration(folder), now: scenario.now)
        defer { try? reopened.close() }
        #expect(report.snapshotPath == recovered.snapshotPath)
        #expect(report.snapshotPath != nil)
        #expect(report.snapshotSequence == recovered.snapshotSequence)
        #expect(report.replayedRecordCount == recovered.replayedRecordCount)
        #expect(report.replayedRecordCount > 0)
        #expect(report.nextSequence == recovered.nextSequence)
        #expect(report.workspacesByAccount == reopened.engine.workspaceCountByAccount())
        #expect(report.workspacesByAccount[Scenario.account] ?? 0 > 0)
        #expect(report.notes.isEmpty)
        #expect(report.writesSnapshot == recovered.wroteSnapshot)
    }

    @Test func tornTailIsReportedAndLeftInPlace() throws {
        let folder = try TemporaryFolder()
        _ = try Failure.writeScenario(to: folder, snapshot: false)
        let segment = try #require(try folder.files(prefix: "journal-").last)
        try Failure.modify(segment) { $0.removeLast(5) }
        let before = try Self.contents(of: folder)

        let report = try DataFolderCheck.verify(folder: folder.path, configuration: Recovery.engineConfiguration)
        #expect(report.notes.contains { if case .journalTailDamaged = $0 { true } else { false } })
        #expect(try Self.contents(of: folder) == before)
    }

    @Test func damagedSnapshotIsReportedAndNotRenamed() throws {
        let folder = try TemporaryFolder()
        let (_, newest) = try Failure.writeTwoSnapshotsDamagingNewest(to: folder)
        let before = try Self.contents(of: folder)

        let report = try DataFolderCheck.verify(folder: folder.path, configuration: Recovery.engineConfiguration)
        #expect(report.snapshotPath != nil)
        #expect(report.snapshotPath != newest.path)
        #expect(report.notes.contains { if case .snapshotSkipped(let path, _) = $0 { path == newest.path } else { false } })
        #expect(report.writesSnapshot)
        // Recovery falls back by itself, so the note names the defect without advice to move the file.
        let reasons = report.notes.compactMap { if case .snapshotSkipped(_, let reason) = $0 { reason } else { nil } }
        #expect(reasons.count == 1)
        #expect(reasons.allSatisfy { !$0.contains("move this file") })
        #expect(try Self.contents(of: folder) == before)
    }

    @Test func damagedRecordStopsTheCheckAsItStopsRecovery() throws {
        let folder = try TemporaryFolder()
        _ = try Failure.writeScenario(to: folder, snapshot: false)
        let segment = try #require(try folder.files(prefix: "journal-").last)
        try Failure.modify(segment) { bytes in bytes[bytes.count / 3] ^= 0xFF }

        #expect {
            _ = try DataFolderCheck.verify(folder: folder.path, configuration: Recovery.engineConfiguration)
        } throws: { error in
            guard case .corruptRecord = error as? JournalError else { return false }
            return "\(error)".contains(segment)
        }
    }

    @Test func pathThatIsNotADataFolderIsNamed() throws {
        let folder = try TemporaryFolder()
        #expect(throws: DataFolderCheckError.noRecoveryFiles(folder.path)) {
            try DataFolderCheck.verify(folder: folder.path)
        }
        let missing = folder.file("missing")
        #expect(throws: DataFolderCheckError.missing(missing)) {
            try DataFolderCheck.verify(folder: missing)
        }
        FileManager.default.createFile(atPath: folder.file("plain"), contents: Data("x".utf8))
        #expect(throws: DataFolderCheckError.notAFolder(folder.file("plain"))) {
            try DataFolderCheck.verify(folder: folder.file("plain"))
        }
    }
}

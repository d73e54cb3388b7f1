import AllotTestSupport
import Foundation
import Testing

/// Checks the errors for a `--data-dir` that cannot become the data folder.
@Suite struct DataDirectoryPathTests {
    @Test func regularFileStopsStart() throws {
        let path = RestartTests.temporaryFolder()
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let attempt = try FailedStart(folder: path)
        #expect(attempt.status == 1)
        #expect(attempt.error.contains("data directory \(path) is a file, not a folder"), "\(attempt.error)")
        #expect(attempt.error.contains("Choose another --data-dir"))
    }

    @Test func danglingLinkStopsStartNamingTarget() throws {
        let path = RestartTests.temporaryFolder()
        let target = RestartTests.temporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let attempt = try FailedStart(folder: path)
        #expect(attempt.status == 1)
        #expect(attempt.error.contains("data directory \(path) is a symbolic link to \(target), which does not exist"),
                "\(attempt.error)")
        #expect(attempt.error.contains("Create the folder \(target) that the link points to"))
        #expect(!attempt.error.contains("is a file"))
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func missingParentStopsStart() throws {
        let parent = RestartTests.temporaryFolder()
        let path = parent + "/data"

        let attempt = try FailedStart(folder: path)
        #expect(attempt.status == 1)
        #expect(attempt.error.contains("its parent folder \(parent) does not exist"), "\(attempt.error)")
        #expect(attempt.error.contains("Create \(parent) first, or choose another --data-dir"))
        #expect(!FileManager.default.fileExists(atPath: parent))
    }
}

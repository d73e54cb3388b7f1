import AllotTestSupport
import AllotWire
import Foundation
import Testing

/// Damages the files of a data folder between two server runs and checks that each defect is
/// repaired with a log line or stops the start with an error that tells what to do, never a
/// crash and never a silent loss.
@Suite struct CorruptionTests {
    /// A data folder with two snapshots and journal records after each, and the tasks the
    /// server returned before it was killed.
    struct DamagedFolder {
        let folder: String
        let fixture: RoutingFixture
        let tasks: [String: Wire.Task]
        /// Snapshot paths, oldest first.
        let snapshots: [String]
        let server: ServerProcess

        /// Runs a server with `--snapshot-interval 0`, saves a snapshot after some tasks and
        /// another after more, creates a few tasks more, and kills the server.
        init() throws {
            folder = RestartTests.temporaryFolder()
            server = try ServerProcess(extraArguments: ["--snapshot-interval", "0"], dataDirectory: folder, removesDataDirectory: true)
            let client = try EngineClient(server)
            fixture = try RoutingFixture(client)
            var snapshots: [String] = []
            for round in 0..<3 {
                for index in 0..<4 {
                    try fixture.createTask(client, attributes: #"{"type": "support", "round": \#(round), "index": \#(index)}"#)
                }
                guard round < 2 else { break }
                guard case .snapshotSaved(let saved) = try client.ok(.snapshotSave(Wire.SnapshotSave())) else {
                    throw TestFailure("snapshot_save did not return snapshot_saved")
                }
                snapshots.append(saved.path)
            }
            self.snapshots = snapshots
            tasks = try CrashTests.listTasks(client, fixture.workspaceSID)
            server.kill()
        }

        var segments: [String] {
            get throws {
                try FileManager.default.contentsOfDirectory(atPath: folder)
                    .filter { $0.hasPrefix("journal-") && $0.hasSuffix(".log") }.sorted().map { folder + "/" + $0 }
            }
        }

        /// Starts a server on the folder and checks that it restored every task unchanged.
        func restartKeepsTasks() throws -> ServerProcess {
            let restarted = try ServerProcess(dataDirectory: folder, removesDataDirectory: true)
            let restored = try CrashTests.listTasks(try EngineClient(restarted), fixture.workspaceSID)
            #expect(restored == tasks)
            return restarted
        }
    }

    @Test func damagedSnapshotFallsBack() throws {
        let damaged = try DamagedFolder()
        try FileEditor.flipByte(in: damaged.snapshots[1], atFraction: 0.5)
        let restarted = try damaged.restartKeepsTasks()
        let skipped = restarted.logLines.filter { $0.contains("skipped a snapshot that failed verification") }
        #expect(skipped.count == 1)
        #expect(skipped.first?.contains("snapshot.path=\(damaged.snapshots[1])") == true)
        #expect(restarted.logLines.contains { $0.contains("msg=\"recovered\"") && $0.contains("snapshot.path=\(damaged.snapshots[0])") })
        #expect(FileManager.default.fileExists(atPath: damaged.snapshots[1] + ".damaged"))
        withExtendedLifetime(damaged) {}
    }

    @Test func missingSnapshotsReplayJournal() throws {
        let damaged = try DamagedFolder()
        try FileManager.default.removeItem(atPath: damaged.snapshots[1])
        let fallback = try damaged.restartKeepsTasks()
        #expect(fallback.logLines.contains { $0.contains("msg=\"recovered\"") && $0.contains("snapshot.path=\(damaged.snapshots[0])") })
        fallback.kill()

        for snapshot in try FileManager.default.contentsOfDirectory(atPath: damaged.folder) where snapshot.hasSuffix(".snap") {
            try FileManager.default.removeItem(atPath: damaged.folder + "/" + snapshot)
        }
        let replayed = try damaged.restartKeepsTasks()
        #expect(replayed.logLines.contains { $0.contains("msg=\"recovered\"") && $0.contains("snapshot.path=none") })
        withExtendedLifetime(damaged) {}
    }

    @Test func tornJournalTailIsTruncated() throws {
        let damaged = try DamagedFolder()
        let segment = try #require(try damaged.segments.last)
        let lastRecord = try FileEditor.recordOffsets(in: segment).last ?? 0
        try FileEditor.truncate(segment, to: lastRecord + 10)

        let restarted = try ServerProcess(dataDirectory: damaged.folder, removesDataDirectory: true)
        let truncated = restarted.logLines.filter { $0.contains("truncated a torn record at the end of the journal") }
        #expect(truncated.count == 1)
        #expect(truncated.first?.contains("journal.path=\(segment)") == true)
        #expect(truncated.first?.contains("journal.offset=\(lastRecord)") == true)
        // The torn record was the last task created; every other task is there.
        let restored = try CrashTests.listTasks(try EngineClient(restarted), damaged.fixture.workspaceSID)
        #expect(restored.count == damaged.tasks.count - 1)
        #expect(restored.allSatisfy { damaged.tasks[$0.key] == $0.value })
        withExtendedLifetime(damaged) {}
    }

    @Test func damagedJournalRecordStopsStart() throws {
        let damaged = try DamagedFolder()
        let segment = try #require(try damaged.segments.last)
        let offsets = try FileEditor.recordOffsets(in: segment)
        try #require(offsets.count >= 3)
        // A payload byte of a record that valid records follow, after the newest snapshot.
        let target = offsets[offsets.count - 2]
        try FileEditor.flipByte(in: segment, at: target + 24)

        let attempt = try FailedStart(folder: damaged.folder)
        #expect(attempt.exitedNormally)
        #expect(attempt.status == 1)
        #expect(attempt.error.contains("\(segment) is damaged at byte offset \(target)"))
        #expect(attempt.error.contains("Restore the data folder from a backup"))
        #expect(attempt.error.contains("truncate the file to \(target) bytes and move every later journal segment out of the folder"))
        withExtendedLifetime(damaged) {}
    }

    @Test func skippedSnapshotLoggedBeforeJournalStops() throws {
        let damaged = try DamagedFolder()
        try FileEditor.flipByte(in: damaged.snapshots[1], atFraction: 0.5)
        let segment = try #require(try damaged.segments.last)
        let offsets = try FileEditor.recordOffsets(in: segment)
        try #require(offsets.count >= 3)
        try FileEditor.flipByte(in: segment, at: offsets[offsets.count - 2] + 24)

        let attempt = try FailedStart(folder: damaged.folder)
        #expect(attempt.status == 1)
        let skipped = attempt.logLines.firstIndex { $0.contains("skipped a snapshot that failed verification") }
        let failed = attempt.logLines.firstIndex { $0.contains("msg=\"server failed to start\"") }
        #expect(skipped != nil)
        #expect(failed != nil)
        #expect((skipped ?? .max) < (failed ?? .min))
        #expect(skipped.map { attempt.logLines[$0].contains("snapshot.path=\(damaged.snapshots[1])") } == true)
        #expect(skipped.map { attempt.logLines[$0].contains("snapshot.reason=") } == true)
        #expect(FileManager.default.fileExists(atPath: damaged.snapshots[1]))
        withExtendedLifetime(damaged) {}
    }

    @Test func journalGapStopsStart() throws {
        let folder = RestartTests.temporaryFolder()
        var fixture: RoutingFixture?
        // Each start opens a new segment, so three runs leave three segments. The servers are
        // kept because each removes the data folder when released.
        var servers: [ServerProcess] = []
        for run in 0..<3 {
            let server = try ServerProcess(extraArguments: ["--snapshot-interval", "0"], dataDirectory: folder, removesDataDirectory: true)
            servers.append(server)
            let client = try EngineClient(server)
            let current = try fixture ?? RoutingFixture(client)
            fixture = current
            try current.createTask(client, attributes: #"{"type": "support", "run": \#(run)}"#)
            server.kill()
        }
        let segments = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("journal-") }.sorted()
        try #require(segments.count == 3)
        try FileManager.default.removeItem(atPath: folder + "/" + segments[1])

        let attempt = try FailedStart(folder: folder)
        #expect(attempt.exitedNormally)
        #expect(attempt.status == 1)
        #expect(attempt.error.contains("are missing"))
        #expect(attempt.error.contains("Restore the missing segment from a backup"))
        withExtendedLifetime(servers) {}
    }

    @Test func unknownSnapshotVersionStopsStart() throws {
        let damaged = try DamagedFolder()
        try FileEditor.writeUInt32(99, in: damaged.snapshots[1], at: 8)

        let attempt = try FailedStart(folder: damaged.folder)
        #expect(attempt.exitedNormally)
        #expect(attempt.status == 1)
        #expect(attempt.error.contains("format version 99"))
        #expect(attempt.error.contains("Run a version that reads it"))
        withExtendedLifetime(damaged) {}
    }

    @Test func unknownJournalVersionStopsStart() throws {
        let damaged = try DamagedFolder()
        let segment = try #require(try damaged.segments.last)
        try FileEditor.writeUInt32(99, in: segment, at: 8)

        let attempt = try FailedStart(folder: damaged.folder)
        #expect(attempt.exitedNormally)
        #expect(attempt.status == 1)
        #expect(attempt.error.contains("journal segment \(segment) has format version 99"))
        withExtendedLifetime(damaged) {}
    }

    @Test func damagedSnapshotsWithoutJournalStopStart() throws {
        // The first run leaves a segment that the three snapshots of the second cover, so
        // retention removes it, and no journal reaches back past the damaged snapshots.
        let folder = RestartTests.temporaryFolder()
        let first = try ServerProcess(extraArguments: ["--snapshot-interval", "0"], dataDirectory: folder, removesDataDirectory: true)
        let fixture = try RoutingFixture(try EngineClient(first))
        first.kill()
        let second = try ServerProcess(extraArguments: ["--snapshot-interval", "0"], dataDirectory: folder, removesDataDirectory: true)
        let client = try EngineClient(second)
        var snapshots: [String] = []
        for _ in 0..<3 {
            try fixture.createTask(client)
            guard case .snapshotSaved(let saved) = try client.ok(.snapshotSave(Wire.SnapshotSave())) else {
                throw TestFailure("snapshot_save did not return snapshot_saved")
            }
            snapshots.append(saved.path)
        }
        second.kill()
        let segments = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("journal-") }
        try #require(segments.count == 1)
        for snapshot in snapshots { try FileEditor.flipByte(in: snapshot, atFraction: 0.5) }

        let attempt = try FailedStart(folder: folder)
        #expect(attempt.exitedNormally)
        #expect(attempt.status == 1)
        #expect(attempt.error.contains("these snapshots failed verification"))
        #expect(attempt.error.contains("Restore a snapshot or the data folder from a backup"), "\(attempt.error)")
        withExtendedLifetime((first, second)) {}
    }
}

/// A server start that is expected to fail: runs allot-server on a data folder until it exits.
struct FailedStart {
    let status: Int32
    /// False when a signal ended the process.
    let exitedNormally: Bool
    let logLines: [String]

    /// The error of the "server failed to start" line, or every line when there is none.
    var error: String {
        logLines.first { $0.contains("msg=\"server failed to start\"") } ?? logLines.joined(separator: "\n")
    }

    /// Runs the server as `userID`, with the same group ID and no supplementary groups, when
    /// given, through setpriv(1), so that a test running as root can deny it access to files.
    init(folder: String, userID: UInt32? = nil) throws {
        let process = Process()
        let arguments = ["--listen", "127.0.0.1:0", "--metrics-listen", "off", "--data-dir", folder]
        if let userID {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(userID)", "--regid=\(userID)", "--clear-groups",
                                 try ServerProcess.binaryURL().path] + arguments
        } else {
            process.executableURL = try ServerProcess.binaryURL()
            process.arguments = arguments
        }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // A server that starts after all would run until stopped: end it, so that the test
        // fails on its status instead of hanging.
        DispatchQueue.global().asyncAfter(deadline: .now() + ServerProcess.startupWaitSeconds) {
            if process.isRunning { process.terminate() }
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        exitedNormally = process.terminationReason == .exit
        logLines = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

/// Edits data-folder files in place, as disk damage would.
enum FileEditor {
    static func flipByte(in path: String, at offset: Int) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Flips the byte at `fraction` of the file's length.
    static func flipByte(in path: String, atFraction fraction: Double) throws {
        let size = try Data(contentsOf: URL(fileURLWithPath: path)).count
        try flipByte(in: path, at: Int(Double(size) * fraction))
    }

    static func truncate(_ path: String, to size: Int) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
    }

    static func writeUInt32(_ value: UInt32, in path: String, at offset: Int) throws {
        try write(withUnsafeBytes(of: value.littleEndian, Array.init), in: path, at: offset)
    }

    static func writeUInt64(_ value: UInt64, in path: String, at offset: Int) throws {
        try write(withUnsafeBytes(of: value.littleEndian, Array.init), in: path, at: offset)
    }

    static func write(_ replacement: [UInt8], in path: String, at offset: Int) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.replaceSubrange(offset..<(offset + replacement.count), with: replacement)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Returns the offset of each record in a journal segment: a 24-byte segment header,
    /// then records of a 20-byte header, whose first 4 bytes give the payload length, and
    /// the payload.
    static func recordOffsets(in path: String) throws -> [Int] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var offsets: [Int] = []
        var offset = 24
        while offset + 20 <= bytes.count {
            let length = bytes[offset..<(offset + 4)].reversed().reduce(0) { $0 << 8 | Int($1) }
            guard offset + 20 + length <= bytes.count else { break }
            // A record's sequence is never zero, so zeros here are the segment's unused blocks.
            guard bytes[(offset + 8)..<(offset + 16)].contains(where: { $0 != 0 }) else { break }
            offsets.append(offset)
            offset += 20 + length
        }
        return offsets
    }
}

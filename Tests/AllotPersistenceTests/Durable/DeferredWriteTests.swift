import AllotCore
import Dispatch
import Synchronization
import Testing

@testable import AllotPersistence
import AllotStorage

/// `execute` with `defersWrite`: records wait until `writeDeferredRecords()`, which writes
/// the records of several commands at once and only then completes them.
@Suite struct DeferredWriteTests {
    typealias Recovery = DurableEngineRecoveryTests

    /// Creates a workspace and returns its SID.
    private static func makeWorkspace(_ durable: DurableEngine) throws -> String {
        let output = try durable.executeAndWait(.createWorkspace(CreateWorkspaceRequest(friendlyName: "Deferred")),
                                                account: Scenario.account, now: Scenario.start)
        guard case .workspace(let workspace) = output.value else { throw DeferredWriteFailure("create_workspace returned \(output.value)") }
        return workspace.sid
    }

    @Test(arguments: [JournalSyncPolicy.never, .interval(.seconds(60))])
    func deferredRecordsCompleteOnlyOnceWritten(policy: JournalSyncPolicy) throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder, policy: policy), now: Scenario.start)
        defer { try? durable.close() }
        let workspace = try Self.makeWorkspace(durable)
        // With nothing left to sync, the writer thread waits without a deadline, so only
        // writeDeferredRecords() can take the records below.
        try durable.journal.flushAndWait()
        let writtenBefore = durable.journal.writtenSequence
        let completed = Mutex<[UInt64]>([])
        let count = 5
        for index in 0..<count {
            let request = CreateActivityRequest(friendlyName: "Break \(index)", available: "false")
            durable.execute(.createActivity(workspace: workspace, request), account: Scenario.account, now: Scenario.start,
                            defersWrite: true) { result in
                #expect((try? result.get()) != nil, "deferred create_activity \(index) failed: \(result)")
                completed.withLock { $0.append(durable.journal.writtenSequence) }
            }
        }
        #expect(completed.withLock { $0 }.isEmpty, "a deferred command completed before its record was written")
        #expect(durable.journal.writtenSequence == writtenBefore)

        durable.writeDeferredRecords()
        let progress = completed.withLock { $0 }
        #expect(progress.count == count)
        // One write covered every record, and each completion saw it written.
        #expect(progress.allSatisfy { $0 == writtenBefore + UInt64(count) }, "written sequence at each completion: \(progress)")
        #expect(!durable.journal.hasQueuedRecords)
    }

    @Test func alwaysPolicyDoesNotWaitForTheCaller() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder, policy: .always), now: Scenario.start)
        defer { try? durable.close() }
        let workspace = try Self.makeWorkspace(durable)
        let done = DispatchSemaphore(value: 0)
        let request = CreateActivityRequest(friendlyName: "Break", available: "false")
        durable.execute(.createActivity(workspace: workspace, request), account: Scenario.account, now: Scenario.start,
                        defersWrite: true) { result in
            #expect((try? result.get()) != nil, "deferred create_activity failed: \(result)")
            done.signal()
        }
        // The writer thread syncs the record without writeDeferredRecords().
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(durable.journal.syncedSequence >= 2)
    }

    @Test func writeWithNothingQueuedDoesNothing() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder, policy: .never), now: Scenario.start)
        defer { try? durable.close() }
        _ = try Self.makeWorkspace(durable)
        let written = durable.journal.writtenSequence
        durable.writeDeferredRecords()
        #expect(durable.journal.writtenSequence == written)
        #expect(!durable.journal.hasQueuedRecords)
    }
}

private struct DeferredWriteFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

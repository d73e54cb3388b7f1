import AllotCore
import Testing

@testable import AllotPersistence
import AllotStorage

/// The records that `execute` journals: the request's own encoding, except for a workspace
/// whose SID the engine derived, which is encoded again with that SID.
@Suite struct JournalHookRecordTests {
    typealias Recovery = DurableEngineRecoveryTests

    @Test func recordsCarryAppliedCommands() throws {
        let folder = try TemporaryFolder()
        let (durable, _) = try DurableEngine.open(configuration: Recovery.configuration(folder, policy: .always), now: Scenario.start)
        let derivedRequest = CreateWorkspaceRequest(friendlyName: "Derived")
        let derived = try durable.executeAndWait(.createWorkspace(derivedRequest), account: Scenario.account, now: Scenario.start)
        guard case .workspace(let derivedInfo) = derived.value else {
            Issue.record("create_workspace returned \(derived.value)")
            return
        }
        var givenRequest = CreateWorkspaceRequest(friendlyName: "Given")
        givenRequest.sid = "WS0123456789abcdef0123456789abcdef"
        _ = try durable.executeAndWait(.createWorkspace(givenRequest), account: Scenario.account, now: Scenario.start)
        let activity = EngineCommand.createActivity(workspace: derivedInfo.sid,
                                                    CreateActivityRequest(friendlyName: "Lunch", available: "false"))
        _ = try durable.executeAndWait(activity, account: Scenario.account, now: Scenario.start)
        try durable.close()

        var payloads: [[UInt8]] = []
        _ = try JournalReader(folder: folder.path).readRecords(after: 0) { payloads.append($0.payload) }
        var appliedRequest = derivedRequest
        appliedRequest.sid = derivedInfo.sid
        let expected: [EngineCommand] = [.createWorkspace(appliedRequest), .createWorkspace(givenRequest), activity]
        #expect(payloads.count == expected.count)
        let shardCount = Recovery.engineConfiguration.shardCount
        for (payload, command) in zip(payloads, expected) {
            let content = JournalEntryContent(command: command, accountSid: Scenario.account, now: Scenario.start, shardCount: shardCount)
            #expect(payload == (try JournalEntryCodec.encode(content)), "record of \(command)")
            #expect(try JournalEntryCodec.decode(payload) == JournalEntryCodec.decode(JournalEntryCodec.encode(content)))
        }
    }
}

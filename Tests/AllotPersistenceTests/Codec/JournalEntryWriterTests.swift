import AllotCore
import AllotTestSupport
import AllotWire
import Testing

@testable import AllotPersistence

@Suite struct JournalEntryWriterTests {
    /// Returns what protobuf-c packs for `content`, through the mapping the writer repeats.
    static func protobufC(_ content: JournalEntryContent) throws -> [UInt8] {
        try Wire.JournalEntry(
            entryVersion: JournalEntryCodec.version, accountSID: content.accountSid,
            nowUnixMilliseconds: content.now.unixMilliseconds, shardCount: UInt32(content.shardCount),
            command: JournalCommandMapping.wire(content.command)
        ).serializedBytes()
    }

    static func content(_ request: CreateTaskRequest, workspace: String = JournalEntryCodecTests.workspace,
                        account: String = Scenario.account, now: Int64 = 1_234, shardCount: Int = 16) -> JournalEntryContent {
        JournalEntryContent(command: .createTask(workspace: workspace, request), accountSid: account,
                            now: Timestamp(unixMilliseconds: now), shardCount: shardCount)
    }

    /// Requests with every optional field set, with none, with empty strings, and with values at the edges.
    static let edgeRequests: [CreateTaskRequest] = {
        var full = CreateTaskRequest(attributes: #"{"name":"caf\#u{E9} \#u{1F600}"}"#, priority: Int(Int32.max),
                                     timeout: 1_209_600, taskChannel: "voice", workflowSid: "WW" + String(repeating: "b", count: 32))
        full.virtualStartTime = Timestamp(unixMilliseconds: Int64.min)
        full.routingTarget = "WK" + String(repeating: "c", count: 32)
        full.ignoreCapacity = "false"
        var empties = CreateTaskRequest(attributes: "", priority: 0, timeout: 0, taskChannel: "", workflowSid: "")
        empties.virtualStartTime = Timestamp(unixMilliseconds: 0)
        empties.routingTarget = ""
        empties.ignoreCapacity = ""
        var negative = CreateTaskRequest(priority: -1, timeout: Int.min)
        negative.virtualStartTime = Timestamp(unixMilliseconds: -1)
        // Attributes of 127, 128, 16,383 and 16,384 bytes end the message's one-, two- and
        // three-byte lengths.
        let long = [127, 128, 200, 16_383, 16_384, 70_000].map { CreateTaskRequest(attributes: String(repeating: "x", count: $0)) }
        return [full, empties, negative, CreateTaskRequest()] + long
    }()

    @Test func edgeCasesMatchProtobufC() throws {
        for request in Self.edgeRequests {
            let content = Self.content(request)
            #expect(try JournalEntryWriter.encode(content) == (try Self.protobufC(content)), "\(request)")
        }
    }

    @Test func entryFieldsAtEdgesMatchProtobufC() throws {
        let request = CreateTaskRequest(attributes: "{}")
        let contents = [
            Self.content(request, workspace: "", account: "", now: 0, shardCount: 1),
            Self.content(request, account: "AC" + String(repeating: "é", count: 100), now: -1, shardCount: Int(UInt32.max)),
            Self.content(request, now: Int64.max, shardCount: 128),
        ]
        for content in contents {
            #expect(try JournalEntryWriter.encode(content) == (try Self.protobufC(content)), "\(content)")
        }
    }

    @Test func seededRandomRequestsMatchProtobufC() throws {
        var generator = SeededGenerator(seed: 0x5EED_7A5C)
        for _ in 0..<500 {
            let request = Self.randomRequest(using: &generator)
            let content = Self.content(request, now: Int64.random(in: -1_000...Int64.max, using: &generator))
            let written = try JournalEntryWriter.encode(content)
            #expect(written == (try Self.protobufC(content)), "seed 0x5EED7A5C, request \(request)")
        }
    }

    @Test func encodedEntryDecodesToTheCommand() throws {
        for request in Self.edgeRequests {
            let content = Self.content(request)
            #expect(try JournalEntryCodec.decode(JournalEntryCodec.encode(content)) == content)
        }
    }

    /// String fields in the order protobuf-c's fill checks them.
    static let stringFields = [
        "account", "workspace", "attributes", "task_channel", "workflow_sid", "routing_target", "ignore_capacity",
    ]

    /// A NUL in a string field and in every later one fails as the protobuf-c path fails, so
    /// that the error names the same field, the first with a NUL.
    @Test(arguments: 0..<stringFields.count)
    func stringWithNULFailsLikeProtobufC(firstField: Int) throws {
        let nul = "a\u{0}b"
        var request = CreateTaskRequest(attributes: "{}", taskChannel: "voice", workflowSid: "WW1")
        request.routingTarget = "WK1"
        request.ignoreCapacity = "true"
        var workspace = JournalEntryCodecTests.workspace
        var account = Scenario.account
        for field in Self.stringFields[firstField...] {
            switch field {
            case "account": account = nul
            case "workspace": workspace = nul
            case "attributes": request.attributes = nul
            case "task_channel": request.taskChannel = nul
            case "workflow_sid": request.workflowSid = nul
            case "routing_target": request.routingTarget = nul
            default: request.ignoreCapacity = nul
            }
        }
        let content = Self.content(request, workspace: workspace, account: account)
        let expected = try #require(throws: WireCodecError.self) { try Self.protobufC(content) }
        #expect(throws: expected) { try JournalEntryWriter.encode(content) }
    }

    @Test func otherCommandsHaveNoDirectWriter() throws {
        for command in JournalEntryCodecTests.commands {
            let content = JournalEntryContent(command: command, accountSid: Scenario.account,
                                              now: Timestamp(unixMilliseconds: 1), shardCount: 4)
            let direct = try JournalEntryWriter.encode(content)
            if case .createTask = command {
                #expect(direct == (try Self.protobufC(content)))
            } else {
                #expect(direct == nil, "\(command)")
                #expect(try JournalEntryCodec.encode(content) == (try Self.protobufC(content)))
            }
        }
    }

    static func randomRequest(using generator: inout SeededGenerator) -> CreateTaskRequest {
        func maybe<Value>(_ make: (inout SeededGenerator) -> Value) -> Value? {
            Bool.random(using: &generator) ? make(&generator) : nil
        }
        func text(_ generator: inout SeededGenerator) -> String {
            let alphabet: [Character] = ["a", "Z", "0", "{", "\"", "é", "\u{1F600}", " "]
            let length = [0, 1, 15, 16, 40, 130, 300].randomElement(using: &generator) ?? 0
            return String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
        }
        var request = CreateTaskRequest()
        request.attributes = maybe(text)
        request.priority = maybe { Int.random(in: Int.min...Int.max, using: &$0) }
        request.timeout = maybe { Int.random(in: -5...2_000_000, using: &$0) }
        request.taskChannel = maybe(text)
        request.workflowSid = maybe(text)
        request.virtualStartTime = maybe { Timestamp(unixMilliseconds: Int64.random(in: Int64.min...Int64.max, using: &$0)) }
        request.routingTarget = maybe(text)
        request.ignoreCapacity = maybe(text)
        return request
    }
}

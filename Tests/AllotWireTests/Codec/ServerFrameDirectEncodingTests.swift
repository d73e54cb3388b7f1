import Testing

@testable import AllotWire

@Suite struct ServerFrameDirectEncodingTests {
    static func fullTask() -> Wire.Task {
        var task = Wire.Task()
        task.sid = "WT" + String(repeating: "a", count: 32)
        task.workspaceSID = "WS" + String(repeating: "b", count: 32)
        task.attributes = #"{"name":"caf\#u{E9} \#u{1F600}"}"#
        task.assignmentStatus = .pending
        task.priority = -5
        task.age = UInt64.max
        task.timeout = UInt32.max
        task.reason = "done"
        task.taskQueueSID = "WQ1"
        task.taskQueueFriendlyName = "Support"
        task.taskQueueEnteredDateUnixMilliseconds = Int64.min
        task.taskChannelSID = "TC1"
        task.taskChannelUniqueName = "voice"
        task.workflowSID = "WW1"
        task.workflowFriendlyName = "Main"
        task.virtualStartTimeUnixMilliseconds = -1
        task.routingTarget = "WK1"
        task.ignoreCapacity = true
        task.version = 1 << 40
        task.accountSID = "AC1"
        task.dateCreatedUnixMilliseconds = 1_700_000_000_000
        task.dateUpdatedUnixMilliseconds = Int64.max
        return task
    }

    /// Frames with a task at its edges, with statuses alone, and with a status set or not.
    static let edgeFrames: [Wire.ServerFrame] = {
        var unrecognized = fullTask()
        unrecognized.assignmentStatus = .unrecognized(-7)
        // Attributes of these sizes end the task's one-, two- and three-byte lengths.
        let long = [100, 127, 128, 16_383, 16_384, 70_000].map { count -> Wire.Task in
            var task = fullTask()
            task.attributes = String(repeating: "x", count: count)
            return task
        }
        let tasks = [fullTask(), Wire.Task(), unrecognized] + long
        var frames = tasks.map { Wire.ServerFrame(callID: 7, status: Wire.Status(code: .ok), response: .task($0)) }
        frames.append(Wire.ServerFrame(callID: 0, status: nil, response: .task(fullTask())))
        frames.append(Wire.ServerFrame(callID: UInt64.max, status: Wire.Status(code: .ok)))
        frames.append(Wire.ServerFrame())
        frames.append(Wire.ServerFrame(callID: 3, status: Wire.Status(
            code: .invalidArgument, message: String(repeating: "é", count: 200), field: "attributes")))
        frames.append(Wire.ServerFrame(callID: 3, status: Wire.Status(code: .unrecognized(-1), message: "m", field: "")))
        return frames
    }()

    @Test func edgeCasesMatchProtobufC() throws {
        for frame in Self.edgeFrames {
            #expect(try frame.encodedBytes() == (try frame.serializedBytes()), "\(frame)")
        }
    }

    @Test func encodedTaskFrameDecodesToTheFrame() throws {
        for frame in Self.edgeFrames {
            #expect(try Wire.ServerFrame(serializedBytes: frame.encodedBytes()) == frame)
        }
    }

    @Test func seededRandomTasksMatchProtobufC() throws {
        var generator = SeededGenerator(seed: 0x7A5C_F4A3)
        for _ in 0..<500 {
            let frame = Wire.ServerFrame(callID: UInt64.random(in: 0...UInt64.max, using: &generator),
                                         status: Wire.Status(code: .ok), response: .task(Self.randomTask(using: &generator)))
            #expect(try frame.encodedBytes() == (try frame.serializedBytes()), "seed 0x7A5CF4A3, frame \(frame)")
        }
    }

    @Test func otherResponsesMatchProtobufC() throws {
        let frames = [
            Wire.ServerFrame(callID: 1, status: Wire.Status(code: .ok), response: .echo(Wire.EchoReply(payload: [1, 2, 0]))),
            Wire.ServerFrame(callID: 2, status: Wire.Status(code: .ok), response: .taskPage(Wire.TaskPage(tasks: [Self.fullTask()]))),
        ]
        for frame in frames {
            #expect(try frame.encodedBytes() == (try frame.serializedBytes()), "\(frame)")
        }
    }

    @Test func replyMatchesFrameWithStatusOK() throws {
        let responses: [Wire.ServerFrame.Response] = [
            .task(Self.fullTask()), .task(Wire.Task()),
            .echo(Wire.EchoReply(payload: [0, 1])), .taskPage(Wire.TaskPage(tasks: [Self.fullTask()], nextPageToken: "n")),
        ]
        for response in responses {
            let frame = Wire.ServerFrame(callID: 42, status: Wire.Status(code: .ok), response: response)
            #expect(try Wire.ServerFrame.encodedReply(callID: 42, response: response) == (try frame.serializedBytes()), "\(response)")
        }
    }

    @Test func replyWithNULFailsLikeProtobufC() throws {
        var task = Self.fullTask()
        task.reason = "a\u{0}"
        let frame = Wire.ServerFrame(callID: 1, status: Wire.Status(code: .ok), response: .task(task))
        let expected = try #require(throws: WireCodecError.self) { try frame.serializedBytes() }
        #expect(throws: expected) { try Wire.ServerFrame.encodedReply(callID: 1, response: .task(task)) }
    }

    /// String fields of the status and the task, in the order protobuf-c's fill checks them.
    static var stringFields: [WritableKeyPath<Wire.ServerFrame, String>] {
        [
            \.status!.message, \.status!.field,
            \.taskForTests.sid, \.taskForTests.workspaceSID, \.taskForTests.attributes, \.taskForTests.reason,
            \.taskForTests.taskQueueSID, \.taskForTests.taskQueueFriendlyName, \.taskForTests.taskChannelSID,
            \.taskForTests.taskChannelUniqueName, \.taskForTests.workflowSID, \.taskForTests.workflowFriendlyName,
            \.taskForTests.routingTarget, \.taskForTests.accountSID,
        ]
    }

    /// A NUL in a string field and in every later one fails as the protobuf-c path fails, so
    /// that the error names the same field, the first with a NUL.
    @Test(arguments: 0..<stringFields.count)
    func stringWithNULFailsLikeProtobufC(firstField: Int) throws {
        var frame = Wire.ServerFrame(callID: 9, status: Wire.Status(code: .ok), response: .task(Self.fullTask()))
        for path in Self.stringFields[firstField...] {
            frame[keyPath: path] = "a\u{0}b"
        }
        let expected = try #require(throws: WireCodecError.self) { try frame.serializedBytes() }
        #expect(throws: expected) { try frame.encodedBytes() }
    }

    static func randomTask(using generator: inout SeededGenerator) -> Wire.Task {
        func text(_ generator: inout SeededGenerator) -> String {
            let alphabet: [Character] = ["a", "Z", "0", "{", "\"", "é", "\u{1F600}", " "]
            let length = [0, 0, 1, 15, 34, 130, 300].randomElement(using: &generator) ?? 0
            return String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
        }
        func int64(_ generator: inout SeededGenerator) -> Int64 {
            Bool.random(using: &generator) ? 0 : Int64.random(in: Int64.min...Int64.max, using: &generator)
        }
        var task = Wire.Task()
        task.sid = text(&generator)
        task.workspaceSID = text(&generator)
        task.attributes = text(&generator)
        task.assignmentStatus = Wire.AssignmentStatus(wireValue: Int32.random(in: -2...9, using: &generator))
        task.priority = int64(&generator)
        task.age = UInt64(bitPattern: int64(&generator))
        task.timeout = UInt32(truncatingIfNeeded: int64(&generator))
        task.reason = text(&generator)
        task.taskQueueSID = text(&generator)
        task.taskQueueFriendlyName = text(&generator)
        task.taskQueueEnteredDateUnixMilliseconds = int64(&generator)
        task.taskChannelSID = text(&generator)
        task.taskChannelUniqueName = text(&generator)
        task.workflowSID = text(&generator)
        task.workflowFriendlyName = text(&generator)
        task.virtualStartTimeUnixMilliseconds = int64(&generator)
        task.routingTarget = text(&generator)
        task.ignoreCapacity = Bool.random(using: &generator)
        task.version = UInt64(bitPattern: int64(&generator))
        task.accountSID = text(&generator)
        task.dateCreatedUnixMilliseconds = int64(&generator)
        task.dateUpdatedUnixMilliseconds = int64(&generator)
        return task
    }
}

extension Wire.ServerFrame {
    /// The task of a task reply, settable through a key path.
    fileprivate var taskForTests: Wire.Task {
        get {
            guard case .task(let task)? = response else { preconditionFailure("frame \(self) carries no task") }
            return task
        }
        set { response = .task(newValue) }
    }
}

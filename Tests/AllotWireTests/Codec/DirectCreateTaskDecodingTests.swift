import Testing

@testable import AllotWire

/// Compares the direct create-task decoder with protobuf-c's decode and string check, which
/// the server runs on every frame the direct decoder returns nil for.
@Suite struct DirectCreateTaskDecodingTests {
    /// Decodes `bytes` by the full path and returns the frame, its unknown field numbers and
    /// the first string fault, or nil when protobuf-c rejects the bytes.
    static func fullDecode(_ bytes: [UInt8]) -> (frame: Wire.ClientFrame, unknown: [UInt32], fault: WireCodecError?)? {
        bytes.withUnsafeBytes { buffer in
            guard let decoded = try? Wire.ClientFrame.decodeReportingUnknownFields(buffer, arena: UnpackArena()) else { return nil }
            return (decoded.frame, decoded.unknownFieldNumbers, Wire.ClientFrame.stringFieldFault(in: buffer))
        }
    }

    static func directDecode(_ bytes: [UInt8]) -> Wire.ClientFrame? {
        bytes.withUnsafeBytes { Wire.ClientFrame.decodeDirectCreateTask($0) }
    }

    /// Checks that a frame the direct decoder returns is what the full path gives, with no
    /// unknown field and no string fault. Returns whether the direct decoder took the bytes.
    @discardableResult
    static func expectAgreement(_ bytes: [UInt8], _ context: String) -> Bool {
        guard let direct = directDecode(bytes) else { return false }
        guard let full = fullDecode(bytes) else {
            Issue.record("protobuf-c rejects bytes the direct decoder took: \(bytes), \(context)")
            return true
        }
        #expect(direct == full.frame, "\(context)")
        #expect(full.unknown.isEmpty, "\(context)")
        #expect(full.fault == nil, "\(context)")
        return true
    }

    static func encoded(_ request: Wire.CreateTaskRequest, callID: UInt64 = 7, deadline: UInt64 = 0) throws -> [UInt8] {
        try Wire.ClientFrame(callID: callID, deadlineUnixMilliseconds: deadline, request: .createTask(request)).serializedBytes()
    }

    static func fullRequest() -> Wire.CreateTaskRequest {
        Wire.CreateTaskRequest(
            workspaceSID: "WS" + String(repeating: "a", count: 32), attributes: #"{"name": "caf\#u{E9} \#u{1F600}"}"#,
            priority: Int64.max, timeout: UInt32.max, taskChannel: "voice", workflowSID: "WW" + String(repeating: "b", count: 32),
            virtualStartTimeUnixMilliseconds: 1_700_000_000_000, routingTarget: "WK1", ignoreCapacity: false, taskQueueSID: "WQ1")
    }

    /// Replaces the first occurrence of `marker` in `bytes` with `replacement` of the same length.
    static func replacing(_ marker: String, with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        let pattern = Array(marker.utf8)
        precondition(pattern.count == replacement.count, "the replacement must keep every length prefix")
        guard let start = (0...(bytes.count - pattern.count)).first(where: { Array(bytes[$0..<($0 + pattern.count)]) == pattern }) else {
            preconditionFailure("marker \(marker) not found")
        }
        var result = bytes
        result.replaceSubrange(start..<(start + pattern.count), with: replacement)
        return result
    }

    @Test func plainFramesDecodeDirectly() throws {
        var empty = Wire.ClientFrame(callID: 1, request: .createTask(Wire.CreateTaskRequest()))
        var frames = [empty]
        empty.deadlineUnixMilliseconds = 1 << 62
        frames.append(empty)
        frames.append(Wire.ClientFrame(callID: (1 << 63) - 1, request: .createTask(Self.fullRequest())))
        let zeroes = Wire.CreateTaskRequest(priority: 0, timeout: 0, virtualStartTimeUnixMilliseconds: 0, ignoreCapacity: true)
        frames.append(Wire.ClientFrame(callID: 2, request: .createTask(zeroes)))
        // Attributes of these sizes end the one-, two- and three-byte lengths.
        for count in [127, 128, 16_383, 16_384] {
            frames.append(Wire.ClientFrame(callID: 3, request: .createTask(Wire.CreateTaskRequest(attributes: String(repeating: "x", count: count)))))
        }
        for frame in frames {
            let bytes = try frame.serializedBytes()
            #expect(Self.directDecode(bytes) == frame, "\(frame)")
            #expect(Self.expectAgreement(bytes, "\(frame)"))
        }
    }

    @Test func otherFramesTakeFullPath() throws {
        let frames = [
            Wire.ClientFrame(callID: 1),
            Wire.ClientFrame(callID: 1, request: .hello(Wire.Hello(protocolVersion: 1))),
            Wire.ClientFrame(callID: 1, request: .fetchTask(Wire.FetchTaskRequest(workspaceSID: "WS1", taskSID: "WT1"))),
        ]
        for frame in frames {
            #expect(Self.directDecode(try frame.serializedBytes()) == nil, "\(frame)")
        }
        #expect(Self.directDecode([]) == nil)
    }

    @Test func faultyStringsTakeFullPath() throws {
        let bytes = try Self.encoded(Wire.CreateTaskRequest(workspaceSID: "WS1", attributes: "MARK", workflowSID: "WW1"))
        let faults: [[UInt8]] = [[0x4D, 0x00, 0x52, 0x4B], [0xC3, 0x28, 0x41, 0x41], [0xFF, 0x41, 0x41, 0x41],
                                 [0xED, 0xA0, 0x80, 0x41], [0xC0, 0x80, 0x41, 0x41], [0xF4, 0x90, 0x80, 0x80]]
        for fault in faults {
            let faulty = Self.replacing("MARK", with: fault, in: bytes)
            #expect(Self.directDecode(faulty) == nil, "\(fault)")
            #expect(Self.fullDecode(faulty)?.fault != nil, "\(fault)")
        }
    }

    @Test func unusualEncodingsTakeFullPath() throws {
        let base = try Self.encoded(Wire.CreateTaskRequest(workspaceSID: "WS1"))
        // ClientFrame field 90 (create_task) is tag 0xD2 0x05; the request starts after its length.
        let requestStart = base.count - 5
        #expect(Array(base[(requestStart - 3)..<requestStart]) == [0xD2, 0x05, 5])
        let requestFields: [[UInt8]] = [
            [0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], // priority -1 takes ten bytes
            [0x20, 0x80, 0x80, 0x80, 0x80, 0x10], // timeout 2^32 in five bytes
            [0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], // timeout 0 in six bytes
            [0x48, 0x02], // ignore_capacity 2
            [0x48, 0x81, 0x00], // ignore_capacity 1 in two bytes
            [0x0A, 0x01, 0x41], // workspace_sid again
            [0x58, 0x01], // unknown field 11
            [0x10, 0x01], // attributes with the varint wire type
            [0x15, 0x01, 0x02, 0x03, 0x04], // attributes with the 32-bit wire type
            [0x80, 0x80, 0x04, 0x00], // a three-byte tag
        ]
        for field in requestFields {
            var bytes = base
            bytes[requestStart - 1] = UInt8(5 + field.count)
            bytes += field
            #expect(Self.directDecode(bytes) == nil, "\(field)")
        }
        let frameFields: [[UInt8]] = [
            [0x08, 0x01], // call_id again
            [0x18, 0x01], // unknown field 3
            [0x52, 0x00], // hello next to create_task
            [0xD2, 0x05, 0x00], // create_task again
        ]
        for field in frameFields {
            #expect(Self.directDecode(base + field) == nil, "\(field)")
        }
    }

    @Test func seededRandomRequestsMatchProtobufC() throws {
        var generator = SeededGenerator(seed: 0x5EED_C7A5)
        var directCount = 0
        for index in 0..<1_000 {
            let frame = Wire.ClientFrame(callID: UInt64.random(in: 0...UInt64.max, using: &generator),
                                         deadlineUnixMilliseconds: Bool.random(using: &generator) ? 0 : UInt64.random(in: 0...UInt64.max, using: &generator),
                                         request: .createTask(Self.randomRequest(using: &generator)))
            let bytes = try frame.serializedBytes()
            let context = "seed 0x5EEDC7A5, frame \(index): \(frame)"
            if Self.expectAgreement(bytes, context) {
                directCount += 1
                #expect(Self.directDecode(bytes) == frame, "\(context)")
            }
        }
        // Frames with ten-byte varints, such as a negative priority, take the full path.
        #expect(directCount > 100)
    }

    /// Flips, cuts and inserts bytes of valid frames: whatever the direct decoder takes must
    /// be what protobuf-c gives.
    @Test func seededMutationsMatchProtobufC() throws {
        var generator = SeededGenerator(seed: 0xB17F_11B5)
        var directCount = 0
        for index in 0..<5_000 {
            var bytes = try Self.encoded(Self.randomRequest(using: &generator), callID: UInt64.random(in: 1...300, using: &generator))
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                case 2: bytes.removeSubrange(position...)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                }
                if bytes.isEmpty { break }
            }
            if Self.expectAgreement(bytes, "seed 0xB17F11B5, mutation \(index): \(bytes)") { directCount += 1 }
        }
        // Some mutations keep the frame plain, such as a changed string byte, so both paths run.
        #expect(directCount > 100)
    }

    static func randomRequest(using generator: inout SeededGenerator) -> Wire.CreateTaskRequest {
        func text() -> String {
            let pieces = ["a", "WS", "0123456789abcdef", "é", "\u{1F600}", "{\"k\": 1}", " ", "\u{7F}", "\u{800}"]
            let count = Int.random(in: 0...(Bool.random(using: &generator) ? 4 : 40), using: &generator)
            return (0..<count).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
        }
        func maybe<Value>(_ make: () -> Value) -> Value? {
            Bool.random(using: &generator) ? make() : nil
        }
        return Wire.CreateTaskRequest(
            workspaceSID: text(), attributes: text(),
            priority: maybe { Int64.random(in: Bool.random(using: &generator) ? 0...Int64.max : Int64.min...Int64.max, using: &generator) },
            timeout: maybe { UInt32.random(in: 0...UInt32.max, using: &generator) },
            taskChannel: text(), workflowSID: text(),
            virtualStartTimeUnixMilliseconds: maybe { Int64.random(in: Int64.min...Int64.max, using: &generator) },
            routingTarget: text(), ignoreCapacity: maybe { Bool.random(using: &generator) }, taskQueueSID: text())
    }
}

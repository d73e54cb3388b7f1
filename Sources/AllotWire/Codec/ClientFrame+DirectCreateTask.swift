extension Wire.ClientFrame {
    /// Decodes a frame that carries create_task in plain form, checking each string as it
    /// copies it, or returns nil for any other frame. After nil, decode the frame with
    /// ``decodeReportingUnknownFields(_:arena:)`` and check it with ``stringFieldFault(in:)``.
    ///
    /// Create-task is the call servers take most, and that pair of steps costs several times
    /// this one: protobuf-c unpacks into C structs that are then copied into Swift, and the
    /// string check walks the bytes again. A frame this function returns is the one that pair
    /// would give, with no unknown field and no string fault. It accepts only the subset of
    /// encodings on which protobuf-c's result is plain to see, and leaves the rest to it:
    ///
    /// - only call_id, deadline_unix_milliseconds and create_task in the frame, and only the
    ///   fields of CreateTaskRequest in the request, each at most once, with its wire type;
    /// - tags of at most two bytes, lengths of at most four, varints of at most nine bytes,
    ///   except timeout at most five and up to `UInt32.max`, and ignore_capacity only as 0 or 1;
    /// - strings without NUL that are valid UTF-8.
    ///
    /// So every malformed frame, and every frame that gets an error or a repaired string, takes
    /// the protobuf-c path and keeps its errors. Tests compare both paths on random and
    /// mutated frames.
    ///
    /// NOTE: the fields are listed by hand. A field added to ClientFrame or CreateTaskRequest
    /// is unknown here, so such frames take the protobuf-c path until it is added.
    ///
    /// - Complexity: O(n) in the length of `bytes`.
    public static func decodeDirectCreateTask(_ bytes: UnsafeRawBufferPointer) -> Wire.ClientFrame? {
        var reader = DirectFieldReader(bytes)
        // The fields are gathered in locals and the frame is built once at the end, because
        // each copy or assignment of a frame or request moves hundreds of bytes.
        var callID: UInt64?
        var deadline: UInt64?
        var requestBytes: UnsafeRawBufferPointer?
        while !reader.isAtEnd {
            guard let tag = reader.readTag() else { return nil }
            switch tag {
            case DirectFieldReader.tag(1, .varint):
                guard callID == nil, let value = reader.readVarint() else { return nil }
                callID = value
            case DirectFieldReader.tag(2, .varint):
                guard deadline == nil, let value = reader.readVarint() else { return nil }
                deadline = value
            case DirectFieldReader.tag(createTaskFieldNumber, .lengthDelimited):
                guard requestBytes == nil, let value = reader.readLengthDelimited() else { return nil }
                requestBytes = value
            default:
                return nil
            }
        }
        // A frame without create_task is left to the full path, which names what it lacks.
        guard let requestBytes, let request = Wire.CreateTaskRequest.decodeDirect(requestBytes) else { return nil }
        return Wire.ClientFrame(callID: callID ?? 0, deadlineUnixMilliseconds: deadline ?? 0, request: .createTask(request))
    }

    /// Field number of create_task in ClientFrame's request oneof.
    static let createTaskFieldNumber: UInt32 = 90
}

extension Wire.CreateTaskRequest {
    /// Decodes the request for ``Wire/ClientFrame/decodeDirectCreateTask(_:)`` under its rules,
    /// or returns nil.
    static func decodeDirect(_ bytes: UnsafeRawBufferPointer) -> Wire.CreateTaskRequest? {
        var reader = DirectFieldReader(bytes)
        // The fields are gathered in locals for the reason decodeDirectCreateTask gives.
        var workspaceSID = ""
        var attributes = ""
        var priority: Int64?
        var timeout: UInt32?
        var taskChannel = ""
        var workflowSID = ""
        var virtualStart: Int64?
        var routingTarget = ""
        var ignoreCapacity: Bool?
        var taskQueueSID = ""
        // Bit n set once field n was read; a repeated field returns nil.
        var seen: UInt16 = 0

        while !reader.isAtEnd {
            guard let tag = reader.readTag() else { return nil }
            let field = tag >> 3
            guard field >= 1, field <= 10, seen & (1 << field) == 0 else { return nil }
            seen |= 1 << field
            switch tag {
            case DirectFieldReader.tag(1, .lengthDelimited):
                guard let value = reader.readString() else { return nil }
                workspaceSID = value
            case DirectFieldReader.tag(2, .lengthDelimited):
                guard let value = reader.readString() else { return nil }
                attributes = value
            case DirectFieldReader.tag(3, .varint):
                guard let value = reader.readVarint() else { return nil }
                priority = Int64(bitPattern: value)
            case DirectFieldReader.tag(4, .varint):
                guard let value = reader.readVarint(maximumBytes: 5), let exact = UInt32(exactly: value) else { return nil }
                timeout = exact
            case DirectFieldReader.tag(5, .lengthDelimited):
                guard let value = reader.readString() else { return nil }
                taskChannel = value
            case DirectFieldReader.tag(6, .lengthDelimited):
                guard let value = reader.readString() else { return nil }
                workflowSID = value
            case DirectFieldReader.tag(7, .varint):
                guard let value = reader.readVarint() else { return nil }
                virtualStart = Int64(bitPattern: value)
            case DirectFieldReader.tag(8, .lengthDelimited):
                guard let value = reader.readString() else { return nil }
                routingTarget = value
            case DirectFieldReader.tag(9, .varint):
                // protobuf-c reads any non-zero varint as true; only the two plain forms are taken here.
                guard let value = reader.readVarint(maximumBytes: 1), value <= 1 else { return nil }
                ignoreCapacity = value == 1
            case DirectFieldReader.tag(10, .lengthDelimited):
                guard let value = reader.readString() else { return nil }
                taskQueueSID = value
            default:
                return nil
            }
        }

        return Wire.CreateTaskRequest(
            workspaceSID: workspaceSID, attributes: attributes, priority: priority, timeout: timeout, taskChannel: taskChannel,
            workflowSID: workflowSID, virtualStartTimeUnixMilliseconds: virtualStart, routingTarget: routingTarget,
            ignoreCapacity: ignoreCapacity, taskQueueSID: taskQueueSID)
    }
}

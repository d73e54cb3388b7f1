extension Wire.ServerFrame {
    /// Encodes the frame with the bytes and errors of ``serializedBytes()``.
    ///
    /// The frames a server sends most, a status alone or a status with a task, are written
    /// directly with ``ProtobufWriter``, which costs a fraction of building protobuf-c's
    /// structs and packing them. Every other response goes through protobuf-c.
    ///
    /// NOTE: the direct writers list the fields of `ServerFrame`, `Status` and `Task` by hand.
    /// A field added to those messages in proto/allot.proto must be added here too. The tests
    /// that compare both encodings fail until it is.
    package func encodedBytes() throws(WireCodecError) -> [UInt8] {
        switch response {
        case nil:
            var writer = ProtobufWriter(capacity: Self.directCapacityBytes)
            try Self.writeHeader(callID: callID, status: status, to: &writer)
            return writer.takeBytes()
        case .task(let task)?:
            return try Self.encode(callID: callID, status: status, task: task)
        default:
            return try serializedBytes()
        }
    }

    /// Encodes the reply to call `callID` with status OK and `response`: the bytes of
    /// ``encodedBytes()`` for that frame, without copying the response into one first.
    package static func encodedReply(callID: UInt64, response: Response) throws(WireCodecError) -> [UInt8] {
        if case .task(let task) = response {
            return try encode(callID: callID, status: Wire.Status(code: .ok), task: task)
        }
        return try Wire.ServerFrame(callID: callID, status: Wire.Status(code: .ok), response: response).serializedBytes()
    }

    private static func encode(callID: UInt64, status: Wire.Status?, task: Wire.Task) throws(WireCodecError) -> [UInt8] {
        var writer = ProtobufWriter(capacity: directCapacityBytes)
        try writeHeader(callID: callID, status: status, to: &writer)
        try writer.writeMessage(90) { (writer: inout ProtobufWriter) throws(WireCodecError) in
            try task.write(to: &writer)
        }
        return writer.takeBytes()
    }

    /// Writes the fields before the response, in field-number order.
    private static func writeHeader(callID: UInt64, status: Wire.Status?,
                                    to writer: inout ProtobufWriter) throws(WireCodecError) {
        writer.writeUInt64(1, callID)
        if let status {
            try writer.writeMessage(2) { (writer: inout ProtobufWriter) throws(WireCodecError) in
                try status.write(to: &writer)
            }
        }
    }

    /// Initial buffer for a directly written frame: a task reply with short attributes fits.
    private static let directCapacityBytes = 512
}

extension Wire.Status {
    /// Writes the fields in field-number order, which is also the order in which the
    /// protobuf-c path checks strings, so that both report the same field for a NUL.
    func write(to writer: inout ProtobufWriter) throws(WireCodecError) {
        writer.writeInt32(1, code.wireValue)
        try writer.writeString(2, message, name: "Status.message")
        try writer.writeString(3, field, name: "Status.field")
    }
}

extension Wire.Task {
    /// Writes the fields in field-number order, for the reason ``Wire/Status/write(to:)`` gives.
    func write(to writer: inout ProtobufWriter) throws(WireCodecError) {
        try writer.writeString(1, sid, name: "Task.sid")
        try writer.writeString(2, workspaceSID, name: "Task.workspace_sid")
        try writer.writeString(3, attributes, name: "Task.attributes")
        writer.writeInt32(4, assignmentStatus.wireValue)
        writer.writeInt64(5, priority)
        writer.writeUInt64(6, age)
        writer.writeUInt64(7, UInt64(timeout))
        try writer.writeString(8, reason, name: "Task.reason")
        try writer.writeString(9, taskQueueSID, name: "Task.task_queue_sid")
        try writer.writeString(10, taskQueueFriendlyName, name: "Task.task_queue_friendly_name")
        writer.writeInt64(11, taskQueueEnteredDateUnixMilliseconds)
        try writer.writeString(12, taskChannelSID, name: "Task.task_channel_sid")
        try writer.writeString(13, taskChannelUniqueName, name: "Task.task_channel_unique_name")
        try writer.writeString(16, workflowSID, name: "Task.workflow_sid")
        try writer.writeString(17, workflowFriendlyName, name: "Task.workflow_friendly_name")
        writer.writeInt64(18, virtualStartTimeUnixMilliseconds)
        try writer.writeString(19, routingTarget, name: "Task.routing_target")
        writer.writeBool(20, ignoreCapacity)
        writer.writeUInt64(21, version)
        try writer.writeString(22, accountSID, name: "Task.account_sid")
        writer.writeInt64(30, dateCreatedUnixMilliseconds)
        writer.writeInt64(31, dateUpdatedUnixMilliseconds)
    }
}

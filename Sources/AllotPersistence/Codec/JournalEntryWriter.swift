import AllotCore
import AllotWire

/// Writes the journal entry of a task creation straight from the command, with the bytes and
/// errors that protobuf-c's pack gives for the entry ``JournalCommandMapping`` maps it to.
///
/// Task creation is the mutation journaled most often, and building its `Wire.JournalEntry`,
/// converting that to protobuf-c's structs and packing them cost more than the rest of
/// journaling it. Other commands go through protobuf-c.
///
/// NOTE: the fields of `JournalEntry` and `JournalCreateTask` and the mapping of a
/// ``CreateTaskRequest`` are repeated here. A change to either must be made here too. The tests
/// that compare this writer with protobuf-c fail until it is.
enum JournalEntryWriter {
    /// `JournalEntry.create_task`.
    private static let createTaskField: UInt32 = 29
    /// Initial buffer: an entry with a short attributes document fits.
    private static let capacityBytes = 256

    /// Returns the encoded entry, or nil when the command has no direct writer.
    ///
    /// - Throws: `stringContainsNUL` for a string field with a NUL character, naming the
    ///   same field as the protobuf-c path.
    static func encode(_ content: JournalEntryContent) throws(WireCodecError) -> [UInt8]? {
        guard case .createTask(let workspace, let request) = content.command else { return nil }
        var writer = ProtobufWriter(capacity: capacityBytes)
        writer.writeUInt64(1, UInt64(JournalEntryCodec.version))
        try writer.writeString(2, content.accountSid, name: "JournalEntry.account_sid")
        writer.writeInt64(3, content.now.unixMilliseconds)
        writer.writeUInt64(4, UInt64(UInt32(content.shardCount)))
        try writer.writeMessage(createTaskField) { (writer: inout ProtobufWriter) throws(WireCodecError) in
            try writeCreateTask(workspace: workspace, request, to: &writer)
        }
        return writer.takeBytes()
    }

    /// Writes `JournalCreateTask` in field-number order, which is also the order in which the
    /// protobuf-c path checks its strings.
    private static func writeCreateTask(workspace: String, _ request: CreateTaskRequest,
                                        to writer: inout ProtobufWriter) throws(WireCodecError) {
        try writer.writeString(1, workspace, name: "JournalCreateTask.workspace_sid")
        if let attributes = request.attributes {
            try writer.writeOneofString(2, attributes, name: "JournalCreateTask.attributes")
        }
        writer.writeOneofInt64(3, request.priority.map(Int64.init))
        writer.writeOneofInt64(4, request.timeout.map(Int64.init))
        if let taskChannel = request.taskChannel {
            try writer.writeOneofString(5, taskChannel, name: "JournalCreateTask.task_channel")
        }
        if let workflowSid = request.workflowSid {
            try writer.writeOneofString(6, workflowSid, name: "JournalCreateTask.workflow_sid")
        }
        writer.writeOneofInt64(7, request.virtualStartTime?.unixMilliseconds)
        if let routingTarget = request.routingTarget {
            try writer.writeOneofString(8, routingTarget, name: "JournalCreateTask.routing_target")
        }
        if let ignoreCapacity = request.ignoreCapacity {
            try writer.writeOneofString(9, ignoreCapacity, name: "JournalCreateTask.ignore_capacity")
        }
    }
}

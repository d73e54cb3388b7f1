import AllotWireC

/// Readers for the fields of a struct that protobuf-c unpacked.
enum ProtobufCFields {
    /// Reads a C string as UTF-8, repairing invalid sequences. protobuf-c
    /// sets every string field, but a nil pointer still reads as empty.
    ///
    /// Repairing keeps decoding total: the client reads the server's frames
    /// and recovery reads journal records with this too, and neither should
    /// fail on text that an older server stored. The server rejects a client
    /// frame with invalid UTF-8 before decoding acts on it, with
    /// ``Wire/ClientFrame/stringFieldFault(in:)``.
    static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        // Most optional fields of a request are empty, and the empty string needs neither
        // `strlen` nor validation.
        guard let pointer, pointer.pointee != 0 else { return "" }
        return String(cString: pointer)
    }

    static func bytes(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard data.len > 0, let base = data.data else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: data.len))
    }

    static func array<CValue, Value>(
        _ count: Int,
        _ pointer: UnsafeMutablePointer<CValue>?,
        _ convert: (CValue) -> Value
    ) -> [Value] {
        guard count > 0, let pointer else { return [] }
        return UnsafeBufferPointer(start: pointer, count: count).map(convert)
    }

    static func strings(_ count: Int, _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String] {
        array(count, pointer) { string($0) }
    }

    static func messages<Message: ProtobufCMessage>(
        _ count: Int,
        _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<Message.CStruct>?>?,
        as type: Message.Type
    ) -> [Message] {
        array(count, pointer) { element in
            Message(c: required(element, Message.protobufName).pointee)
        }
    }

    /// Returns a pointer that protobuf-c guarantees to set: a oneof member
    /// whose case is set, or an element of a repeated field.
    static func required<Pointee>(
        _ pointer: UnsafeMutablePointer<Pointee>?,
        _ name: @autoclosure () -> String
    ) -> UnsafeMutablePointer<Pointee> {
        guard let pointer else { preconditionFailure("protobuf-c left \(name()) nil although it marks it present") }
        return pointer
    }
}

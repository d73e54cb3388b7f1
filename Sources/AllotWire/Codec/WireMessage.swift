/// A message of the Allot protocol that encodes to and decodes from the
/// protobuf binary format. Every generated `Wire` message conforms.
public protocol WireMessage: Sendable, Equatable {
    /// Encodes the message in the protobuf binary format.
    func serializedBytes() throws(WireCodecError) -> [UInt8]
    /// Decodes a message from the protobuf binary format.
    init(serializedBytes bytes: UnsafeRawBufferPointer) throws(WireCodecError)
}

extension WireMessage {
    /// Decodes a message from the protobuf binary format.
    public init(serializedBytes bytes: [UInt8]) throws(WireCodecError) {
        let result: Result<Self, WireCodecError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(WireCodecError) -> Self in try Self(serializedBytes: buffer) }
        }
        self = try result.get()
    }
}

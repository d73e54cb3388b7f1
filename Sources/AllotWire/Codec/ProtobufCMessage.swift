/// A wire type with its protoc-c struct and functions. The generated mapping
/// conforms every `Wire` message; the codec drives pack and unpack through it.
protocol ProtobufCMessage: WireMessage {
    /// The struct protoc-c generated for this message.
    associatedtype CStruct

    /// Fully qualified protobuf name, for error messages.
    static var protobufName: String { get }

    /// Returns a struct with its descriptor and default values set
    /// (protoc-c's `__init`).
    static func makeCStruct() -> CStruct
    /// protoc-c's `__get_packed_size`.
    static func packedSize(_ c: UnsafePointer<CStruct>) -> Int
    /// protoc-c's `__pack`: writes the encoding and returns its length.
    static func pack(_ c: UnsafePointer<CStruct>, into buffer: UnsafeMutablePointer<UInt8>) -> Int
    /// protoc-c's `__unpack` with the default allocator; nil on malformed input.
    static func unpack(_ bytes: UnsafePointer<UInt8>, count: Int) -> UnsafeMutablePointer<CStruct>?
    /// protoc-c's `__free_unpacked`.
    static func freeUnpacked(_ c: UnsafeMutablePointer<CStruct>)

    /// Copies the message into `c`; strings, arrays and submessages are
    /// allocated in `arena` and live as long as it does.
    func fill(_ c: inout CStruct, arena: CArena) throws(WireCodecError)
    /// Copies a struct that protobuf-c unpacked into a Swift value.
    init(c: CStruct)
}

import AllotWire
import Testing

/// A generated storage message and its round trip through protobuf-c, as
/// `Generated/StorageMessageSamples.swift` lists them.
struct WireSample: Sendable, CustomTestStringConvertible {
    let name: String
    /// Encodes the message, decodes the bytes, and returns both values'
    /// descriptions and whether they are equal.
    let roundTrip: @Sendable () throws -> (equal: Bool, original: String, decoded: String)

    init<Message: WireMessage>(_ name: String, _ message: Message) {
        self.name = name
        self.roundTrip = {
            let bytes = try message.serializedBytes()
            let decoded = try Message(serializedBytes: bytes)
            return (decoded == message, "\(message)", "\(decoded)")
        }
    }

    var testDescription: String { name }
}

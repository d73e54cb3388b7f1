/// A SID that an event carries, kept as bits and formatted only when read.
///
/// A routing cycle emits about eight events with four SIDs each. Formatting
/// them when the event was built allocated a string per SID, which the event
/// ring freed again when the event dropped out, whether or not anyone read
/// it. The value has no references, so copying and destroying events does
/// not touch reference counts for it either.
public struct EventSid: Sendable, Hashable {
    let value: SidValue
    let prefix: SidPrefix

    init(_ value: SidValue, _ prefix: SidPrefix) {
        self.value = value
        self.prefix = prefix
    }

    /// Reads a SID in the form the engine generates: a known prefix and 32
    /// lowercase hex digits. Returns nil for any other text.
    public init?(generated text: String) {
        guard let prefix = Sid.prefix(of: text), let value = SidValue(generated: text, prefix: prefix) else { return nil }
        self.init(value, prefix)
    }

    /// The SID as text.
    public var text: String { value.formatted(prefix) }
}

extension TableRecord {
    /// The record's SID as events carry it.
    var eventSid: EventSid { EventSid(sidValue, Self.sidPrefix) }
}

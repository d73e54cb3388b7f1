import AllotCore
import AllotWire

/// A journal record's payload, decoded: the command and what it ran with.
package struct JournalEntryContent: Equatable, Sendable {
    package var command: EngineCommand
    package var accountSid: String
    package var now: Timestamp
    /// The engine's shard count when the command ran.
    package var shardCount: Int

    package init(command: EngineCommand, accountSid: String, now: Timestamp, shardCount: Int) {
        self.command = command
        self.accountSid = accountSid
        self.now = now
        self.shardCount = shardCount
    }
}

/// Encodes engine commands as `JournalEntry` payloads and decodes them.
package enum JournalEntryCodec {
    /// Version of the entry layout that `JournalEntry.entry_version` names.
    package static let version: UInt32 = 1

    /// Encodes one command with the account and time it runs with.
    ///
    /// - Throws: `malformedRecord` when a string cannot be encoded, for
    ///   example because it contains a NUL character.
    package static func encode(_ content: JournalEntryContent) throws(PersistenceCodecError) -> [UInt8] {
        do {
            if let bytes = try JournalEntryWriter.encode(content) { return bytes }
        } catch {
            throw .malformedRecord(kind: "journal entry", cause: error)
        }
        let entry = Wire.JournalEntry(
            entryVersion: version, accountSID: content.accountSid, nowUnixMilliseconds: content.now.unixMilliseconds,
            shardCount: UInt32(content.shardCount), command: JournalCommandMapping.wire(content.command))
        do {
            return try entry.serializedBytes()
        } catch {
            throw .malformedRecord(kind: "journal entry", cause: error)
        }
    }

    /// Decodes one payload.
    package static func decode(_ payload: [UInt8]) throws(PersistenceCodecError) -> JournalEntryContent {
        let entry: Wire.JournalEntry
        do {
            entry = try Wire.JournalEntry(serializedBytes: payload)
        } catch {
            throw .malformedRecord(kind: "journal entry", cause: error)
        }
        guard entry.entryVersion == version else {
            throw .unsupportedVersion(kind: "journal entry", version: entry.entryVersion, supported: version)
        }
        guard let command = entry.command else {
            throw .invalidField(kind: "journal entry", field: "command", value: "missing")
        }
        guard entry.shardCount >= 1 else {
            throw .invalidField(kind: "journal entry", field: "shard_count", value: "\(entry.shardCount)")
        }
        return JournalEntryContent(command: try JournalCommandMapping.command(command), accountSid: entry.accountSID,
                                   now: Timestamp(unixMilliseconds: entry.nowUnixMilliseconds),
                                   shardCount: Int(entry.shardCount))
    }
}

/// A SID in a value that the API returns, such as `TaskInfo`: the bits of a
/// generated SID, formatted only when read, or text that a caller set.
///
/// A routing cycle returns five generated SIDs: the task's in the replies to
/// create and complete, and the reservation's, its task's and its worker's
/// in the reply to accept. Formatting each allocated a 34-character string,
/// which was freed again with the value, also when the caller dropped the
/// reply unread. Comparison and hashing go by the text, so a SID kept as
/// bits equals the same SID set as text.
struct InfoSid: Sendable, Hashable, CustomStringConvertible {
    private enum Storage: Sendable {
        /// A generated SID, kept as events keep theirs.
        case generated(EventSid)
        case text(String)
    }

    private var storage: Storage

    init(_ value: SidValue, _ prefix: SidPrefix) {
        storage = .generated(EventSid(value, prefix))
    }

    init(text: String) {
        storage = .text(text)
    }

    /// The SID as text, formatted on every read when it is kept as bits.
    var text: String {
        switch storage {
        case .generated(let sid): sid.text
        case .text(let text): text
        }
    }

    /// The text in quotes, as debug output shows a string, so that a
    /// printed info, such as in a failed test's message, shows SIDs as text.
    var description: String { text.debugDescription }

    /// Compares the text. Two generated SIDs are compared by their bits,
    /// with the same result, because formatting maps distinct bits or
    /// prefixes to distinct text.
    static func == (lhs: InfoSid, rhs: InfoSid) -> Bool {
        if case .generated(let left) = lhs.storage, case .generated(let right) = rhs.storage {
            return left == right
        }
        return lhs.text == rhs.text
    }

    /// Hashes the text, so that SIDs equal as text hash alike in either form.
    func hash(into hasher: inout Hasher) {
        hasher.combine(text)
    }
}

extension ResourceTable {
    /// Returns the SID of the record at `handle`, which must be live, as an
    /// info keeps it: as bits, formatted only if a caller reads it.
    func infoSid(at handle: Handle<Record>) -> InfoSid {
        InfoSid(self[handle].sidValue, Record.sidPrefix)
    }
}

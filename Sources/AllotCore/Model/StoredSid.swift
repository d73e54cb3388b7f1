/// A SID kept both as bits and as text, for the records of the small tables:
/// activities, task channels, task queues and workflows.
///
/// Their SIDs go into most replies, so formatting them from bits for every
/// reply cost more than keeping the text. Tasks, workers and reservations
/// keep only the bits, because there are millions of them.
struct StoredSid: Sendable {
    let value: SidValue
    let text: String

    init(_ value: SidValue, _ prefix: SidPrefix) {
        self.value = value
        text = value.formatted(prefix)
    }

    private init(value: SidValue, text: String) {
        self.value = value
        self.text = text
    }

    /// The SID of the placeholder records in freed table slots, which owns no heap storage.
    static let vacant = StoredSid(value: .zero, text: "")
}

/// A record of a small table, which keeps its SID as text too.
protocol StoredSidRecord: TableRecord {
    var storedSid: StoredSid { get }
}

extension ResourceTable where Record: StoredSidRecord {
    /// Returns the text of SID `value`, which another record keeps as bits
    /// beside `handle`. While `handle` still addresses that record, this is
    /// its stored text, which spares formatting and later freeing a string.
    /// The record may since have been removed, and its slot reused.
    func sidText(_ value: SidValue?, at handle: Handle<Record>?) -> String? {
        guard let value else { return nil }
        if let handle, sidValue(at: handle) == value { return self[handle].storedSid.text }
        return value.formatted(Record.sidPrefix)
    }
}

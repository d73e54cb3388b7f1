import Foundation

/// Prints results of server commands: a table or `field: value` lines for
/// people, JSON with `--json`, or only SIDs with `--sid-only`.
struct ResultPrinter {
    /// True when `--json` was given.
    let json: Bool
    /// True when `--sid-only` was given; it wins over `--json`.
    let sidOnly: Bool

    init(_ arguments: ParsedArguments) {
        json = arguments.contains("json")
        sidOnly = arguments.contains("sid-only")
    }

    /// Returns the lines for one resource.
    func one(_ value: Any) -> [String] {
        let object = WireJSON.object(value)
        if sidOnly { return Self.sid(of: object).map { [$0] } ?? [] }
        if json { return [WireJSON.prettyText(ofJSONObject: Self.parsingAttributes(object))] }
        guard let record = object as? [String: Any] else { return ["\(value)"] }
        return Table.record(record)
    }

    /// Returns the lines for a list of resources, with `columns` in the table.
    func list(_ values: [Any], columns: [String]) -> [String] {
        let objects = values.map(WireJSON.object)
        if sidOnly { return objects.compactMap(Self.sid(of:)) }
        if json { return [WireJSON.prettyText(ofJSONObject: objects.map(Self.parsingAttributes))] }
        let rows = objects.compactMap { $0 as? [String: Any] }
        return Table.lines(columns: columns, rows: rows)
    }

    private static func sid(of object: Any) -> String? {
        guard let sid = (object as? [String: Any])?["sid"] as? String, !sid.isEmpty else { return nil }
        return sid
    }

    /// Returns `object` with its `attributes` JSON text replaced by the
    /// parsed JSON value, so that `--json` prints attributes as an object
    /// rather than as a string holding one. Text that does not parse, or an
    /// empty string, stays as it is.
    static func parsingAttributes(_ object: Any) -> Any {
        guard var record = object as? [String: Any], let text = record["attributes"] as? String, !text.isEmpty,
              let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return object
        }
        record["attributes"] = parsed
        return record
    }
}

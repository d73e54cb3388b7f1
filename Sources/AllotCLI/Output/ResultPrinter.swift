import Foundation

/// Prints results of server commands: a table or `field: value` lines for
/// people, or JSON with `--json`.
struct ResultPrinter {
    /// True when `--json` was given.
    let json: Bool

    init(_ arguments: ParsedArguments) {
        json = arguments.contains("json")
    }

    /// Returns the lines for one resource.
    func one(_ value: Any) -> [String] {
        if json { return [WireJSON.text(value)] }
        guard let object = WireJSON.object(value) as? [String: Any] else { return ["\(value)"] }
        return Table.record(object)
    }

    /// Returns the lines for a list of resources, with `columns` in the table.
    func list(_ values: [Any], columns: [String]) -> [String] {
        if json { return [WireJSON.text(values)] }
        let rows = values.compactMap { WireJSON.object($0) as? [String: Any] }
        return Table.lines(columns: columns, rows: rows)
    }
}

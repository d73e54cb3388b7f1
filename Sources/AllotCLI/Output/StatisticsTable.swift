import Foundation

/// Lays out a statistics reply for people: its scalar fields as
/// `field: value` lines, with nested objects flattened to dotted names such
/// as `tasks_by_status.pending`, then each list of objects as a table under
/// its name.
enum StatisticsTable {
    /// Columns that lead a table when present; the rest follow in name order.
    static let leadingColumns = ["sid", "friendly_name", "task_queue_sid", "priority", "threshold"]

    /// Returns the lines for one statistics reply of the `Wire` model.
    static func lines(_ value: Any) -> [String] {
        guard let object = WireJSON.object(value) as? [String: Any] else { return ["\(value)"] }
        var scalars: [String: Any] = [:]
        var lists: [String: [[String: Any]]] = [:]
        flatten(object, prefix: "", scalars: &scalars, lists: &lists)
        var lines = Table.record(scalars)
        for name in lists.keys.sorted() {
            lines.append("")
            lines.append(name + ":")
            let rows = flattenedRows(lists[name] ?? [])
            if rows.isEmpty {
                lines.append("  (none)")
                continue
            }
            lines += Table.lines(columns: columns(of: rows), rows: rows).map { "  " + $0 }
        }
        return lines
    }

    /// Returns the lines of a table with one row per reply, such as the
    /// real-time statistics of several queues.
    static func rows(_ values: [Any], columns: [String]) -> [String] {
        let objects = values.compactMap { WireJSON.object($0) as? [String: Any] }
        return Table.lines(columns: columns, rows: flattenedRows(objects))
    }

    /// Returns the objects with nested objects flattened to dotted names.
    static func flattenedRows(_ objects: [[String: Any]]) -> [[String: Any]] {
        objects.map { object in
            var scalars: [String: Any] = [:]
            var lists: [String: [[String: Any]]] = [:]
            flatten(object, prefix: "", scalars: &scalars, lists: &lists)
            return scalars
        }
    }

    /// Returns the column names of `rows`: `leadingColumns` first, then the others sorted.
    static func columns(of rows: [[String: Any]]) -> [String] {
        let names = Set(rows.flatMap(\.keys))
        return leadingColumns.filter(names.contains) + names.subtracting(leadingColumns).sorted()
    }

    /// Splits `object` into scalar fields and lists of objects. The depth is
    /// that of the statistics messages, which the server, not a user, sends.
    private static func flatten(_ object: [String: Any], prefix: String, scalars: inout [String: Any], lists: inout [String: [[String: Any]]]) {
        for (key, value) in object {
            let name = prefix.isEmpty ? key : prefix + "." + key
            switch value {
            case let nested as [String: Any]:
                flatten(nested, prefix: name, scalars: &scalars, lists: &lists)
            case let list as [Any] where list.allSatisfy({ $0 is [String: Any] }):
                lists[name] = list.compactMap { $0 as? [String: Any] }
            case is NSNull:
                scalars[name] = ""
            default:
                scalars[name] = value
            }
        }
    }
}

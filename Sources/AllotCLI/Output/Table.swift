import AllotCore
import Foundation

/// Rows printed as aligned columns under a header, for people to read.
/// A field that contains an instant in Unix milliseconds, such as
/// `date_created_unix_milliseconds`, shows as ISO 8601 in UTC under its
/// name without the suffix (`date_created`); `--json` keeps the number.
enum Table {
    /// The name ending of the wire fields that hold an instant in Unix milliseconds.
    static let unixMillisecondsSuffix = "_unix_milliseconds"

    /// Returns the lines of a table with `columns` (JSON field names, shown
    /// in upper case) over `rows` (JSON objects from `WireJSON`).
    static func lines(columns: [String], rows: [[String: Any]]) -> [String] {
        let cells = rows.map { row in columns.map { cell(row[$0], field: $0) } }
        let header = columns.map { displayName($0).uppercased() }
        var widths = header.map(\.count)
        for row in cells {
            for (index, text) in row.enumerated() { widths[index] = max(widths[index], text.count) }
        }
        return ([header] + cells).map { row in
            row.enumerated().map { index, text in
                index == row.count - 1 ? text : text + String(repeating: " ", count: widths[index] - text.count)
            }.joined(separator: "  ")
        }
    }

    /// Returns `field: value` lines for one object, keys sorted.
    static func record(_ object: [String: Any]) -> [String] {
        let keys = object.keys.sorted { displayName($0) < displayName($1) }
        let width = keys.map { displayName($0).count }.max() ?? 0
        return keys.map { key in
            let name = displayName(key)
            return name + ":" + String(repeating: " ", count: width - name.count + 1) + cell(object[key], field: key)
        }
    }

    /// Returns `field` as a table shows it: without `unixMillisecondsSuffix`.
    static func displayName(_ field: String) -> String {
        field.hasSuffix(unixMillisecondsSuffix) ? String(field.dropLast(unixMillisecondsSuffix.count)) : field
    }

    /// Returns the text of a field's value; an instant of 0, which the
    /// protocol uses for "not set", prints as an empty cell.
    private static func cell(_ value: Any?, field: String) -> String {
        guard field.hasSuffix(unixMillisecondsSuffix), let number = value as? NSNumber else {
            return cell(value)
        }
        let milliseconds = number.int64Value
        return milliseconds == 0 ? "" : Timestamp(unixMilliseconds: milliseconds).iso8601
    }

    private static func cell(_ value: Any?) -> String {
        guard let value else { return "" }
        // Checked by type first, because an integer NSNumber of 0 or 1 also casts to Bool.
        if type(of: value) == Bool.self, let flag = value as? Bool { return flag ? "true" : "false" }
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        case let array as [Any]: return array.map { cell($0) }.joined(separator: ",")
        case let dictionary as [String: Any]: return WireJSON.text(dictionary).replacingOccurrences(of: "\n", with: " ")
        default: return "\(value)"
        }
    }
}

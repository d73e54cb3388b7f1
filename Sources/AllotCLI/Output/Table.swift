import Foundation

/// Rows printed as aligned columns under a header, for people to read.
enum Table {
    /// Returns the lines of a table with `columns` (JSON field names, shown
    /// in upper case) over `rows` (JSON objects from `WireJSON`).
    static func lines(columns: [String], rows: [[String: Any]]) -> [String] {
        let cells = rows.map { row in columns.map { cell(row[$0]) } }
        let header = columns.map { $0.uppercased() }
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
        let keys = object.keys.sorted()
        let width = keys.map(\.count).max() ?? 0
        return keys.map { key in key + ":" + String(repeating: " ", count: width - key.count + 1) + cell(object[key]) }
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

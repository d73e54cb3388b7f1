import Foundation

/// Converts values of the `Wire` model to JSON objects with the protocol's
/// snake_case field names, by reflection, for `--json` output and tables.
enum WireJSON {
    /// Returns `value` as a JSONSerialization-compatible object.
    static func object(_ value: Any) -> Any {
        switch value {
        case let text as String: return text
        case let flag as Bool: return flag
        // Whole numbers print without ".0": the statistics send whole seconds as doubles.
        case let number as Double where number.rounded() == number && abs(number) < 1e15: return NSNumber(value: Int64(number))
        case let number as Double: return number
        // Checked by type, because an empty [Any] also casts to [UInt8].
        case let bytes as [UInt8] where type(of: value) == [UInt8].self: return Data(bytes).base64EncodedString()
        case let number as any BinaryInteger: return NSNumber(value: Int64(truncatingIfNeeded: number))
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { object($0.value) } ?? NSNull()
        case .collection:
            return mirror.children.map { object($0.value) }
        case .struct:
            var dictionary: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label else { continue }
                dictionary[snakeCase(label)] = object(child.value)
            }
            return dictionary
        case .enum:
            // Enumerations of the model print their case: "pending", "fifo".
            return String(describing: value)
        default:
            return String(describing: value)
        }
    }

    /// Returns pretty-printed JSON text with sorted keys. Empty arrays and
    /// objects print as `[]` and `{}`, where Foundation on Linux prints an
    /// empty line between the brackets.
    static func text(_ value: Any) -> String {
        prettyText(ofJSONObject: object(value))
    }

    /// Returns `root`, a JSONSerialization-compatible object such as
    /// `object(_:)` returns, as pretty-printed JSON text like `text(_:)`.
    static func prettyText(ofJSONObject root: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]) else {
            return String(describing: root)
        }
        // A line break cannot occur inside a JSON string, which escapes it,
        // so a bracket followed by a line break and white space only is an empty container.
        return String(decoding: data, as: UTF8.self)
            .replacing(#/\[\n\s*\]/#, with: "[]")
            .replacing(#/\{\n\s*\}/#, with: "{}")
    }

    /// Returns compact JSON text on one line with sorted keys, for output
    /// that prints one object per line.
    static func line(_ value: Any) -> String {
        let root = object(value)
        guard let data = try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]) else {
            return String(describing: root)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `accountSID` to `account_sid`, `taskQueueSIDs` to `task_queue_sids`.
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var output = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase && index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase && characters[index + 1] != "s"
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) {
                    output.append("_")
                }
            }
            output.append(contentsOf: character.lowercased())
        }
        return output
    }
}

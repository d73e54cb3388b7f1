import AllotCore
import Foundation

/// Reads a JSON option value: the JSON text itself, or `@path` for the
/// contents of the file at `path`.
enum JSONArgument {
    /// Parses the value of option `name`.
    ///
    /// - Throws: `CommandFailure` when the file cannot be read or the text is
    ///   not valid JSON.
    static func parse(_ argument: String, option name: String) throws(CommandFailure) -> AttributeValue {
        let text = try readText(argument, option: name)
        do {
            return try JSONConversion.parse(text)
        } catch {
            throw CommandFailure(message: "--\(name) is not valid JSON: \(error)")
        }
    }

    /// Parses the value of option `name` and checks that it is an object.
    static func parseObject(_ argument: String, option name: String) throws(CommandFailure) -> AttributeValue {
        let value = try parse(argument, option: name)
        guard case .object = value else {
            throw CommandFailure(message: "--\(name) must be a JSON object, such as '{\"skills\": [\"support\"]}'")
        }
        return value
    }

    private static func readText(_ argument: String, option name: String) throws(CommandFailure) -> String {
        guard argument.hasPrefix("@") else { return argument }
        let path = String(argument.dropFirst())
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CommandFailure(message: "cannot read the file '\(path)' given to --\(name): \(error.localizedDescription)")
        }
    }
}

// TODO: replace with AttributeValue(parsingJSON:) once the attribute parser
// is on main; it enforces the attribute size and depth limits, which
// JSONSerialization does not.

/// Conversion from JSON text to `AttributeValue` through Foundation.
enum JSONConversion {
    struct UnsupportedValue: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> AttributeValue {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        return try value(from: object)
    }

    private static func value(from object: Any) throws -> AttributeValue {
        switch object {
        case is NSNull:
            return .null
        case let number as NSNumber:
            // JSONSerialization gives booleans the Objective-C type "c".
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            return .number(number.doubleValue)
        case let text as String:
            return .string(text)
        case let array as [Any]:
            return .array(try array.map(value(from:)))
        case let dictionary as [String: Any]:
            return .object(AttributeObject(try dictionary.map { ($0.key, try value(from: $0.value)) }))
        default:
            throw UnsupportedValue(description: "unsupported JSON value \(object)")
        }
    }
}

import Foundation
import AllotCore

// TODO: replace with AttributeValue(parsingJSON:) once the attribute parser
// is on main; this converter exists only so that these tests can read JSON.

/// Test-only conversion from JSON text to `AttributeValue` through Foundation.
enum TestJSON {
    struct InvalidJSON: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `text`, which may be any JSON value.
    static func parse(_ text: String) throws -> AttributeValue {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        return try value(from: object)
    }

    /// Converts a value that `JSONSerialization` produced.
    static func value(from object: Any) throws -> AttributeValue {
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
            throw InvalidJSON(description: "unexpected JSON value \(object)")
        }
    }
}

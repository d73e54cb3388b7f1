import Foundation
@testable import AllotCore

/// Loads the published TaskRouter configurations kept as test resources and
/// fills in their `${...}` placeholders.
enum RealConfigLoader {
    struct LoadFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Returns the `document` member of a configuration file.
    static func document(_ fileName: String) throws -> Any {
        guard let url = Bundle.module.url(forResource: fileName, withExtension: "json", subdirectory: "Conformance/RealConfigs")
        else { throw LoadFailure(description: "resource \(fileName).json is missing") }
        let data = try Data(contentsOf: url)
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any], let document = root["document"] else {
            throw LoadFailure(description: "\(fileName).json has no document")
        }
        return document
    }

    /// Replaces every string `${name}` whose name is in `values`, recursively.
    static func substitute(_ value: Any, _ values: [String: String]) throws -> Any {
        switch value {
        case let text as String:
            guard text.hasPrefix("${"), text.hasSuffix("}") else { return text }
            let name = String(text.dropFirst(2).dropLast())
            guard let replacement = values[name] else { throw LoadFailure(description: "no value for placeholder \(text)") }
            return replacement
        case let array as [Any]:
            return try array.map { try substitute($0, values) }
        case let object as [String: Any]:
            return try object.mapValues { try substitute($0, values) }
        default:
            return value
        }
    }

    static func jsonText(_ value: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

import AllotCore
import Foundation

/// Typed access to a parsed JSON document, with errors that name the file
/// and the JSON path of the value.
struct JSONReader {
    let file: String

    func fail(_ path: String, _ message: String) -> ApplyError {
        ApplyError(file: file, path: path, message: message)
    }

    func object(_ value: Any?, _ path: String) throws(ApplyError) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw fail(path, "expected a JSON object") }
        return object
    }

    func array(_ value: Any?, _ path: String) throws(ApplyError) -> [Any] {
        guard let array = value as? [Any] else { throw fail(path, "expected a JSON array") }
        return array
    }

    /// Returns the member `key`, written in snake_case (TaskRouter's REST
    /// JSON and Terraform) or camelCase (the helper libraries and Pulumi),
    /// with the name it has in the file.
    func member(_ object: [String: Any], _ key: String) -> (name: String, value: Any)? {
        if let value = object[key] { return (key, value) }
        let camelKey = Self.camelCase(key)
        return object[camelKey].map { (camelKey, $0) }
    }

    func string(_ object: [String: Any], _ key: String, _ path: String) throws(ApplyError) -> String? {
        guard let (name, value) = member(object, key) else { return nil }
        guard let text = value as? String else { throw fail("\(path).\(name)", "expected a string") }
        return text
    }

    func requiredString(_ object: [String: Any], _ key: String, _ path: String) throws(ApplyError) -> String {
        guard let text = try string(object, key, path), !text.isEmpty else {
            throw fail("\(path).\(member(object, key)?.name ?? key)", "missing; give a non-empty string")
        }
        return text
    }

    func bool(_ object: [String: Any], _ key: String, _ path: String) throws(ApplyError) -> Bool? {
        guard let (name, value) = member(object, key) else { return nil }
        guard let number = value as? NSNumber, Self.isBoolean(number) else {
            throw fail("\(path).\(name)", "expected true or false")
        }
        return number.boolValue
    }

    func unsigned(_ object: [String: Any], _ key: String, _ path: String, range: ClosedRange<Int>) throws(ApplyError) -> Int? {
        guard let (name, value) = member(object, key) else { return nil }
        guard let number = value as? NSNumber, !Self.isBoolean(number),
              number.doubleValue == Double(number.intValue), range.contains(number.intValue) else {
            throw fail("\(path).\(name)", "expected a whole number from \(range.lowerBound) to \(range.upperBound), "
                           + "but found \(Self.describe(value))")
        }
        return number.intValue
    }

    /// Describes a parsed JSON value for an error, with the fix for a number written as a string.
    static func describe(_ value: Any) -> String {
        if let text = value as? String {
            let quoted = "the string \"\(text.prefix(40))\(text.count > 40 ? "…" : "")\""
            return Double(text) != nil ? "\(quoted); write the number without quotes" : quoted
        }
        if let number = value as? NSNumber {
            guard isBoolean(number) else { return "\(number)" }
            return number.boolValue ? "true" : "false"
        }
        if value is NSNull { return "null" }
        return value is [Any] ? "an array" : "an object"
    }

    /// JSONSerialization returns true and false as NSNumbers of type char.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// Rejects keys outside `allowed` (in snake_case or camelCase), which
    /// catches misspelt field names, and a field given in both spellings.
    func checkKeys(_ object: [String: Any], _ allowed: Set<String>, _ path: String) throws(ApplyError) {
        let spellings = allowed.union(allowed.map(Self.camelCase))
        if let unknown = object.keys.sorted().first(where: { !spellings.contains($0) }) {
            let hint = NearestName.nearest(to: unknown, among: Array(spellings)).map { "did you mean \"\($0)\"? " } ?? ""
            throw fail("\(path).\(unknown)", "unknown field; \(hint)expected one of \(allowed.sorted().joined(separator: ", "))")
        }
        for key in allowed.sorted() where Self.camelCase(key) != key && object[key] != nil && object[Self.camelCase(key)] != nil {
            throw fail("\(path).\(Self.camelCase(key))", "the field is also given as \"\(key)\"; keep one of the two")
        }
    }

    /// Returns the camelCase spelling of a snake_case name: `friendly_name`
    /// becomes `friendlyName`.
    static func camelCase(_ name: String) -> String {
        let words = name.split(separator: "_")
        guard let first = words.first else { return name }
        return String(first) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Reads and parses a JSON file of at most `maximumBytes`.
    static func load(_ path: String, maximumBytes: Int) throws(ApplyError) -> Any {
        let data: Data
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard size <= maximumBytes else {
                throw ApplyError(file: path, path: "$", message: "the file is larger than \(maximumBytes) bytes")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as ApplyError {
            throw error
        } catch {
            throw ApplyError(file: path, path: "$", message: "cannot read the file: \(error.localizedDescription)")
        }
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw ApplyError(file: path, path: "$", message: "invalid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error.localizedDescription)")
        }
    }
}

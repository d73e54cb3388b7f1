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

    func string(_ object: [String: Any], _ key: String, _ path: String) throws(ApplyError) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value as? String else { throw fail("\(path).\(key)", "expected a string") }
        return text
    }

    func requiredString(_ object: [String: Any], _ key: String, _ path: String) throws(ApplyError) -> String {
        guard let text = try string(object, key, path), !text.isEmpty else {
            throw fail("\(path).\(key)", "missing; give a non-empty string")
        }
        return text
    }

    func bool(_ object: [String: Any], _ key: String, _ path: String) throws(ApplyError) -> Bool? {
        guard let value = object[key] else { return nil }
        guard let number = value as? NSNumber, Self.isBoolean(number) else {
            throw fail("\(path).\(key)", "expected true or false")
        }
        return number.boolValue
    }

    func unsigned(_ object: [String: Any], _ key: String, _ path: String, range: ClosedRange<Int>) throws(ApplyError) -> Int? {
        guard let value = object[key] else { return nil }
        guard let number = value as? NSNumber, !Self.isBoolean(number),
              number.doubleValue == Double(number.intValue), range.contains(number.intValue) else {
            throw fail("\(path).\(key)", "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number.intValue
    }

    /// JSONSerialization returns true and false as NSNumbers of type char.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// Rejects keys outside `allowed`, which catches misspelt field names.
    func checkKeys(_ object: [String: Any], _ allowed: Set<String>, _ path: String) throws(ApplyError) {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw fail("\(path).\(unknown)", "unknown field; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
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

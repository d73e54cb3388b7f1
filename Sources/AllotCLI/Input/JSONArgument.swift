import AllotCore
import Foundation

/// Reads a JSON option value: the JSON text itself, or `@path` for the
/// contents of the file at `path`.
enum JSONArgument {
    /// The largest document accepted for options that are not attributes,
    /// such as a queue's member list: far more than a workspace's 15,000
    /// workers need, while bounding what a mistyped file name can load.
    static let maximumDocumentBytes = 16 << 20

    /// Parses the value of option `name`, which may be any JSON value of up
    /// to `maximumDocumentBytes`.
    ///
    /// - Throws: `CommandFailure` when the file cannot be read or the text is
    ///   not valid JSON.
    static func parse(_ argument: String, option name: String) throws(CommandFailure) -> AttributeValue {
        let text = try readText(argument, option: name)
        do {
            return try AttributeValue(parsingJSON: text, maximumBytes: maximumDocumentBytes)
        } catch {
            throw CommandFailure(message: "\(OptionSpecification.dashed(name)) is not valid JSON: \(error.message)\(fileHint(argument))")
        }
    }

    /// Parses the value of option `name` as attributes: a JSON object within
    /// the attribute size and depth limits that the server applies.
    static func parseAttributes(_ argument: String, option name: String) throws(CommandFailure) -> AttributeValue {
        let text = try readText(argument, option: name)
        do {
            return try AttributeValue(parsingAttributes: text)
        } catch {
            throw CommandFailure(message: "\(OptionSpecification.dashed(name)) is not a valid attributes document: \(error.message)\(fileHint(argument))")
        }
    }

    /// Returns a hint for a value that names an existing file but lacks the `@` that reads it.
    private static func fileHint(_ argument: String) -> String {
        guard !argument.hasPrefix("@"), !argument.hasPrefix("{"), FileManager.default.fileExists(atPath: argument) else { return "" }
        return "; to read the file \(argument), pass @\(argument)"
    }

    private static func readText(_ argument: String, option name: String) throws(CommandFailure) -> String {
        guard argument.hasPrefix("@") else { return argument }
        let path = String(argument.dropFirst())
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CommandFailure(message: "cannot read the file '\(path)' given to \(OptionSpecification.dashed(name)): \(error.localizedDescription)")
        }
    }
}

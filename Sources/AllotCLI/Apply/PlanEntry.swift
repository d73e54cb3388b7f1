import Foundation

/// One resource object of a workspace file, or of a file that a `*_file`
/// field names. It keeps what errors about it need: the reader of its file,
/// its JSON path there, and the folder that relative file names start from.
// @unchecked: `value` is parsed JSON, read once by the parser that made it.
struct PlanEntry: @unchecked Sendable {
    var value: Any
    var path: String
    var reader: JSONReader
    var folder: URL
    /// The entry's file when that is not the workspace file, else nil.
    var otherFile: String?
    /// The entry's name in TaskRouter's keyed map, or nil for an element of a list.
    var mapKey: String? = nil

    /// The entry's path, prefixed by its file when that is not the
    /// workspace file, for errors that the applier reports against the
    /// workspace file.
    var location: String { location(of: path) }

    /// Returns `subpath`, a path inside this entry, prefixed like `location`.
    func location(of subpath: String) -> String {
        otherFile.map { "\($0): \(subpath)" } ?? subpath
    }

    /// Returns the file that a `*_file` field names: an absolute path as it
    /// is, and a relative one from the folder of the file that names it.
    static func resolve(_ file: String, against folder: URL) -> URL {
        file.hasPrefix("/") ? URL(fileURLWithPath: file) : folder.appendingPathComponent(file)
    }

    /// Returns the entries of `key` in a workspace file: an inline list, or
    /// TaskRouter's map keyed by name, followed by those of the file that
    /// `<key>_file` names.
    ///
    /// That file contains a TaskRouter document, directly or under "document"
    /// as published configurations are kept, with `key` as a list or map,
    /// or with `singular` as one object (Pulumi's single "workflow").
    static func entries(of key: String, singular: String? = nil, in root: [String: Any], reader: JSONReader, folder: URL) throws(ApplyError) -> [PlanEntry] {
        let inline = reader.member(root, key)
        var entries = try members(inline?.value, "$.\(inline?.name ?? key)", reader: reader, folder: folder, qualified: false)
        guard let file = try reader.string(root, "\(key)_file", "$") else { return entries }
        let fileURL = resolve(file, against: folder)
        let fileReader = JSONReader(file: fileURL.path)
        var document = try fileReader.object(JSONReader.load(fileURL.path, maximumBytes: WorkspacePlan.maximumFileBytes), "$")
        var prefix = "$"
        if let inner = document["document"] as? [String: Any] {
            document = inner
            prefix = "$.document"
        }
        let fileFolder = fileURL.deletingLastPathComponent()
        if let member = fileReader.member(document, key) {
            entries += try members(member.value, "\(prefix).\(member.name)", reader: fileReader, folder: fileFolder, qualified: true)
        } else if let singular, let member = fileReader.member(document, singular) {
            let path = "\(prefix).\(member.name)"
            entries.append(PlanEntry(value: member.value, path: path, reader: fileReader, folder: fileFolder, otherFile: fileURL.path))
        } else {
            let expected = singular.map { "\"\(key)\" or \"\($0)\"" } ?? "\"\(key)\""
            throw fileReader.fail(prefix, "no \(expected) in the file that \"\(key)_file\" names")
        }
        return entries
    }

    /// Returns the elements of a list, or the values of a map in name order.
    private static func members(_ value: Any?, _ path: String, reader: JSONReader, folder: URL, qualified: Bool) throws(ApplyError) -> [PlanEntry] {
        guard let value else { return [] }
        var located: [(path: String, value: Any, key: String?)] = []
        if let map = value as? [String: Any] {
            for name in map.keys.sorted() { located.append(("\(path).\(name)", map[name] as Any, name)) }
        } else if let array = value as? [Any] {
            for (index, element) in array.enumerated() { located.append(("\(path)[\(index)]", element, nil)) }
        } else {
            throw reader.fail(path, "expected a JSON array, or an object keyed by name")
        }
        return located.map { entry in
            PlanEntry(value: entry.value, path: entry.path, reader: reader, folder: folder, otherFile: qualified ? reader.file : nil,
                      mapKey: entry.key)
        }
    }
}

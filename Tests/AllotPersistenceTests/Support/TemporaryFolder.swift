import Foundation

/// A fresh folder under the system's temporary directory, removed with its contents on deinit.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "allot-persistence-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Names of the entries in the folder, sorted.
    func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Returns the paths of the files whose names start with `prefix`, sorted.
    func files(prefix: String) throws -> [String] {
        try names().filter { $0.hasPrefix(prefix) }.map(file)
    }
}

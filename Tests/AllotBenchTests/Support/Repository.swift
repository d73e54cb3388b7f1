import AllotTestSupport
import Foundation

/// Paths in the repository and in the build folder, for tests.
enum Repository {
    /// The repository root, four path components above this file.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String {
        "\(root)/\(relative)"
    }

    /// An executable that `swift build` put beside the test bundle.
    static func binary(_ name: String) throws -> String {
        try BuiltExecutable.url(named: name).path
    }
}

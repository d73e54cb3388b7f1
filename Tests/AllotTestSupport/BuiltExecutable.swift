import Foundation

/// Executables that `swift build` put beside the test bundle.
public enum BuiltExecutable {
    /// Returns the executable `name` from the test bundle's build folder or
    /// one of the two folders above it.
    public static func url(named name: String) throws -> URL {
        let testBundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBundle.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw TestFailure("\(name) not found near \(testBundle.path); run swift build first")
    }
}

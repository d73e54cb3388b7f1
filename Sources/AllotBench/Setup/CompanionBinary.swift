import Foundation

/// Finds the other executables of the package (allot, allot-server)
/// beside the running allot-bench, where `swift build` puts them.
enum CompanionBinary {
    /// Returns `explicitPath` when given, else the executable named `name`
    /// in allot-bench's own directory.
    static func path(_ name: String, explicitPath: String?, option: String) throws(BenchFailure) -> String {
        if let explicitPath {
            guard FileManager.default.isExecutableFile(atPath: explicitPath) else {
                throw BenchFailure("--\(option) '\(explicitPath)' is not an executable file; build it with 'swift build --product \(name)' or fix the path")
            }
            return explicitPath
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidate = executable.deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw BenchFailure("\(name) not found at \(candidate); build it with 'swift build --product \(name)' or pass --\(option) PATH")
        }
        return candidate
    }
}

import Foundation

/// The output streams of a command: standard output for results and
/// standard error for messages. Tests run the built binary and read both.
struct Console {
    /// Writes `text` and a newline to standard output.
    mutating func write(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes `text` and a newline to standard error.
    mutating func writeError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

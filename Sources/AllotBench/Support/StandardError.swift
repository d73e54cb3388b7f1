import Foundation

/// Writes one line to standard error, for messages that are not results.
func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

import Foundation

/// Writes one line to standard error, for messages that are not results.
func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Prints `text` to standard output and flushes it, so that a piped run
/// shows each table as its scenario ends instead of all at exit.
func printFlushed(_ text: String) {
    print(text)
    fflush(nil)
}

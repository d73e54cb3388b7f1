import Foundation

/// Reads journal segments for tests that damage them as a crash or a failing disk would.
public enum JournalSegmentBytes {
    /// Returns the offset one past the last nonzero byte of the file at `path`.
    ///
    /// The server allocates a segment's space ahead of its records, so the file ends in
    /// zeros after its last record until the server closes it cleanly. A test that
    /// cuts or damages the end of the records starts from here, not from the file's size.
    public static func endOfData(_ path: String) throws -> Int {
        endOfData([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Returns the offset one past the last nonzero byte of `bytes`, or 0 when all are zero.
    public static func endOfData(_ bytes: [UInt8]) -> Int {
        var end = bytes.count
        while end > 0 && bytes[end - 1] == 0 { end -= 1 }
        return end
    }
}

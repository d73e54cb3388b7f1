import Foundation

/// Turns the character offset in a JSONSerialization error into a line
/// and column, so that a syntax error in a profile can be found.
enum JSONErrorLocation {
    /// Returns " at line L, column C" for `error` parsing `data`, or an
    /// empty string when the error carries no offset. Foundation on Linux
    /// reports "... around character N." in NSDebugDescription, where N is
    /// a zero-based byte offset.
    static func describe(_ error: any Error, in data: Data) -> String {
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
        guard let range = description.range(of: "around character ") else { return "" }
        let digits = description[range.upperBound...].prefix { $0.isNumber }
        guard let offset = Int(digits), offset <= data.count else { return "" }
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return " at line \(line), column \(column)"
    }
}

/// Reads a string as a number for comparisons between a number and a string.
///
/// A string counts as a number only when all of it matches
/// `[-] digits [ "." digits ] [ ("e" | "E") [ "+" | "-" ] digits ]`, the
/// grammar of number literals with an optional minus sign. Leading zeros
/// are allowed, so the clock's "08" reads as 8. Spaces, a leading "+",
/// hexadecimal, "inf" and "nan" do not count, though `Double.init` would
/// accept some of them.
enum NumericText {
    /// Returns the number that `text` spells, or nil when it spells none.
    static func number(from text: String) -> Double? {
        let isNumber = text.utf8.withContiguousStorageIfAvailable(matchesGrammar) ?? matchesGrammar(Array(text.utf8))
        guard isNumber, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Returns whether `bytes` match the number grammar above.
    static func matchesGrammar<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool where Bytes.Index == Int {
        var offset = bytes.startIndex
        let end = bytes.endIndex
        if offset < end, bytes[offset] == UInt8(ascii: "-") { offset += 1 }

        func skipDigits() -> Bool {
            let start = offset
            while offset < end, CharacterClass.isDigit(bytes[offset]) { offset += 1 }
            return offset > start
        }

        guard skipDigits() else { return false }
        if offset < end, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard skipDigits() else { return false }
        }
        if offset < end, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < end, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard skipDigits() else { return false }
        }
        return offset == end
    }
}

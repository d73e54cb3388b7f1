/// Character classes of the expression language over UTF-8 bytes.
///
/// Words start with a letter, `_` or `$` and continue with letters, digits,
/// `_`, `$` or combining marks. Letters are the ASCII letters and every
/// non-ASCII Unicode scalar that is alphabetic, so keys such as
/// `langue_préférée` work whether the accents are precomposed or combining.
enum CharacterClass {
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isASCIIWordStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
    }

    /// Returns whether a word can start at `offset`.
    static func startsWord(_ bytes: [UInt8], at offset: Int) -> Bool {
        let byte = bytes[offset]
        if byte < 0x80 { return isASCIIWordStart(byte) }
        return scalar(bytes, at: offset).properties.isAlphabetic
    }

    /// Returns whether the character at `offset` may continue a word.
    static func continuesWord(_ bytes: [UInt8], at offset: Int) -> Bool {
        if isDigit(bytes[offset]) || startsWord(bytes, at: offset) { return true }
        guard bytes[offset] >= 0x80 else { return false }
        switch scalar(bytes, at: offset).properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Returns the offset just past the word characters that start at `start`.
    static func endOfWord(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start
        while end < bytes.count, continuesWord(bytes, at: end) {
            end += scalarWidth(bytes, at: end)
        }
        return end
    }

    /// Returns the byte count of the whitespace character at `offset`, or 0
    /// when it is not whitespace. Unicode spaces such as U+00A0 count, since
    /// expressions are often pasted from web pages.
    static func whitespaceWidth(_ bytes: [UInt8], at offset: Int) -> Int {
        let byte = bytes[offset]
        if byte < 0x80 {
            return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? 1 : 0
        }
        return scalar(bytes, at: offset).properties.isWhitespace ? scalarWidth(bytes, at: offset) : 0
    }

    /// Returns the byte count of the UTF-8 sequence that starts at `offset`.
    static func scalarWidth(_ bytes: [UInt8], at offset: Int) -> Int {
        let width: Int
        switch bytes[offset] {
        case 0xF0...: width = 4
        case 0xE0...: width = 3
        case 0xC0...: width = 2
        default: width = 1
        }
        return min(width, bytes.count - offset)
    }

    /// Decodes the scalar that starts at `offset`. The bytes come from a
    /// `String`, so they are valid UTF-8; U+FFFD stands for anything else.
    static func scalar(_ bytes: [UInt8], at offset: Int) -> Unicode.Scalar {
        let width = scalarWidth(bytes, at: offset)
        var decoder = UTF8()
        var iterator = bytes[offset..<(offset + width)].makeIterator()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return "\u{FFFD}"
    }
}

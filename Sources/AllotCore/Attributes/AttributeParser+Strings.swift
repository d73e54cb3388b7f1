/// Strings: escapes, UTF-16 surrogate pairs and UTF-8 validation.
extension AttributeParser {
    /// Parses a string whose opening quote is at `offset`.
    mutating func parseString() throws(AttributeParseError) -> String {
        try parseStringToken().text
    }

    /// Parses a string whose opening quote is at `offset`. `isVerbatim` is
    /// true when the string has no escapes, so that its content is the input
    /// between the quotes.
    ///
    /// The scan reads eight bytes at a time until a byte that needs a closer
    /// look: a quote, a backslash, a control character or a non-ASCII byte.
    /// A string without escapes is made straight from the input. The first
    /// backslash switches to `parseEscapedString`, which copies as it goes.
    mutating func parseStringToken() throws(AttributeParseError) -> (text: String, isVerbatim: Bool) {
        guard let base = bytes.baseAddress else { preconditionFailure("a quote was read, so the input is not empty") }
        let quoteOffset = offset
        let contentStart = offset + 1
        var index = contentStart
        while true {
            if bytes.count - index >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let stops = Self.stringStopBytes(in: word)
                if stops == 0 {
                    index += 8
                    continue
                }
                index += stops.trailingZeroBitCount / 8
            } else {
                guard index < bytes.count else {
                    offset = index
                    throw unterminatedString(quoteOffset: quoteOffset)
                }
                if Self.isPlainStringByte(bytes[index]) {
                    index += 1
                    continue
                }
            }
            let byte = bytes[index]
            offset = index
            if byte == UInt8(ascii: "\"") {
                offset += 1
                let content = UnsafeBufferPointer(start: base + contentStart, count: index - contentStart)
                return (Self.makeString(content), true)
            }
            if byte == UInt8(ascii: "\\") {
                return (try parseEscapedString(quoteOffset: quoteOffset), false)
            }
            try consumeStringByte(byte)
            index = offset
        }
    }

    /// Flags the bytes of `word`, in input order from the least significant,
    /// that end a run of plain string bytes: a quote, a backslash, a control
    /// character or a byte of 0x80 and above. It returns the high bit of each
    /// flagged byte.
    ///
    /// Only the lowest flagged byte is exact, because a borrow from a flagged
    /// byte can flag a higher byte that is plain. Below the lowest flagged
    /// byte there is no borrow, so no plain byte there is flagged.
    @inline(__always)
    static func stringStopBytes(in word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        // A byte is zero after the XOR exactly where it was a quote or a
        // backslash, and subtracting one sets the high bit of a zero byte.
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let zeroQuotes = (quotes &- ones) & ~quotes
        let zeroBackslashes = (backslashes &- ones) & ~backslashes
        // Subtracting 0x20 sets the high bit of a byte below 0x20. The final
        // `| word` flags the bytes of 0x80 and above.
        let controls = (word &- ones &* 0x20) & ~word
        return (zeroQuotes | zeroBackslashes | controls | word) & highBits
    }

    @inline(__always)
    static func isPlainStringByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// Makes a string of `content`, which the scan has checked to be
    /// well-formed UTF-8.
    ///
    /// `String(unsafeUninitializedCapacity:initializingUTF8With:)` skips
    /// validation for ASCII content of up to 15 bytes, which fits in a small
    /// string. `String(decoding:as:)` validates every string.
    static func makeString(_ content: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: content.count) { target in
            guard let source = content.baseAddress, let destination = target.baseAddress else { return 0 }
            destination.initialize(from: source, count: content.count)
            return content.count
        }
    }

    /// Continues a string at its first backslash, at `offset`, copying the
    /// decoded bytes into a buffer.
    mutating func parseEscapedString(quoteOffset: Int) throws(AttributeParseError) -> String {
        var content: [UInt8] = []
        content.reserveCapacity(bytes.count - quoteOffset)
        content.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(quoteOffset + 1)..<offset]))
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return String(decoding: content, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                try appendEscape(to: &content)
            } else {
                let sequenceStart = offset
                try consumeStringByte(byte)
                content.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[sequenceStart..<offset]))
            }
        }
        throw unterminatedString(quoteOffset: quoteOffset)
    }

    /// Consumes one unescaped character of a string, starting with `byte` at
    /// `offset`, and rejects control characters and malformed UTF-8.
    mutating func consumeStringByte(_ byte: UInt8) throws(AttributeParseError) {
        if byte < 0x20 {
            throw failure(
                .invalidString,
                "\(describeFound()) is not allowed in a string; write it as \(Self.escapeText(for: byte))"
            )
        }
        if byte < 0x80 {
            offset += 1
            return
        }
        guard let length = validUTF8SequenceLength(at: offset) else {
            throw failure(.invalidUTF8, "\(describeFound()); send the attributes as UTF-8")
        }
        offset += length
    }

    /// Decodes the escape sequence whose backslash is at `offset` and appends
    /// the character's UTF-8 bytes to `content`.
    mutating func appendEscape(to content: inout [UInt8]) throws(AttributeParseError) {
        let escapeOffset = offset
        offset += 1
        guard offset < bytes.count else {
            throw failure(.invalidSyntax, "expected an escape character after '\\' but found the end of the input")
        }
        let byte = bytes[offset]
        offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
            content.append(byte)
        case UInt8(ascii: "b"):
            content.append(0x08)
        case UInt8(ascii: "f"):
            content.append(0x0C)
        case UInt8(ascii: "n"):
            content.append(0x0A)
        case UInt8(ascii: "r"):
            content.append(0x0D)
        case UInt8(ascii: "t"):
            content.append(0x09)
        case UInt8(ascii: "u"):
            let scalar = try parseUnicodeEscape(escapeOffset: escapeOffset)
            UTF8.encode(scalar) { content.append($0) }
        default:
            throw failure(
                .invalidEscape, at: escapeOffset,
                "invalid escape: '\\' followed by \(describeFound(at: escapeOffset + 1)); "
                    + "use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hexadecimal digits"
            )
        }
    }

    /// Decodes a `\uXXXX` escape whose four digits start at `offset`, and the
    /// low surrogate escape that must follow a high surrogate.
    mutating func parseUnicodeEscape(escapeOffset: Int) throws(AttributeParseError) -> Unicode.Scalar {
        let first = try parseHexQuad(escapeOffset: escapeOffset)
        switch first {
        case 0xD800...0xDBFF:
            let lowOffset = offset
            guard bytes.count - offset >= 2,
                  bytes[offset] == UInt8(ascii: "\\"),
                  bytes[offset + 1] == UInt8(ascii: "u")
            else {
                throw loneSurrogate(first, at: escapeOffset)
            }
            offset += 2
            let second = try parseHexQuad(escapeOffset: lowOffset)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw loneSurrogate(first, at: escapeOffset)
            }
            let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else {
                preconditionFailure("a surrogate pair decodes to U+\(hex(value, width: 4)), which is a valid scalar")
            }
            return scalar
        case 0xDC00...0xDFFF:
            throw loneSurrogate(first, at: escapeOffset)
        default:
            guard let scalar = Unicode.Scalar(first) else {
                preconditionFailure("\\u\(hex(first, width: 4)) outside the surrogates is a valid scalar")
            }
            return scalar
        }
    }

    /// Reads the four hexadecimal digits of a `\u` escape at `offset`.
    mutating func parseHexQuad(escapeOffset: Int) throws(AttributeParseError) -> UInt32 {
        var value: UInt32 = 0
        for index in 0..<4 {
            let digit: UInt32
            let byte: UInt8? = offset + index < bytes.count ? bytes[offset + index] : nil
            switch byte {
            case .some(let byte) where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"):
                digit = UInt32(byte - UInt8(ascii: "0"))
            case .some(let byte) where byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"):
                digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case .some(let byte) where byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"):
                digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default:
                throw failure(
                    .invalidEscape, at: escapeOffset,
                    "'\\u' must be followed by four hexadecimal digits, but found "
                        + describeFound(at: offset + index)
                )
            }
            value = value << 4 | digit
        }
        offset += 4
        return value
    }

    func loneSurrogate(_ unit: UInt32, at escapeOffset: Int) -> AttributeParseError {
        let problem = unit < 0xDC00
            ? "high surrogate not followed by a low surrogate"
            : "low surrogate without a high surrogate"
        return failure(
            .invalidEscape, at: escapeOffset,
            "\\u\(hex(unit, width: 4)) is a \(problem); write a character outside U+FFFF as a pair "
                + "such as \\uD83D\\uDE00, or the character itself"
        )
    }

    func unterminatedString(quoteOffset: Int) -> AttributeParseError {
        failure(.invalidSyntax, at: quoteOffset, "the string that starts here has no closing '\"'; end it with '\"'")
    }

    /// Returns the length of the well-formed UTF-8 sequence at `index`, or
    /// nil when it is malformed: a stray continuation byte, a truncated
    /// sequence, an overlong form, a surrogate or a value above U+10FFFF.
    func validUTF8SequenceLength(at index: Int) -> Int? {
        let lead = bytes[index]
        // The range of the second byte depends on the lead byte. The later
        // bytes are always 0x80...0xBF.
        let length: Int
        let secondRange: ClosedRange<UInt8>
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2; secondRange = 0x80...0xBF
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3; secondRange = 0x80...0xBF
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4; secondRange = 0x80...0xBF
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return nil
        }
        guard bytes.count - index >= length, secondRange.contains(bytes[index + 1]) else { return nil }
        for continuation in (index + 2)..<(index + length) where bytes[continuation] & 0xC0 != 0x80 {
            return nil
        }
        return length
    }

    /// Returns the escape to suggest for a control character.
    static func escapeText(for byte: UInt8) -> String {
        switch byte {
        case 0x08: return "\\b"
        case 0x09: return "\\t"
        case 0x0A: return "\\n"
        case 0x0C: return "\\f"
        case 0x0D: return "\\r"
        default:
            let digits = String(byte, radix: 16, uppercase: true)
            return "\\u00" + (digits.count < 2 ? "0" : "") + digits
        }
    }
}

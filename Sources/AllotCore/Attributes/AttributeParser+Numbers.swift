/// The powers of ten that a `Double` represents exactly, 1e0 through 1e22.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// Numbers: the RFC 8259 grammar, and conversion to the nearest `Double`.
extension AttributeParser {
    /// The digits and decimal exponent read from a number, for the fast
    /// conversion path.
    private struct DecimalDigits {
        /// The significant digits read so far, while there are at most 15 of them.
        var significand: UInt64 = 0
        var significantDigitCount = 0
        /// The power of ten that scales `significand` to the number's value.
        var exponent = 0

        mutating func append(_ digit: UInt64, isFraction: Bool) {
            if isFraction {
                exponent -= 1
            }
            if significand == 0 && digit == 0 {
                return
            }
            significantDigitCount += 1
            if significantDigitCount <= 15 {
                significand = significand * 10 + digit
            }
        }
    }

    /// Parses a number starting at `offset` with '-' or a digit.
    ///
    /// Values with at most 15 significant digits and a decimal exponent
    /// within ±22 are computed by one exact multiplication or division, which
    /// rounds correctly. Others go to the standard library's `Double(_:)`,
    /// which also rounds correctly, after this function has checked the JSON
    /// grammar (which is stricter than what `Double(_:)` accepts).
    mutating func parseNumber() throws(AttributeParseError) -> Double {
        let start = offset
        let isNegative = bytes[offset] == UInt8(ascii: "-")
        if isNegative {
            offset += 1
        }
        var digits = DecimalDigits()
        try parseIntegerPart(numberStart: start, into: &digits)
        try parseFraction(into: &digits)
        let exponent = try parseExponent()

        let scale = digits.exponent + exponent
        if digits.significantDigitCount == 0 {
            return isNegative ? -0.0 : 0.0
        }
        if digits.significantDigitCount <= 15, scale >= -22, scale <= 22 {
            let magnitude = Double(digits.significand)
            let value = scale < 0 ? magnitude / exactPowersOfTen[-scale] : magnitude * exactPowersOfTen[scale]
            return isNegative ? -value : value
        }
        return try convertSlowly(from: start)
    }

    private mutating func parseIntegerPart(numberStart: Int, into digits: inout DecimalDigits) throws(AttributeParseError) {
        guard offset < bytes.count, let first = Self.digitValue(bytes[offset]) else {
            if wordText(at: offset) == "Infinity" {
                throw failure(.invalidNumber, at: numberStart, "-Infinity is not a JSON number; send null or a string instead")
            }
            throw failure(.invalidNumber, "expected a digit after '-' but found \(describeFound())")
        }
        offset += 1
        if first == 0 {
            if offset < bytes.count, Self.digitValue(bytes[offset]) != nil {
                throw failure(
                    .invalidNumber, at: numberStart,
                    "the number \(numberPreview(from: numberStart)) starts with a zero followed by a digit, "
                        + "which JSON does not allow; remove the leading zeros"
                )
            }
            return
        }
        digits.append(first, isFraction: false)
        while offset < bytes.count, let digit = Self.digitValue(bytes[offset]) {
            digits.append(digit, isFraction: false)
            offset += 1
        }
    }

    private mutating func parseFraction(into digits: inout DecimalDigits) throws(AttributeParseError) {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: ".") else { return }
        offset += 1
        guard offset < bytes.count, Self.digitValue(bytes[offset]) != nil else {
            throw failure(.invalidNumber, "expected a digit after '.' but found \(describeFound())")
        }
        while offset < bytes.count, let digit = Self.digitValue(bytes[offset]) {
            digits.append(digit, isFraction: true)
            offset += 1
        }
    }

    /// Parses an optional exponent. Its value saturates at ±100,000, far
    /// beyond the range of a `Double`, so that long digit runs cannot
    /// overflow.
    private mutating func parseExponent() throws(AttributeParseError) -> Int {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") else {
            return 0
        }
        offset += 1
        var isNegative = false
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
            isNegative = bytes[offset] == UInt8(ascii: "-")
            offset += 1
        }
        guard offset < bytes.count, Self.digitValue(bytes[offset]) != nil else {
            throw failure(.invalidNumber, "expected a digit in the exponent but found \(describeFound())")
        }
        var exponent = 0
        while offset < bytes.count, let digit = Self.digitValue(bytes[offset]) {
            exponent = min(exponent * 10 + Int(digit), 100_000)
            offset += 1
        }
        return isNegative ? -exponent : exponent
    }

    /// Converts the validated number text from `start` to `offset` with the
    /// standard library, rejecting values too large for a `Double`.
    /// Values too small for a `Double` round to zero, as IEEE 754 does.
    private func convertSlowly(from start: Int) throws(AttributeParseError) -> Double {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(text) else {
            throw failure(.invalidNumber, at: start, "the number \(numberPreview(from: start)) could not be converted to a double; send it as a string")
        }
        guard value.isFinite else {
            throw failure(
                .numberOutOfRange, at: start,
                "the number \(numberPreview(from: start)) is out of range; "
                    + "numbers must be within ±1.7976931348623157e308, the range of a 64-bit double"
            )
        }
        return value
    }

    /// Quotes the number text starting at `start`, cut at 24 bytes.
    private func numberPreview(from start: Int) -> String {
        var end = start
        while end < bytes.count, end - start < 24, Self.isNumberByte(bytes[end]) {
            end += 1
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        let isCut = end < bytes.count && Self.isNumberByte(bytes[end])
        return "'\(text)\(isCut ? "…" : "")'"
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    private static func digitValue(_ byte: UInt8) -> UInt64? {
        let value = byte &- UInt8(ascii: "0")
        return value < 10 ? UInt64(value) : nil
    }
}

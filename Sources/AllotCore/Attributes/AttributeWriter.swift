extension AttributeValue {
    /// The value as compact JSON: no whitespace, object members in key
    /// order, and numbers in their shortest form that parses back to the
    /// same `Double`.
    ///
    /// Integral numbers have no fraction (`5`, not `5.0`), and exponents have
    /// no plus sign or leading zeros (`1e-7`, `1e22`). Strings escape only
    /// what JSON requires: the quote, the backslash and control characters.
    /// Parsing the text returns a value equal to this one, except for
    /// non-finite numbers, which JSON cannot express and which are written
    /// as `null`. The parser never produces them.
    ///
    /// - Complexity: O(n) in the size of the output.
    public var jsonText: String {
        // Most documents fit the first buffer, which is on the stack, so the text costs the
        // one allocation of its String. A larger document is written again into a buffer
        // four times larger until it fits, which keeps the total work linear in its size.
        var capacityBytes = AttributeWriter.initialCapacityBytes
        while true {
            let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacityBytes) { buffer -> String? in
                var writer = AttributeWriter(buffer: buffer)
                writer.write(self)
                guard !writer.isTruncated else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<writer.count]), as: UTF8.self)
            }
            if let text { return text }
            capacityBytes *= 4
        }
    }
}

/// Writes compact JSON into a fixed buffer.
///
/// Each write copies through the buffer's pointer, which costs one bounds check per write,
/// where appending to an array also checked its uniqueness and capacity for every byte. A
/// write that does not fit sets ``isTruncated`` and the caller writes again into a larger
/// buffer.
///
/// The recursion follows the value's nesting, which for parsed values is
/// bounded by the parser's depth limit.
struct AttributeWriter {
    /// Size of the first buffer ``AttributeValue/jsonText`` writes into. The Swift 6 standard
    /// library places a temporary allocation of up to 1,024 bytes on the stack without
    /// checking the stack's size, and attribute documents are usually smaller.
    static let initialCapacityBytes = 1024

    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// Bytes written at the start of the buffer.
    private(set) var count = 0
    /// True once a write did not fit, after which the output is incomplete.
    private(set) var isTruncated = false

    init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    mutating func write(_ value: AttributeValue) {
        switch value {
        case .null:
            append("null")
        case .bool(let flag):
            append(flag ? "true" : "false")
        case .number(let number):
            writeNumber(number)
        case .string(let string):
            writeString(string)
        case .array(let elements):
            append(byte: UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 {
                    append(byte: UInt8(ascii: ","))
                }
                write(element)
            }
            append(byte: UInt8(ascii: "]"))
        case .object(let object):
            append(byte: UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 {
                    append(byte: UInt8(ascii: ","))
                }
                writeString(member.key)
                append(byte: UInt8(ascii: ":"))
                write(member.value)
            }
            append(byte: UInt8(ascii: "}"))
        }
    }

    /// Writes a string with the escapes JSON requires, using the two-character
    /// forms where they exist. Runs of bytes that need no escape are copied
    /// in one call.
    mutating func writeString(_ string: String) {
        append(byte: UInt8(ascii: "\""))
        var contiguous = string
        contiguous.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                append(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                writeEscape(byte)
                runStart = index + 1
            }
            append(UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        append(byte: UInt8(ascii: "\""))
    }

    private mutating func writeEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            append(byte: UInt8(ascii: "\\"))
            append(byte: byte)
        case 0x08:
            append("\\b")
        case 0x09:
            append("\\t")
        case 0x0A:
            append("\\n")
        case 0x0C:
            append("\\f")
        case 0x0D:
            append("\\r")
        default:
            append("\\u00")
            append(byte: Self.hexDigit(byte >> 4))
            append(byte: Self.hexDigit(byte & 0x0F))
        }
    }

    /// Writes a number: integral values below 1e16 in magnitude as plain
    /// integers of at most 16 digits, everything else from Swift's shortest
    /// round-trip `description`, with its exponent made compact. Larger
    /// integers in exponent form stay short: 1e18, not 1000000000000000000.
    mutating func writeNumber(_ number: Double) {
        guard number.isFinite else {
            append("null")
            return
        }
        // The conversion truncates, so the round trip shows whether the value
        // is integral without the rounding functions, which call libm.
        if number.magnitude < 1e16, Double(Int64(number)) == number {
            writeInteger(Int64(number))
            return
        }
        // `description` gives forms such as "0.1", "1.5e-07" and "1e+22".
        let text = number.description
        var mantissa = Substring(text)
        var exponent: Substring = ""
        if let marker = text.firstIndex(of: "e") {
            mantissa = text[..<marker]
            exponent = text[text.index(after: marker)...]
        }
        if mantissa.hasSuffix(".0") {
            mantissa = mantissa.dropLast(2)
        }
        append(mantissa.utf8)
        guard !exponent.isEmpty else { return }
        append(byte: UInt8(ascii: "e"))
        if exponent.hasPrefix("-") {
            append(byte: UInt8(ascii: "-"))
        }
        let exponentDigits = exponent.drop { $0 == "+" || $0 == "-" || $0 == "0" }
        append(exponentDigits.utf8)
    }

    mutating func writeInteger(_ value: Int64) {
        if value < 0 {
            append(byte: UInt8(ascii: "-"))
        }
        var magnitude = value.magnitude
        // 2^63 has 19 digits, so 20 bytes always suffice.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            append(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append($0) }
    }

    private mutating func append(byte: UInt8) {
        guard count < buffer.count else {
            isTruncated = true
            return
        }
        buffer[count] = byte
        count += 1
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= buffer.count - count else {
            isTruncated = true
            return
        }
        if let source = bytes.baseAddress, let target = buffer.baseAddress {
            (target + count).update(from: source, count: bytes.count)
        }
        count += bytes.count
    }

    /// Appends the text of a number, which is short, byte by byte.
    private mutating func append(_ text: Substring.UTF8View) {
        for byte in text {
            append(byte: byte)
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}

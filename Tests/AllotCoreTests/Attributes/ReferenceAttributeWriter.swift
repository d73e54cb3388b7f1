@testable import AllotCore

/// The array-based JSON writer that `AttributeValue.jsonText` used before it wrote into a
/// fixed buffer, kept as the reference that the tests compare the current writer with.
struct ReferenceAttributeWriter {
    static func jsonText(_ value: AttributeValue) -> String {
        var writer = ReferenceAttributeWriter()
        writer.write(value)
        return String(decoding: writer.output, as: UTF8.self)
    }

    private(set) var output: [UInt8] = []

    init() {
        output.reserveCapacity(256)
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
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 {
                    output.append(UInt8(ascii: ","))
                }
                write(element)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 {
                    output.append(UInt8(ascii: ","))
                }
                writeString(member.key)
                output.append(UInt8(ascii: ":"))
                write(member.value)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Writes a string with the escapes JSON requires, using the two-character
    /// forms where they exist. Runs of bytes that need no escape are copied
    /// in one call.
    mutating func writeString(_ string: String) {
        output.append(UInt8(ascii: "\""))
        var contiguous = string
        contiguous.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                writeEscape(byte)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func writeEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            output.append(UInt8(ascii: "\\"))
            output.append(byte)
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
            output.append(Self.hexDigit(byte >> 4))
            output.append(Self.hexDigit(byte & 0x0F))
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
        output.append(contentsOf: mantissa.utf8)
        guard !exponent.isEmpty else { return }
        output.append(UInt8(ascii: "e"))
        if exponent.hasPrefix("-") {
            output.append(UInt8(ascii: "-"))
        }
        let exponentDigits = exponent.drop { $0 == "+" || $0 == "-" || $0 == "0" }
        output.append(contentsOf: exponentDigits.utf8)
    }

    mutating func writeInteger(_ value: Int64) {
        if value < 0 {
            output.append(UInt8(ascii: "-"))
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
            output.append(contentsOf: UnsafeMutableBufferPointer(rebasing: digits[start...]))
        }
    }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}

/// Error construction: the position, a description of the offending input,
/// and the fix.
extension AttributeParser {
    /// Creates an error of `kind` at `position`, the current offset by default.
    func failure(_ kind: AttributeParseError.Kind, at position: Int? = nil, _ detail: String) -> AttributeParseError {
        AttributeParseError.at(position ?? offset, in: bytes, kind: kind, detail)
    }

    /// Creates the error for input at `offset` that cannot start a value.
    func unexpectedValue() -> AttributeParseError {
        let word = wordText(at: offset)
        if word == "NaN" || word == "Infinity" {
            return failure(.invalidNumber, "\(word) is not a JSON number; send null or a string instead")
        }
        return failure(.invalidSyntax, "expected a value but found \(describeFound())")
    }

    /// Rejects an array or object nested `depth` levels deep when that is
    /// over the limit. The message gives the document's full nesting, so that
    /// the client learns how much to remove.
    func checkDepth(_ depth: Int) throws(AttributeParseError) {
        guard depth > maximumDepth else { return }
        let nesting = max(depth, maximumNesting())
        throw failure(
            .tooDeep,
            "arrays and objects nest \(AttributeParseError.grouped(nesting)) levels deep, "
                + "\(AttributeParseError.grouped(nesting - maximumDepth)) over the limit of "
                + "\(AttributeParseError.grouped(maximumDepth)); flatten the document"
        )
    }

    /// Returns the deepest nesting of brackets outside strings in the whole
    /// document, valid or not.
    ///
    /// - Complexity: O(n) in the document's length.
    func maximumNesting() -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            default:
                break
            }
        }
        return deepest
    }

    /// Describes the input at `position` (the current offset by default) for
    /// a "found …" clause: a quoted character or word, a code point, or the
    /// end of the input.
    func describeFound(at position: Int? = nil) -> String {
        let index = position ?? offset
        guard index < bytes.count else { return "the end of the input" }
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return "'\(wordText(at: index))'"
        case UInt8(ascii: "'"):
            return "\"'\""
        case 0x20..<0x7F:
            return "'\(Character(Unicode.Scalar(byte)))'"
        case 0..<0x20, 0x7F:
            return "the control character \(codePoint(UInt32(byte)))"
        default:
            guard let scalar = decodeScalar(at: index) else {
                return "the byte 0x\(hex(UInt32(byte), width: 2)), which is not valid UTF-8"
            }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .surrogate, .unassigned:
                return codePoint(scalar.value)
            default:
                return "'\(scalar)' (\(codePoint(scalar.value)))"
            }
        }
    }

    /// Returns the run of ASCII letters and digits at `index`, at most 16
    /// bytes long, so that a message can quote a misspelt literal such as
    /// `True`.
    func wordText(at index: Int) -> String {
        var end = index
        while end < bytes.count, end - index < 16, Self.isLetterOrDigit(bytes[end]) {
            end += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
    }

    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return false
        }
    }

    /// Decodes the scalar whose UTF-8 sequence starts at `index`, or returns
    /// nil when the sequence is not well-formed.
    func decodeScalar(at index: Int) -> Unicode.Scalar? {
        guard let length = validUTF8SequenceLength(at: index) else { return nil }
        var decoder = UTF8()
        var iterator = UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]).makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
        return scalar
    }

    func codePoint(_ value: UInt32) -> String {
        "U+\(hex(value, width: 4))"
    }

    func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

import Testing
@testable import AllotCore

@Suite struct AttributeParserLimitTests {
    /// Returns an object of exactly `byteCount` bytes: {"k":"xxx…"}.
    func document(byteCount: Int) -> String {
        let overhead = #"{"k":""}"#.utf8.count
        return #"{"k":""# + String(repeating: "x", count: byteCount - overhead) + #""}"#
    }

    /// Returns `depth` nested arrays around a number.
    func nestedArrays(depth: Int) -> String {
        String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
    }

    @Test func sizeAtLimitParses() throws {
        let text = document(byteCount: Limits.maximumAttributesBytes)
        #expect(text.utf8.count == 4_096)
        let value = try AttributeValue(parsingAttributes: text)
        #expect(value["k"] == .string(String(repeating: "x", count: 4_088)))
    }

    @Test func sizeOverLimitRejected() {
        let error = parseError(document(byteCount: Limits.maximumAttributesBytes + 1))
        #expect(error?.kind == .tooLarge)
        #expect(error?.offset == 4_096)
        #expect(error?.line == 0)
        #expect(error?.column == 0)
        #expect(error?.message == "attributes are 4,097 bytes, 1 over the limit of 4,096; shorten them")
    }

    @Test func sizeCountsBytesNotCharacters() {
        // 2,048 two-byte characters plus the quotes make 4,098 bytes.
        let text = "\"" + String(repeating: "é", count: 2_048) + "\""
        let error = parseError(text)
        #expect(error?.kind == .tooLarge)
        #expect(error?.message == "attributes are 4,098 bytes, 2 over the limit of 4,096; shorten them")
    }

    @Test func sizeIsCheckedBeforeSyntax() {
        let error = parseError(String(repeating: "x", count: 4_210))
        #expect(error?.kind == .tooLarge)
        #expect(error?.message == "attributes are 4,210 bytes, 114 over the limit of 4,096; shorten them")
    }

    @Test func customSizeLimitApplies() throws {
        #expect(try AttributeValue(parsingJSON: "[1]", maximumBytes: 3) == .array([.number(1)]))
        #expect(parseError("[1] ", maximumBytes: 3)?.message == "attributes are 4 bytes, 1 over the limit of 3; shorten them")
        #expect(parseError("", maximumBytes: 0)?.kind == .invalidSyntax)
        let large = String(repeating: " ", count: 1_234_567) + "1"
        #expect(parseError(large, maximumBytes: 10)?.message
                    == "attributes are 1,234,568 bytes, 1,234,558 over the limit of 10; shorten them")
    }

    @Test func depthAtLimitParses() throws {
        var value = try AttributeValue(parsingJSON: nestedArrays(depth: Limits.maximumAttributesDepth))
        for _ in 0..<Limits.maximumAttributesDepth {
            guard case .array(let elements) = value, elements.count == 1 else {
                Issue.record("expected a one-element array, found \(value)")
                return
            }
            value = elements[0]
        }
        #expect(value == .number(1))
    }

    @Test func depthOverLimitRejected() {
        let error = parseError(nestedArrays(depth: Limits.maximumAttributesDepth + 1))
        #expect(error?.kind == .tooDeep)
        #expect(error?.offset == 32)
        #expect(error?.column == 33)
        #expect(error?.message == "invalid JSON at line 1, column 33: arrays and objects nest 33 levels deep, "
                    + "1 over the limit of 32; flatten the document")
    }

    @Test func depthMessageGivesWholeNesting() {
        let error = parseError(nestedArrays(depth: 40))
        #expect(error?.message == "invalid JSON at line 1, column 33: arrays and objects nest 40 levels deep, "
                    + "8 over the limit of 32; flatten the document")
    }

    @Test func depthCountsObjectsAndArrays() throws {
        // Two levels per repetition: an object holding an array.
        let atLimit = String(repeating: #"{"a":["#, count: 16) + "1" + String(repeating: "]}", count: 16)
        #expect(parseError(atLimit) == nil)
        let overLimit = #"{"b":"# + atLimit + "}"
        #expect(parseError(overLimit)?.kind == .tooDeep)
    }

    @Test func depthIgnoresBracketsInStrings() {
        let text = #"[[["[[[[[[", "]]]"]]]"#
        #expect(parseError(text, maximumDepth: 3) == nil)
        let error = parseError(#"[[[["[[[[", "]]"]]]]"#, maximumDepth: 3)
        #expect(error?.message == "invalid JSON at line 1, column 4: arrays and objects nest 4 levels deep, "
                    + "1 over the limit of 3; flatten the document")
    }

    @Test func depthZeroAllowsOnlyScalars() throws {
        #expect(try AttributeValue(parsingJSON: "7", maximumDepth: 0) == .number(7))
        #expect(parseError("[]", maximumDepth: 0)?.kind == .tooDeep)
        #expect(parseError("{}", maximumDepth: 0)?.kind == .tooDeep)
    }

    @Test func deepestDocumentWithinSizeIsRejectedQuickly() {
        // The deepest nesting that fits the size limit, 2,048 levels, must
        // stop at the depth limit instead of recursing through it.
        let text = String(repeating: "[", count: 2_048) + String(repeating: "]", count: 2_048)
        let error = parseError(text)
        #expect(error?.kind == .tooDeep)
        #expect(error?.message == "invalid JSON at line 1, column 33: arrays and objects nest 2,048 levels deep, "
                    + "2,016 over the limit of 32; flatten the document")
    }

    @Test func positionCountsLinesAndScalars() {
        let text = "{\n  \"名前\": \"é\",\n  \"b\": [1,\n  2,, 3]\n}"
        let error = parseError(text)
        #expect(error?.line == 4)
        #expect(error?.column == 5)
        #expect(error?.message == "invalid JSON at line 4, column 5: expected a value but found ','")
    }

    @Test func columnCountsScalarsNotBytes() {
        let error = parseError(#"{"é😀": 1, x}"#)
        #expect(error?.offset == 14)
        #expect(error?.column == 11)
    }

    @Test func carriageReturnDoesNotEndLine() {
        let error = parseError("[1,\r\n x]")
        #expect(error?.line == 2)
        #expect(error?.column == 2)
    }

    @Test func invalidUTF8BytesRejected() {
        let cases: [(bytes: [UInt8], offset: Int, found: String)] = [
            ([0x22, 0xFF, 0x22], 1, "the byte 0xFF, which is not valid UTF-8"),
            ([0x22, 0x80, 0x22], 1, "the byte 0x80, which is not valid UTF-8"),
            ([0x22, 0xC3, 0x22], 1, "the byte 0xC3, which is not valid UTF-8"),
            ([0x22, 0xC0, 0xAF, 0x22], 1, "the byte 0xC0, which is not valid UTF-8"),
            ([0x22, 0xE0, 0x80, 0xAF, 0x22], 1, "the byte 0xE0, which is not valid UTF-8"),
            ([0x22, 0xED, 0xA0, 0x80, 0x22], 1, "the byte 0xED, which is not valid UTF-8"),
            ([0x22, 0xF0, 0x8F, 0xBF, 0xBF, 0x22], 1, "the byte 0xF0, which is not valid UTF-8"),
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, "the byte 0xF4, which is not valid UTF-8"),
            ([0x22, 0x61, 0xE2, 0x82], 2, "the byte 0xE2, which is not valid UTF-8"),
            ([0x22, 0x5C, 0x6E, 0xF8, 0x22], 3, "the byte 0xF8, which is not valid UTF-8"),
        ]
        for (bytes, offset, found) in cases {
            let error = parseError(bytes: [0x7B, 0x22, 0x6B, 0x22, 0x3A] + bytes + [0x7D])
            #expect(error?.kind == .invalidUTF8, "\(bytes)")
            #expect(error?.offset == offset + 5, "\(bytes)")
            #expect(error?.message == "invalid JSON at line 1, column \(offset + 6): \(found); "
                        + "send the attributes as UTF-8", "\(bytes)")
        }
    }

    @Test func invalidUTF8OutsideStringsIsSyntax() {
        let error = parseError(bytes: [0x7B, 0xFF, 0x7D])
        #expect(error?.kind == .invalidSyntax)
        #expect(error?.message == "invalid JSON at line 1, column 2: expected a string key or '}' but found "
                    + "the byte 0xFF, which is not valid UTF-8")
    }

    @Test func validUTF8BytesAccepted() throws {
        let text = "{\"k\": \"é 日 😀 \u{10FFFF} \u{E000}\"}"
        let bytes = Array(text.utf8)
        let value = try bytes.withUnsafeBufferPointer { buffer throws(AttributeParseError) in
            try AttributeValue(parsingAttributesBytes: buffer)
        }
        #expect(value["k"] == .string("é 日 😀 \u{10FFFF} \u{E000}"))
    }
}

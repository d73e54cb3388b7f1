import Testing
@testable import AllotCore

/// Parses `text` and returns the error, or nil when it parses.
func parseError(
    _ text: String,
    maximumBytes: Int = Limits.maximumAttributesBytes,
    maximumDepth: Int = Limits.maximumAttributesDepth
) -> AttributeParseError? {
    do {
        _ = try AttributeValue(parsingJSON: text, maximumBytes: maximumBytes, maximumDepth: maximumDepth)
        return nil
    } catch {
        return error
    }
}

/// Parses UTF-8 `bytes` as attributes and returns the error, or nil when they parse.
func parseError(bytes: [UInt8]) -> AttributeParseError? {
    do {
        _ = try bytes.withUnsafeBufferPointer { buffer throws(AttributeParseError) in
            try AttributeValue(parsingAttributesBytes: buffer)
        }
        return nil
    } catch {
        return error
    }
}

/// One rejected document with the error it must produce.
struct Rejection: CustomTestStringConvertible, Sendable {
    var text: String
    var kind: AttributeParseError.Kind
    var offset: Int
    var detail: String

    var testDescription: String { text.debugDescription }
}

@Suite struct AttributeParserRejectionTests {
    static let syntax: [Rejection] = [
        Rejection(text: "", kind: .invalidSyntax, offset: 0, detail: "expected a value but found the end of the input"),
        Rejection(text: " ", kind: .invalidSyntax, offset: 1, detail: "expected a value but found the end of the input"),
        Rejection(text: "{", kind: .invalidSyntax, offset: 1,
                  detail: "expected a string key or '}' but found the end of the input"),
        Rejection(text: "[", kind: .invalidSyntax, offset: 1, detail: "expected a value but found the end of the input"),
        Rejection(text: "[1,]", kind: .invalidSyntax, offset: 3, detail: "expected a value but found ']'"),
        Rejection(text: #"{"a":1,}"#, kind: .invalidSyntax, offset: 7, detail: "expected a string key but found '}'"),
        Rejection(text: #"{"a" 1}"#, kind: .invalidSyntax, offset: 5, detail: "expected ':' but found '1'"),
        Rejection(text: "{a:1}", kind: .invalidSyntax, offset: 1, detail: "expected a string key or '}' but found 'a'"),
        Rejection(text: #"{"a":1 x"#, kind: .invalidSyntax, offset: 7, detail: "expected ',' or '}' but found 'x'"),
        Rejection(text: #"{"a":1"#, kind: .invalidSyntax, offset: 6,
                  detail: "expected ',' or '}' but found the end of the input"),
        Rejection(text: #"{"a":"#, kind: .invalidSyntax, offset: 5, detail: "expected a value but found the end of the input"),
        Rejection(text: #"{"a": "#, kind: .invalidSyntax, offset: 6, detail: "expected a value but found the end of the input"),
        Rejection(text: #"{"a":"b"#, kind: .invalidSyntax, offset: 5,
                  detail: "the string that starts here has no closing '\"'; end it with '\"'"),
        Rejection(text: "[1 2]", kind: .invalidSyntax, offset: 3, detail: "expected ',' or ']' but found '2'"),
        Rejection(text: "[1", kind: .invalidSyntax, offset: 2,
                  detail: "expected ',' or ']' but found the end of the input"),
        Rejection(text: "tru", kind: .invalidSyntax, offset: 0, detail: "expected a value but found 'tru'"),
        Rejection(text: "True", kind: .invalidSyntax, offset: 0, detail: "expected a value but found 'True'"),
        Rejection(text: "nulll", kind: .trailingData, offset: 4,
                  detail: "found 'l' after the end of the JSON value; remove it"),
        Rejection(text: "'a'", kind: .invalidSyntax, offset: 0, detail: "expected a value but found \"'\""),
        Rejection(text: "+1", kind: .invalidSyntax, offset: 0, detail: "expected a value but found '+'"),
        Rejection(text: "\u{FEFF}{}", kind: .invalidSyntax, offset: 0, detail: "expected a value but found U+FEFF"),
        Rejection(text: "é", kind: .invalidSyntax, offset: 0, detail: "expected a value but found 'é' (U+00E9)"),
        Rejection(text: "[\u{2028}]", kind: .invalidSyntax, offset: 1, detail: "expected a value but found U+2028"),
        Rejection(text: "[\u{1}]", kind: .invalidSyntax, offset: 1,
                  detail: "expected a value but found the control character U+0001"),
        Rejection(text: "// comment\n{}", kind: .invalidSyntax, offset: 0, detail: "expected a value but found '/'"),
    ]

    static let trailing: [Rejection] = [
        Rejection(text: "{} {}", kind: .trailingData, offset: 3,
                  detail: "found '{' after the end of the JSON value; remove it"),
        Rejection(text: "1 2", kind: .trailingData, offset: 2,
                  detail: "found '2' after the end of the JSON value; remove it"),
        Rejection(text: "0.5.1", kind: .trailingData, offset: 3,
                  detail: "found '.' after the end of the JSON value; remove it"),
        Rejection(text: "{\"a\":1}\u{0}", kind: .trailingData, offset: 7,
                  detail: "found the control character U+0000 after the end of the JSON value; remove it"),
    ]

    static let numbers: [Rejection] = [
        Rejection(text: "012", kind: .invalidNumber, offset: 0,
                  detail: "the number '012' starts with a zero followed by a digit, which JSON does not allow; "
                      + "remove the leading zeros"),
        Rejection(text: "[-00.5]", kind: .invalidNumber, offset: 1,
                  detail: "the number '-00.5' starts with a zero followed by a digit, which JSON does not allow; "
                      + "remove the leading zeros"),
        Rejection(text: "NaN", kind: .invalidNumber, offset: 0,
                  detail: "NaN is not a JSON number; send null or a string instead"),
        Rejection(text: "Infinity", kind: .invalidNumber, offset: 0,
                  detail: "Infinity is not a JSON number; send null or a string instead"),
        Rejection(text: "[-Infinity]", kind: .invalidNumber, offset: 1,
                  detail: "-Infinity is not a JSON number; send null or a string instead"),
        Rejection(text: "1.", kind: .invalidNumber, offset: 2,
                  detail: "expected a digit after '.' but found the end of the input"),
        Rejection(text: ".5", kind: .invalidSyntax, offset: 0, detail: "expected a value but found '.'"),
        Rejection(text: "1.e5", kind: .invalidNumber, offset: 2, detail: "expected a digit after '.' but found 'e5'"),
        Rejection(text: "1e", kind: .invalidNumber, offset: 2,
                  detail: "expected a digit in the exponent but found the end of the input"),
        Rejection(text: "1e+", kind: .invalidNumber, offset: 3,
                  detail: "expected a digit in the exponent but found the end of the input"),
        Rejection(text: "-", kind: .invalidNumber, offset: 1,
                  detail: "expected a digit after '-' but found the end of the input"),
        Rejection(text: "--1", kind: .invalidNumber, offset: 1, detail: "expected a digit after '-' but found '-'"),
        Rejection(text: "0x10", kind: .trailingData, offset: 1,
                  detail: "found 'x10' after the end of the JSON value; remove it"),
    ]

    static let outOfRange: [Rejection] = [
        Rejection(text: "1e400", kind: .numberOutOfRange, offset: 0,
                  detail: "the number '1e400' is out of range; numbers must be within ±1.7976931348623157e308, "
                      + "the range of a 64-bit double"),
        Rejection(text: #"{"a": -1e309}"#, kind: .numberOutOfRange, offset: 6,
                  detail: "the number '-1e309' is out of range; numbers must be within ±1.7976931348623157e308, "
                      + "the range of a 64-bit double"),
        Rejection(text: "123456789012345678901234567890e300", kind: .numberOutOfRange, offset: 0,
                  detail: "the number '123456789012345678901234…' is out of range; numbers must be within "
                      + "±1.7976931348623157e308, the range of a 64-bit double"),
    ]

    static let strings: [Rejection] = [
        Rejection(text: #""abc"#, kind: .invalidSyntax, offset: 0,
                  detail: "the string that starts here has no closing '\"'; end it with '\"'"),
        Rejection(text: #"["a\"]"#, kind: .invalidSyntax, offset: 1,
                  detail: "the string that starts here has no closing '\"'; end it with '\"'"),
        Rejection(text: "\"a\nb\"", kind: .invalidString, offset: 2,
                  detail: "the control character U+000A is not allowed in a string; write it as \\n"),
        Rejection(text: "\"a\tb\"", kind: .invalidString, offset: 2,
                  detail: "the control character U+0009 is not allowed in a string; write it as \\t"),
        Rejection(text: "\"a\u{1}\"", kind: .invalidString, offset: 2,
                  detail: "the control character U+0001 is not allowed in a string; write it as \\u0001"),
        Rejection(text: "\"\\n\u{1F}\"", kind: .invalidString, offset: 3,
                  detail: "the control character U+001F is not allowed in a string; write it as \\u001F"),
        Rejection(text: #""\"#, kind: .invalidSyntax, offset: 2,
                  detail: "expected an escape character after '\\' but found the end of the input"),
    ]

    static let escapes: [Rejection] = [
        Rejection(text: #""\q""#, kind: .invalidEscape, offset: 1,
                  detail: "invalid escape: '\\' followed by 'q'; use \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
                      + "or \\u and four hexadecimal digits"),
        Rejection(text: #""\'""#, kind: .invalidEscape, offset: 1,
                  detail: "invalid escape: '\\' followed by \"'\"; use \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
                      + "or \\u and four hexadecimal digits"),
        Rejection(text: #""\u12""#, kind: .invalidEscape, offset: 1,
                  detail: "'\\u' must be followed by four hexadecimal digits, but found '\"'"),
        Rejection(text: #""\u12G4""#, kind: .invalidEscape, offset: 1,
                  detail: "'\\u' must be followed by four hexadecimal digits, but found 'G4'"),
        Rejection(text: #""\u00"#, kind: .invalidEscape, offset: 1,
                  detail: "'\\u' must be followed by four hexadecimal digits, but found the end of the input"),
    ]

    static let surrogates: [Rejection] = [
        Rejection(text: #""\uD800""#, kind: .invalidEscape, offset: 1,
                  detail: "\\uD800 is a high surrogate not followed by a low surrogate; write a character "
                      + "outside U+FFFF as a pair such as \\uD83D\\uDE00, or the character itself"),
        Rejection(text: #""x\uDBFF\u0041""#, kind: .invalidEscape, offset: 2,
                  detail: "\\uDBFF is a high surrogate not followed by a low surrogate; write a character "
                      + "outside U+FFFF as a pair such as \\uD83D\\uDE00, or the character itself"),
        Rejection(text: #""\uD800\n""#, kind: .invalidEscape, offset: 1,
                  detail: "\\uD800 is a high surrogate not followed by a low surrogate; write a character "
                      + "outside U+FFFF as a pair such as \\uD83D\\uDE00, or the character itself"),
        Rejection(text: #""\uD800\uD800""#, kind: .invalidEscape, offset: 1,
                  detail: "\\uD800 is a high surrogate not followed by a low surrogate; write a character "
                      + "outside U+FFFF as a pair such as \\uD83D\\uDE00, or the character itself"),
        Rejection(text: #""\uDC00""#, kind: .invalidEscape, offset: 1,
                  detail: "\\uDC00 is a low surrogate without a high surrogate; write a character "
                      + "outside U+FFFF as a pair such as \\uD83D\\uDE00, or the character itself"),
        Rejection(text: #""\uDE00\uD83D""#, kind: .invalidEscape, offset: 1,
                  detail: "\\uDE00 is a low surrogate without a high surrogate; write a character "
                      + "outside U+FFFF as a pair such as \\uD83D\\uDE00, or the character itself"),
        Rejection(text: #""\uD83D\uZZZZ""#, kind: .invalidEscape, offset: 7,
                  detail: "'\\u' must be followed by four hexadecimal digits, but found 'ZZZZ'"),
    ]

    @Test(arguments: syntax + trailing)
    func rejectsSyntax(_ rejection: Rejection) {
        check(rejection)
    }

    @Test(arguments: numbers + outOfRange)
    func rejectsNumbers(_ rejection: Rejection) {
        check(rejection)
    }

    @Test(arguments: strings + escapes + surrogates)
    func rejectsStrings(_ rejection: Rejection) {
        check(rejection)
    }

    private func check(_ rejection: Rejection, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = parseError(rejection.text) else {
            Issue.record("accepted \(rejection.text.debugDescription)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.kind == rejection.kind, sourceLocation: sourceLocation)
        #expect(error.offset == rejection.offset, sourceLocation: sourceLocation)
        // Every case is on one line, so the column is the offset plus one
        // wherever the text before it is ASCII.
        #expect(error.line == 1, sourceLocation: sourceLocation)
        #expect(error.message == "invalid JSON at line 1, column \(error.column): \(rejection.detail)",
                sourceLocation: sourceLocation)
        #expect(error.description == error.message, sourceLocation: sourceLocation)
    }

    @Test func attributesRejectOtherTypes() {
        let cases: [(String, String, Int)] = [
            ("[]", "an array", 0), ("  [1]", "an array", 2), ("1", "a number", 0),
            (#""s""#, "a string", 0), ("null", "null", 0), ("\ntrue", "a boolean", 1),
        ]
        for (text, found, offset) in cases {
            do {
                _ = try AttributeValue(parsingAttributes: text)
                Issue.record("accepted \(text.debugDescription)")
            } catch {
                #expect(error.kind == .notAnObject)
                #expect(error.offset == offset)
                #expect(error.message == "attributes must be a JSON object, found \(found); send the values "
                            + "as members of an object, for example {\"skills\": [\"billing\"]}")
            }
        }
    }

    @Test func attributesReportSyntaxBeforeType() {
        let error = parseAttributesError("[1,")
        #expect(error?.kind == .invalidSyntax)
    }

    private func parseAttributesError(_ text: String) -> AttributeParseError? {
        do {
            _ = try AttributeValue(parsingAttributes: text)
            return nil
        } catch {
            return error
        }
    }
}

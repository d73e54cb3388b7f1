// libFuzzer target for the attribute JSON parser and writer.
//
// Each input is parsed from raw bytes and as a String with the default
// limits. The two parses must agree whenever the input is valid UTF-8, and
// every value that parses must survive a write and parse round trip
// unchanged. Any disagreement traps, which libFuzzer reports as a crash.

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let fromBytes = Result { () throws(AttributeParseError) in try AttributeValue(parsingAttributesBytes: bytes) }

    let text = String(decoding: bytes, as: UTF8.self)
    let fromText = Result { () throws(AttributeParseError) in try AttributeValue(parsingJSON: text) }
    let attributesFromText = Result { () throws(AttributeParseError) in try AttributeValue(parsingAttributes: text) }

    if String(validating: bytes, as: UTF8.self) != nil, fromBytes != attributesFromText {
        fatalError("byte and String parses differ: \(fromBytes) versus \(attributesFromText)")
    }
    checkAttributesAgree(fromText, attributesFromText)
    if case .success(let value) = fromText {
        checkRoundTrip(value)
    }
    return 0
}

/// Checks that attributes parsing accepts exactly the objects that general
/// JSON parsing accepts.
func checkAttributesAgree(
    _ json: Result<AttributeValue, AttributeParseError>,
    _ attributes: Result<AttributeValue, AttributeParseError>
) {
    switch (json, attributes) {
    case (.success(.object), .success):
        if json != attributes {
            fatalError("attributes parse differs: \(json) versus \(attributes)")
        }
    case (.success, .failure(let error)):
        if error.kind != .notAnObject {
            fatalError("attributes rejected a valid non-object with \(error)")
        }
    case (.failure, .failure):
        if json != attributes {
            fatalError("errors differ: \(json) versus \(attributes)")
        }
    default:
        fatalError("attributes parse disagrees with JSON parse: \(json) versus \(attributes)")
    }
}

/// Writes `value`, parses the text, and traps unless the result is equal
/// and writes the same text. The written text may exceed the size limit,
/// because 1e15 is written as 1000000000000000, so the round trip parses
/// without one.
func checkRoundTrip(_ value: AttributeValue) {
    let written = value.jsonText
    let reparsed: AttributeValue
    do {
        reparsed = try AttributeValue(parsingJSON: written, maximumBytes: .max)
    } catch {
        fatalError("written JSON does not parse: \(error.message) in \(written)")
    }
    if reparsed != value {
        fatalError("round trip changed the value: \(value) became \(reparsed) via \(written)")
    }
    if reparsed.jsonText != written {
        fatalError("writing is not stable: \(written) became \(reparsed.jsonText)")
    }
}

import Testing
@testable import AllotCore

@Suite struct JSONInputTests {
    @Test func parsesNestedDocument() throws {
        let value = try JSONInput.attributes(#"{"a":[1,2.5,"x\u00e9\n",true,null],"b":{"c":-3e2}}"#, field: "Attributes",
                                             limits: EngineLimits())
        #expect(value["a"] == .array([.number(1), .number(2.5), .string("xé\n"), .bool(true), .null]))
        #expect(value["b"]?["c"] == .number(-300))
    }

    @Test func rejectsNonObjectsMalformedTextAndOversizedDocuments() {
        for text in ["[1]", "{", #"{"a":}"#, #"{"a":1}x"#, "{\"a\":\"\u{01}\"}", #"{"a":+1}"#] {
            #expect(throws: EngineError.self) { try JSONInput.attributes(text, field: "Attributes", limits: EngineLimits()) }
        }
        let big = "{\"a\":\"" + String(repeating: "x", count: 4_100) + "\"}"
        do {
            _ = try JSONInput.attributes(big, field: "Attributes", limits: EngineLimits())
            Issue.record("oversized attributes accepted")
        } catch {
            #expect(error.field == "Attributes")
            #expect(error.message.contains("4096") || error.message.contains("4,096"))
        }
    }

    @Test func rejectsNestingBeyondTheDepthLimit() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: EngineError.self) { try JSONInput.document(deep, field: "Configuration", maximumBytes: 1_000, maximumDepth: 32) }
    }
}

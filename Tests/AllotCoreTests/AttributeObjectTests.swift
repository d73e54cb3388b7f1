import Testing
@testable import AllotCore

@Suite struct AttributeObjectTests {
    @Test func lookupFindsEveryKey() {
        let object = AttributeObject([("b", .number(2)), ("a", .number(1)), ("c", .string("x"))])
        #expect(object["a"] == .number(1))
        #expect(object["b"] == .number(2))
        #expect(object["c"] == .string("x"))
        #expect(object["d"] == nil)
    }

    @Test func duplicateKeyKeepsLastValue() {
        let object = AttributeObject([("a", .number(1)), ("a", .number(2))])
        #expect(object.count == 1)
        #expect(object["a"] == .number(2))
    }
}

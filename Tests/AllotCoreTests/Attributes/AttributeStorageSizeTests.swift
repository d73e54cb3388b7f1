import Testing
@testable import AllotCore

/// Parsed attributes live as long as their task or worker, so their arrays
/// must hold no room beyond their elements.
@Suite struct AttributeStorageSizeTests {
    @Test func objectsAndArraysHoldNoSpareRoom() throws {
        let text = """
            {"type":"sales","language":"en","customer":"C1","channel":"web","tier":"gold",\
            "skills":["a","b","c","d","e"],"nested":{"x":[1,[2,3,4],{"y":5,"z":6,"w":7}]}}
            """
        let value = try AttributeValue(parsingAttributes: text)
        var pending = [value]
        var visited = 0
        while let next = pending.popLast() {
            visited += 1
            switch next {
            case .object(let object):
                #expect(object.members.capacity == object.count, "object of \(object.count) members")
                pending.append(contentsOf: object.members.map(\.value))
            case .array(let elements):
                #expect(elements.capacity == elements.count, "array of \(elements.count) elements")
                pending.append(contentsOf: elements)
            default:
                break
            }
        }
        #expect(visited == 23)
    }

    @Test func exactCopyKeepsElementsAndDropsRoom() {
        // Reserve explicitly: how far appends grow an array depends on the
        // allocator, and this test must not.
        var grown: [Int] = []
        grown.reserveCapacity(32)
        for number in 0..<9 { grown.append(number) }
        #expect(grown.capacity >= 32)
        let copy = Array(exactCopyOf: grown[...])
        #expect(copy == grown)
        #expect(copy.capacity >= 9)
        #expect(copy.capacity < grown.capacity)
        #expect(Array(exactCopyOf: grown[3..<5]) == [3, 4])
        #expect(Array(exactCopyOf: grown[0..<0]).isEmpty)
    }
}

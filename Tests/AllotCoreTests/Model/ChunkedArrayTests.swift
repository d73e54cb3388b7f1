import Testing
@testable import AllotCore

@Suite struct ChunkedArrayTests {
    @Test func appendAndReadAcrossChunks() {
        let count = ChunkedArray<Int>.chunkCapacity * 3 + 5
        var array = ChunkedArray<Int>()
        for value in 0..<count { array.append(value * 2) }
        array.checkInvariants()
        #expect(array.count == count)
        #expect(Array(array) == (0..<count).map { $0 * 2 })
        #expect(array[ChunkedArray<Int>.chunkCapacity] == ChunkedArray<Int>.chunkCapacity * 2)
    }

    @Test func removeLastFreesEmptyChunks() {
        let capacity = ChunkedArray<Int>.chunkCapacity
        var array = ChunkedArray(0..<(capacity + 1))
        #expect(array.removeLast() == capacity)
        array.checkInvariants()
        #expect(array.count == capacity)
        while array.popLast() != nil { array.checkInvariants() }
        #expect(array.isEmpty)
        #expect(array.popLast() == nil)
    }

    @Test func writeToCopyLeavesOriginalUnchanged() {
        let capacity = ChunkedArray<Int>.chunkCapacity
        var live = ChunkedArray(0..<(capacity * 4))
        let captured = live
        live[capacity * 2 + 7] = -1
        live.swapAt(0, capacity * 3)
        live.append(99)
        #expect(captured[capacity * 2 + 7] == capacity * 2 + 7)
        #expect(captured[0] == 0)
        #expect(captured.count == capacity * 4)
        #expect(live[capacity * 2 + 7] == -1)
        #expect(live[0] == capacity * 3)
        #expect(live.last == 99)
        live.checkInvariants()
        captured.checkInvariants()
    }

    @Test func randomOperationsMatchArray() {
        var generator = IndexedHeapTests.SeededGenerator(state: 7)
        var chunked = ChunkedArray<Int>()
        var reference: [Int] = []
        for step in 0..<20_000 {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<6:
                chunked.append(step)
                reference.append(step)
            case 6..<8 where !reference.isEmpty:
                #expect(chunked.removeLast() == reference.removeLast())
            case 8 where !reference.isEmpty:
                let index = Int.random(in: 0..<reference.count, using: &generator)
                chunked[index] = -step
                reference[index] = -step
            default:
                continue
            }
        }
        chunked.checkInvariants()
        #expect(Array(chunked) == reference, "seed 7")
    }
}

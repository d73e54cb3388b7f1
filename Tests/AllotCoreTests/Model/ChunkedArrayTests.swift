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

    @Test func emptiedSmallChunkIsKept() {
        var array = ChunkedArray<Int>()
        array.append(1)
        #expect(array.removeLast() == 1)
        array.checkInvariants()
        #expect(array.allocatedChunkCount == 1)
        array.append(2)
        array.checkInvariants()
        #expect(Array(array) == [2])
    }

    @Test func emptiedLargeChunkIsFreed() {
        let capacity = ChunkedArray<Int>.chunkCapacity
        var array = ChunkedArray(0..<(capacity + 1))
        array.removeLast()
        array.checkInvariants()
        #expect(array.allocatedChunkCount == 2, "the emptied second chunk holds one element's capacity")
        array.removeLast()
        array.checkInvariants()
        #expect(array.allocatedChunkCount == 1, "only one empty chunk stays")
        while array.popLast() != nil {}
        array.checkInvariants()
        #expect(array.allocatedChunkCount == 0, "a full chunk's capacity is over the retained size")
    }

    @Test func appendToKeptChunkLeavesCopyUnchanged() {
        var live = ChunkedArray([7])
        live.removeLast()
        let captured = live
        live.append(8)
        #expect(captured.isEmpty)
        #expect(Array(live) == [8])
        captured.checkInvariants()
        live.checkInvariants()
    }

    @Test func swingsAcrossChunkBoundaryMatchArray() {
        let capacity = ChunkedArray<Int>.chunkCapacity
        for seed in UInt64(1)...5 {
            var generator = IndexedHeapTests.SeededGenerator(state: seed)
            var chunked = ChunkedArray(0..<(capacity - 3))
            var reference = Array(0..<(capacity - 3))
            for step in 0..<2_000 {
                if Bool.random(using: &generator) || reference.isEmpty {
                    chunked.append(step)
                    reference.append(step)
                } else {
                    #expect(chunked.removeLast() == reference.removeLast(), "seed \(seed)")
                }
                chunked.checkInvariants()
            }
            #expect(Array(chunked) == reference, "seed \(seed)")
        }
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

import Testing
@testable import AllotCore

@Suite struct IndexedHeapTests {
    /// A small deterministic generator so the randomised cases are repeatable.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    @Test func popReturnsKeysInAscendingOrder() {
        var heap = IndexedHeap<Int, Int>()
        for (id, key) in [(1, 50), (2, 10), (3, 30), (4, 20), (5, 40)] { heap.upsert(id, key: key) }
        heap.checkInvariants()
        var popped: [Int] = []
        while let entry = heap.popMin() {
            popped.append(entry.key)
            heap.checkInvariants()
        }
        #expect(popped == [10, 20, 30, 40, 50])
    }

    @Test func removeFromMiddleKeepsOrder() {
        var heap = IndexedHeap<Int, Int>()
        for id in 0..<100 { heap.upsert(id, key: (id * 37) % 101) }
        for id in stride(from: 0, to: 100, by: 3) {
            #expect(heap.remove(id) == (id * 37) % 101)
            heap.checkInvariants()
        }
        #expect(heap.remove(0) == nil)
        var previous = Int.min
        while let entry = heap.popMin() {
            #expect(entry.key >= previous)
            #expect(entry.id % 3 != 0)
            previous = entry.key
        }
    }

    @Test func upsertMovesAnEntryBothWays() {
        var heap = IndexedHeap<String, Int>()
        heap.upsert("a", key: 5)
        heap.upsert("b", key: 7)
        heap.upsert("c", key: 9)
        heap.upsert("c", key: 1)
        heap.checkInvariants()
        #expect(heap.min?.id == "c")
        heap.upsert("c", key: 10)
        heap.checkInvariants()
        #expect(heap.min?.id == "a")
        #expect(heap.count == 3)
        #expect(heap.key(of: "c") == 10)
    }

    @Test func inOrderTraversalMatchesSortedKeysAndStopsEarly() {
        var generator = SeededGenerator(state: 42)
        var heap = IndexedHeap<Int, Int>()
        var keys: [Int] = []
        for id in 0..<500 {
            let key = Int.random(in: 0..<10_000, using: &generator)
            heap.upsert(id, key: key)
            keys.append(key)
        }
        var visited: [Int] = []
        heap.forEachInOrder { entry in
            visited.append(entry.key)
            return true
        }
        #expect(visited == keys.sorted())
        var firstTen: [Int] = []
        heap.forEachInOrder { entry in
            firstTen.append(entry.key)
            return firstTen.count < 10
        }
        #expect(firstTen == Array(keys.sorted().prefix(10)))
    }

    @Test func mergedTraversalInterleavesHeaps() {
        var left = IndexedHeap<Int, Int>()
        var right = IndexedHeap<Int, Int>()
        for value in [1, 4, 7, 10] { left.upsert(value, key: value) }
        for value in [2, 3, 8, 20] { right.upsert(value, key: value) }
        var visited: [(Int, Int)] = []
        IndexedHeap.forEachInOrder(across: [left, IndexedHeap(), right]) { heapIndex, entry in
            visited.append((heapIndex, entry.key))
            return true
        }
        #expect(visited.map(\.1) == [1, 2, 3, 4, 7, 8, 10, 20])
        #expect(visited.map(\.0) == [0, 2, 2, 0, 0, 2, 0, 2])
    }

    @Test func randomOperationsAgreeWithASortedReference() {
        for seed in UInt64(1)...20 {
            var generator = SeededGenerator(state: seed)
            var heap = IndexedHeap<Int, Int>()
            var reference: [Int: Int] = [:]
            for _ in 0..<400 {
                let id = Int.random(in: 0..<60, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0, 1:
                    let key = Int.random(in: 0..<1_000, using: &generator)
                    heap.upsert(id, key: key)
                    reference[id] = key
                default:
                    #expect(heap.remove(id) == reference.removeValue(forKey: id), "seed \(seed)")
                }
                heap.checkInvariants()
                #expect(heap.min?.key == reference.values.min(), "seed \(seed)")
            }
        }
    }
}

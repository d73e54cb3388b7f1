import Testing
@testable import AllotCore

@Suite struct IndexedHeapBulkTests {
    typealias Heap = IndexedHeap<Int, Int>

    @Test func bulkHeapPopsInKeyOrder() throws {
        var generator = IndexedHeapTests.SeededGenerator(state: 5)
        let keys = (0..<5_000).map { _ in Int.random(in: 0..<1_000, using: &generator) }
        var heap = try #require(Heap(entries: keys.enumerated().map { Heap.Entry(id: $0, key: $1) }))
        heap.checkInvariants()
        #expect(heap.count == keys.count)
        #expect(heap.key(of: 17) == keys[17])
        var popped: [Int] = []
        while let entry = heap.popMin() { popped.append(entry.key) }
        #expect(popped == keys.sorted(), "seed 5")
    }

    @Test func bulkHeapKeepsHeapOrderedLayout() throws {
        var original = Heap()
        for id in 0..<3_000 { original.upsert(id, key: (id * 7_919) % 3_001) }
        let rebuilt = try #require(Heap(entries: Array(original.entries)))
        rebuilt.checkInvariants()
        #expect(rebuilt.entries.map(\.id) == original.entries.map(\.id))
    }

    @Test func bulkHeapRejectsDuplicateIDs() {
        #expect(Heap(entries: [.init(id: 1, key: 1), .init(id: 1, key: 2)]) == nil)
        #expect(Heap(entries: [])?.isEmpty == true)
    }

    @Test func bulkDictionaryMatchesInserts() throws {
        let pairs = (0..<20_000).map { ("key \($0)", $0) }
        let map = try #require(SegmentedDictionary(uniqueKeysWithValues: pairs))
        map.checkInvariants()
        #expect(map.count == pairs.count)
        for (key, value) in pairs { #expect(map[key] == value) }
        var grown = map
        grown["new"] = -1
        grown["key 3"] = nil
        grown.checkInvariants()
        #expect(grown["new"] == -1)
        #expect(grown["key 3"] == nil)
        #expect(map["key 3"] == 3)
    }

    @Test func bulkDictionaryRejectsDuplicateKeys() {
        #expect(SegmentedDictionary(uniqueKeysWithValues: [("a", 1), ("b", 2), ("a", 3)]) == nil)
    }
}

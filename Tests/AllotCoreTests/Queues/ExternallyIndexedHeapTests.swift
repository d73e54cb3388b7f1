import Testing
@testable import AllotCore

@Suite struct ExternallyIndexedHeapTests {
    typealias Heap = ExternallyIndexedHeap<TaskHandle, Int>
    typealias Positions = DensePositions<TaskHandle>

    @Test func sharedPositionsAgreeWithReference() {
        for seed in UInt64(1)...20 {
            var generator = IndexedHeapTests.SeededGenerator(state: seed)
            var heaps = [Heap(), Heap(), Heap()]
            var positions = Positions()
            // Per ID: the heap it is in and its key.
            var reference: [Int32: (heap: Int, key: Int)] = [:]
            for _ in 0..<600 {
                let id = Int32.random(in: 0..<80, using: &generator)
                let key = Int.random(in: 0..<50, using: &generator)
                if let current = reference[id], Bool.random(using: &generator) {
                    #expect(heaps[current.heap].remove(TaskHandle(id), positions: &positions) == current.key, "seed \(seed)")
                    reference[id] = nil
                } else {
                    // An ID stays in its heap, as a task stays in its queue until removed.
                    let heap = reference[id]?.heap ?? Int.random(in: 0..<heaps.count, using: &generator)
                    heaps[heap].upsert(TaskHandle(id), key: key, positions: &positions)
                    reference[id] = (heap, key)
                }
                Heap.checkInvariants(of: heaps, sharing: positions)
            }
            for (index, heap) in heaps.enumerated() {
                let expected = reference.filter { $0.value.heap == index }.map(\.value.key).sorted()
                var visited: [Int] = []
                heap.forEachInOrder { entry in
                    visited.append(entry.key)
                    return true
                }
                #expect(visited == expected, "seed \(seed), heap \(index)")
            }
            for index in heaps.indices {
                while heaps[index].popMin(positions: &positions) != nil {}
            }
            #expect(positions.count == 0, "seed \(seed)")
        }
    }

    @Test func otherHeapsEntriesAreNotFound() {
        var positions = Positions()
        var left = Heap()
        var right = Heap()
        left.upsert(TaskHandle(0), key: 5, positions: &positions)
        left.upsert(TaskHandle(1), key: 3, positions: &positions)
        right.upsert(TaskHandle(2), key: 4, positions: &positions)
        #expect(!right.contains(TaskHandle(1), positions: positions))
        #expect(right.key(of: TaskHandle(1), positions: positions) == nil)
        #expect(right.remove(TaskHandle(1), positions: &positions) == nil)
        #expect(right.remove(TaskHandle(0), positions: &positions) == nil)
        #expect(left.key(of: TaskHandle(1), positions: positions) == 3)
        #expect(left.count == 2)
        #expect(right.count == 1)
        Heap.checkInvariants(of: [left, right], sharing: positions)
    }

    @Test func bulkHeapIndexesSharedPositions() throws {
        var positions = Positions()
        let left = try #require(Heap(entries: [.init(id: TaskHandle(3), key: 9), .init(id: TaskHandle(1), key: 2)],
                                     positions: &positions))
        let right = try #require(Heap(entries: [.init(id: TaskHandle(2), key: 1)], positions: &positions))
        Heap.checkInvariants(of: [left, right], sharing: positions)
        #expect(left.min?.id == TaskHandle(1))
        #expect(positions.count == 3)
    }

    @Test func bulkHeapRejectsIndexedID() throws {
        var positions = Positions()
        let left = try #require(Heap(entries: [.init(id: TaskHandle(1), key: 1)], positions: &positions))
        let rejected = Heap(entries: [.init(id: TaskHandle(4), key: 1), .init(id: TaskHandle(1), key: 2)],
                            positions: &positions)
        #expect(rejected == nil)
        #expect(positions.count == 1)
        #expect(positions[TaskHandle(4)] == nil)
        Heap.checkInvariants(of: [left], sharing: positions)
        #expect(Heap(entries: [.init(id: TaskHandle(5), key: 1), .init(id: TaskHandle(5), key: 2)],
                     positions: &positions) == nil)
        #expect(positions.count == 1)
    }

    @Test func checkCatchesWrongPosition() async {
        await #expect(processExitsWith: .failure) {
            var positions = Positions()
            var heap = Heap()
            for id in Int32(0)..<4 { heap.upsert(TaskHandle(id), key: Int(id), positions: &positions) }
            positions[TaskHandle(2)] = 3
            Heap.checkInvariants(of: [heap], sharing: positions)
        }
    }

    @Test func checkCatchesLeftoverPosition() async {
        await #expect(processExitsWith: .failure) {
            var positions = Positions()
            var heap = Heap()
            heap.upsert(TaskHandle(0), key: 1, positions: &positions)
            positions[TaskHandle(7)] = 0
            Heap.checkInvariants(of: [heap], sharing: positions)
        }
    }

    @Test func checkCatchesIDInTwoHeaps() async {
        await #expect(processExitsWith: .failure) {
            var positions = Positions()
            var other = Positions()
            var left = Heap()
            var right = Heap()
            left.upsert(TaskHandle(0), key: 1, positions: &positions)
            // Both heaps contain task 0 at position 0, which one slot can index.
            right.upsert(TaskHandle(0), key: 1, positions: &other)
            Heap.checkInvariants(of: [left, right], sharing: positions)
        }
    }

    @Test func upsertTrapsOnIDOfOtherHeap() async {
        await #expect(processExitsWith: .failure) {
            var positions = Positions()
            var left = Heap()
            var right = Heap()
            left.upsert(TaskHandle(0), key: 1, positions: &positions)
            right.upsert(TaskHandle(0), key: 2, positions: &positions)
        }
    }
}

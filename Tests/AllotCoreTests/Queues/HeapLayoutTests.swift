import Testing
@testable import AllotCore

/// Compares the heaps with a plain swapping binary heap: the same operations
/// must leave the same entries at the same positions, ties included, in
/// heaps of one chunk and of several.
@Suite struct HeapLayoutTests {
    typealias Heap = DenseIndexedHeap<TaskHandle, Int>

    /// A textbook binary heap over an array, which swaps entries while
    /// sifting and scans for positions.
    struct ReferenceHeap {
        var entries: [(id: Int32, key: Int)] = []

        mutating func upsert(_ id: Int32, key: Int) {
            guard let position = entries.firstIndex(where: { $0.id == id }) else {
                entries.append((id, key))
                siftUp(entries.count - 1)
                return
            }
            let old = entries[position].key
            entries[position].key = key
            if key < old {
                siftUp(position)
            } else if old < key {
                siftDown(position)
            }
        }

        mutating func remove(_ id: Int32) -> Int? {
            guard let position = entries.firstIndex(where: { $0.id == id }) else { return nil }
            let removed = entries[position]
            let last = entries.removeLast()
            if position < entries.count {
                entries[position] = last
                if last.key < removed.key {
                    siftUp(position)
                } else {
                    siftDown(position)
                }
            }
            return removed.key
        }

        private mutating func siftUp(_ start: Int) {
            var child = start
            while child > 0 {
                let parent = (child - 1) / 2
                guard entries[child].key < entries[parent].key else { return }
                entries.swapAt(child, parent)
                child = parent
            }
        }

        private mutating func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                guard left < entries.count else { return }
                var smallest = left
                if left + 1 < entries.count, entries[left + 1].key < entries[left].key { smallest = left + 1 }
                guard entries[smallest].key < entries[parent].key else { return }
                entries.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }

    /// Runs random upserts, removals and pops on IDs below `idCount`, with
    /// keys below `keyCount` so that many keys tie.
    func runRandomOperations(seed: UInt64, idCount: Int32, keyCount: Int, stepCount: Int) {
        var generator = IndexedHeapTests.SeededGenerator(state: seed)
        var heap = Heap()
        var reference = ReferenceHeap()
        for step in 0..<stepCount {
            let id = Int32.random(in: 0..<idCount, using: &generator)
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<6:
                let key = Int.random(in: 0..<keyCount, using: &generator)
                heap.upsert(TaskHandle(id), key: key)
                reference.upsert(id, key: key)
            case 6..<9:
                #expect(heap.remove(TaskHandle(id)) == reference.remove(id), "seed \(seed), step \(step)")
            default:
                let expected = reference.entries.first
                let popped = heap.popMin()
                #expect(popped?.id.index == expected?.id, "seed \(seed), step \(step)")
                if let expected { _ = reference.remove(expected.id) }
            }
            if step % 16 == 0 {
                let layout = heap.entries.map { "\($0.id.index):\($0.key)" }
                #expect(layout == reference.entries.map { "\($0.id):\($0.key)" }, "seed \(seed), step \(step)")
            }
            if step % 256 == 0 { heap.checkInvariants() }
        }
        heap.checkInvariants()
        #expect(heap.entries.map(\.key) == reference.entries.map(\.key), "seed \(seed)")
    }

    @Test func smallHeapMatchesReferenceLayout() {
        for seed in UInt64(1)...20 {
            runRandomOperations(seed: seed, idCount: 200, keyCount: 40, stepCount: 2_000)
        }
    }

    @Test func multiChunkHeapMatchesReferenceLayout() {
        let chunkCapacity = ChunkedArray<Heap.Entry>.chunkCapacity
        for seed in UInt64(1)...3 {
            runRandomOperations(seed: seed, idCount: Int32(chunkCapacity * 3), keyCount: 500, stepCount: 8_000)
        }
    }

    @Test func writeAfterCopyLeavesCopyUnchanged() {
        var heap = Heap()
        for id in Int32(0)..<50 { heap.upsert(TaskHandle(id), key: Int(id * 7 % 50)) }
        let captured = heap
        let capturedLayout = captured.entries.map(\.key)
        heap.upsert(TaskHandle(49), key: -1)
        heap.remove(TaskHandle(3))
        heap.popMin()
        #expect(captured.entries.map(\.key) == capturedLayout)
        #expect(captured.count == 50)
        #expect(captured.key(of: TaskHandle(49)) == 49 * 7 % 50)
        captured.checkInvariants()
        heap.checkInvariants()
    }
}

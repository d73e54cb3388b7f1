extension ExternallyIndexedHeap {
    /// Calls `body` on entries in ascending key order until it returns false.
    ///
    /// - Complexity: O(k log k) for the k entries visited; nothing is copied
    ///   or popped.
    func forEachInOrder(_ body: (Entry) -> Bool) {
        var ordered = inOrder()
        while let entry = ordered.next(), body(entry) {}
    }

    /// Returns an iterator over the entries in ascending key order, for
    /// merging a heap with another ordered sequence.
    ///
    /// - Complexity: O(log k) per entry for k entries visited.
    func inOrder() -> InOrderIterator {
        InOrderIterator(heap: self)
    }

    /// The entries of a heap in ascending key order, without popping them.
    struct InOrderIterator: IteratorProtocol {
        let heap: ExternallyIndexedHeap
        /// Positions whose parents were already returned, kept as a binary heap by key.
        private var frontier: [Int]

        init(heap: ExternallyIndexedHeap) {
            self.heap = heap
            frontier = heap.isEmpty ? [] : [0]
        }

        mutating func next() -> Entry? {
            guard let top = frontier.first else { return nil }
            frontier[0] = frontier[frontier.count - 1]
            frontier.removeLast()
            if !frontier.isEmpty { siftDown(0) }
            for child in 2 * top + 1...2 * top + 2 where child < heap.entries.count {
                frontier.append(child)
                siftUp(frontier.count - 1)
            }
            return heap.entries[top]
        }

        private func less(_ a: Int, _ b: Int) -> Bool { heap.entries[frontier[a]].key < heap.entries[frontier[b]].key }

        private mutating func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                if left >= frontier.count { return }
                var smallest = left
                if left + 1 < frontier.count, less(left + 1, left) { smallest = left + 1 }
                if !less(smallest, parent) { return }
                frontier.swapAt(parent, smallest)
                parent = smallest
            }
        }

        private mutating func siftUp(_ start: Int) {
            var child = start
            while child > 0 {
                let parent = (child - 1) / 2
                if !less(child, parent) { return }
                frontier.swapAt(parent, child)
                child = parent
            }
        }
    }
}

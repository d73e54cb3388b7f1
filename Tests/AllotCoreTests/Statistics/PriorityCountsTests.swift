import Testing
@testable import AllotCore

@Suite struct PriorityCountsTests {
    @Test func addAndRemoveListedCounts() {
        var counts = PriorityCounts()
        counts.add(1, to: 5)
        counts.add(1, to: 0)
        counts.add(1, to: 5)
        counts.checkInvariants()
        #expect(counts.dictionary == [5: 2, 0: 1])
        #expect(counts.total == 3)

        // Removing the first listed priority moves the last one into its place.
        counts.add(-2, to: 5)
        counts.checkInvariants()
        #expect(counts.dictionary == [0: 1])
        counts.add(1, to: 7)
        counts.add(-1, to: 0)
        counts.checkInvariants()
        #expect(counts.dictionary == [7: 1])
        counts.add(-1, to: 7)
        #expect(counts.dictionary.isEmpty)
        #expect(counts.total == 0)
    }

    @Test func zeroDeltaAddsNoEntry() {
        var counts = PriorityCounts()
        counts.add(0, to: 3)
        counts.checkInvariants()
        #expect(counts.dictionary.isEmpty)
    }

    @Test func manyPrioritiesMoveToDictionaryAndBack() {
        var counts = PriorityCounts()
        let priorities = Array(0...PriorityCounts.maximumListedPriorities)
        for priority in priorities { counts.add(1, to: priority) }
        counts.checkInvariants()
        #expect(counts.dictionary.count == PriorityCounts.maximumListedPriorities + 1)
        #expect(counts.total == PriorityCounts.maximumListedPriorities + 1)

        for priority in priorities.dropLast() { counts.add(-1, to: priority) }
        counts.checkInvariants()
        #expect(counts.dictionary == [PriorityCounts.maximumListedPriorities: 1])

        // Once the last count drops to zero, the counts are listed again.
        counts.add(-1, to: PriorityCounts.maximumListedPriorities)
        counts.add(2, to: 9)
        counts.checkInvariants()
        #expect(counts.dictionary == [9: 2])
    }

    @Test func equalityIgnoresForm() {
        var listed = PriorityCounts()
        listed.add(1, to: 4)
        var hashed = PriorityCounts()
        for priority in 100...(100 + PriorityCounts.maximumListedPriorities) { hashed.add(1, to: priority) }
        hashed.add(1, to: 4)
        for priority in 100...(100 + PriorityCounts.maximumListedPriorities) { hashed.add(-1, to: priority) }
        #expect(listed == hashed)
        hashed.add(1, to: 4)
        #expect(listed != hashed)
    }

    @Test func randomChangesMatchDictionary() {
        for seed in UInt64(1)...20 {
            var generator = IndexedHeapTests.SeededGenerator(state: seed)
            var counts = PriorityCounts()
            var model: [Int: Int] = [:]
            // Up to 24 distinct priorities, so that some seeds pass the listed maximum and some stay under it.
            let priorityRange = Int.random(in: 1...24, using: &generator)
            for step in 0..<2_000 {
                let priority = Int.random(in: 0..<priorityRange, using: &generator)
                let delta = model[priority] != nil && Bool.random(using: &generator) ? -1 : 1
                counts.add(delta, to: priority)
                let updated = (model[priority] ?? 0) + delta
                model[priority] = updated == 0 ? nil : updated
                counts.checkInvariants()
                #expect(counts.dictionary == model, "seed \(seed), step \(step)")
            }
            #expect(counts.total == model.values.reduce(0, +), "seed \(seed)")
        }
    }
}

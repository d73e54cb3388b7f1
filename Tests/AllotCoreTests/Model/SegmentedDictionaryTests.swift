import Testing
@testable import AllotCore

@Suite struct SegmentedDictionaryTests {
    @Test func insertsSplitSegmentsAndStayFindable() {
        var map = SegmentedDictionary<Int, Int>()
        let count = SegmentedDictionary<Int, Int>.maximumSegmentCount * 20
        for key in 0..<count { map[key] = key * 3 }
        map.checkInvariants()
        #expect(map.count == count)
        for key in 0..<count { #expect(map[key] == key * 3) }
        #expect(map[count] == nil)
    }

    @Test func updateAndRemoveReturnOldValues() {
        var map = SegmentedDictionary<String, Int>()
        #expect(map.removeValue(forKey: "absent") == nil)
        #expect(map.updateValue(1, forKey: "a") == nil)
        #expect(map.updateValue(2, forKey: "a") == 1)
        #expect(map.count == 1)
        #expect(map.removeValue(forKey: "a") == 2)
        #expect(map.isEmpty)
        map["b"] = 3
        map["b"] = nil
        #expect(map["b"] == nil)
        map.checkInvariants()
    }

    @Test func writeToCopyLeavesOriginalUnchanged() {
        var live = SegmentedDictionary<Int, Int>()
        for key in 0..<5_000 { live[key] = key }
        let captured = live
        for key in 5_000..<10_000 { live[key] = key }
        live[3] = nil
        live[4] = -4
        #expect(captured.count == 5_000)
        #expect(captured[3] == 3)
        #expect(captured[4] == 4)
        #expect(captured[6_000] == nil)
        #expect(live[3] == nil)
        #expect(live[4] == -4)
        #expect(live[6_000] == 6_000)
        live.checkInvariants()
        captured.checkInvariants()
    }

    @Test func randomOperationsMatchDictionary() {
        var generator = IndexedHeapTests.SeededGenerator(state: 11)
        var map = SegmentedDictionary<Int, Int>()
        var reference: [Int: Int] = [:]
        for step in 0..<50_000 {
            let key = Int.random(in: 0..<8_000, using: &generator)
            if Int.random(in: 0..<3, using: &generator) == 0 {
                #expect(map.removeValue(forKey: key) == reference.removeValue(forKey: key), "seed 11 step \(step)")
            } else {
                #expect(map.updateValue(step, forKey: key) == reference.updateValue(step, forKey: key), "seed 11 step \(step)")
            }
        }
        map.checkInvariants()
        #expect(map.count == reference.count)
        for (key, value) in reference { #expect(map[key] == value) }
        map.removeAll()
        #expect(map.isEmpty)
        #expect(map[1] == nil)
    }
}

import Testing
@testable import AllotCore

@Suite struct SidTests {
    @Test func generatedSidsHavePrefixAndLowercaseHex() {
        var generator = SidGenerator(seedText: "WS00000000000000000000000000000001")
        for prefix in SidPrefix.allCases {
            let sid = generator.next(prefix)
            #expect(sid.count == 34)
            #expect(sid.hasPrefix(prefix.rawValue))
            #expect(sid.dropFirst(2).allSatisfy { "0123456789abcdef".contains($0) })
            #expect(Sid.isValid(sid, prefix: prefix))
        }
    }

    @Test func sameSeedGivesSameSequence() {
        var first = SidGenerator(seedText: "WSabc")
        var second = SidGenerator(seedText: "WSabc")
        var other = SidGenerator(seedText: "WSabd")
        let firstSids = (0..<5).map { _ in first.next(.task) }
        #expect(firstSids == (0..<5).map { _ in second.next(.task) })
        #expect(firstSids != (0..<5).map { _ in other.next(.task) })
        #expect(Set(firstSids).count == 5)
    }

    @Test func makePadsEachWordToSixteenDigits() {
        #expect(Sid.make(.task, high: 0x1, low: 0xfedc_ba98_7654_3210) == "WT0000000000000001fedcba9876543210")
        #expect(Sid.make(.event, high: 0, low: 0) == "EV" + String(repeating: "0", count: 32))
        #expect(Sid.make(.worker, high: .max, low: 0xa) == "WK" + String(repeating: "f", count: 16) + "000000000000000a")
    }

    @Test func validationRejectsWrongShapes() {
        #expect(!Sid.isValid("WK123", prefix: .worker))
        #expect(!Sid.isValid("WQ" + String(repeating: "a", count: 32), prefix: .worker))
        #expect(!Sid.isValid("WK" + String(repeating: "g", count: 32), prefix: .worker))
        #expect(Sid.isValid("WK" + String(repeating: "A", count: 32), prefix: .worker))
        #expect(Sid.prefix(of: "WT" + String(repeating: "0", count: 32)) == .task)
        #expect(Sid.prefix(of: "XX" + String(repeating: "0", count: 32)) == nil)
    }

    @Test func stableHashIsFixed() {
        // FNV-1a 64 of "a" is a published test vector.
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
    }
}

@Suite struct SidValueTests {
    @Test func parsingReadsBackFormattedSid() {
        let value = SidValue(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210)
        let text = value.formatted(.workerChannel)
        #expect(text == "WC0123456789abcdeffedcba9876543210")
        #expect(SidValue(parsing: text, prefix: .workerChannel) == value)
    }

    @Test func parsingRejectsWrongPrefixAndLength() {
        #expect(SidValue(parsing: "WK0123456789abcdeffedcba9876543210", prefix: .workerChannel) == nil)
        #expect(SidValue(parsing: "WC0123", prefix: .workerChannel) == nil)
        #expect(SidValue(parsing: "WC0123456789abcdeffedcba987654321g", prefix: .workerChannel) == nil)
    }

    @Test func generatedFormReadsBackFormattedSid() {
        let value = SidValue(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210)
        #expect(SidValue(generated: value.formatted(.task), prefix: .task) == value)
        #expect(SidValue(generated: "WT00000000000000000000000000000000", prefix: .task) == SidValue(high: 0, low: 0))
    }

    @Test func generatedFormRejectsUppercaseAndWrongShapes() {
        #expect(SidValue(generated: "WT0123456789ABCDEFfedcba9876543210", prefix: .task) == nil)
        #expect(SidValue(generated: "WK0123456789abcdeffedcba9876543210", prefix: .task) == nil)
        #expect(SidValue(generated: "WT0123456789abcdeffedcba987654321", prefix: .task) == nil)
        #expect(SidValue(generated: "WT0123456789abcdeffedcba98765432100", prefix: .task) == nil)
        #expect(SidValue(generated: "WT0123456789abcdeffedcba987654321g", prefix: .task) == nil)
        #expect(SidValue(generated: "", prefix: .task) == nil)
        #expect(SidValue(generated: "WTé123456789abcdeffedcba987654321", prefix: .task) == nil)
    }

    /// Keys that share the low bits of `hashValue` land in one segment of a
    /// `SegmentedDictionary`, and its dictionary must still spread them.
    @Test func seededHashSpreadsKeysOfOneSegment() {
        var generator = SidGenerator(seed: 42)
        var sameSegment: [SidValue] = []
        while sameSegment.count < 512 {
            let value = generator.nextValue()
            if value.hashValue & 0xFF == 0 { sameSegment.append(value) }
        }
        let seed = 0x5DEE_CE66
        let buckets = Set(sameSegment.map { $0._rawHashValue(seed: seed) & 0x3FF })
        #expect(buckets.count > 300)
    }

    @Test func storedSidKeepsTheFormattedText() {
        let value = SidValue(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210)
        let stored = StoredSid(value, .taskQueue)
        #expect(stored.value == value)
        #expect(stored.text == "WQ0123456789abcdeffedcba9876543210")
        #expect(StoredSid.vacant.text.isEmpty)
    }

    /// Parsing and formatting compare the prefix as two bytes kept apart
    /// from the raw value; both must name the same prefix.
    @Test(arguments: SidPrefix.allCases) func prefixBytesMatchRawValue(_ prefix: SidPrefix) {
        let bytes = prefix.asciiBytes
        #expect(String(decoding: [bytes.first, bytes.second], as: UTF8.self) == prefix.rawValue)
    }
}

import Testing
@testable import AllotCore

@Suite struct LowercaseNamesTests {
    /// What `LowercaseNames.value(named:)` must return: the first name equal
    /// to the lowercased text.
    static func expected(_ text: String, in names: [String]) -> String? {
        names.first { $0 == text.lowercased() }
    }

    static let statusNames = TaskStatus.allCases.map(\.rawValue)

    @Test(arguments: ["completed", "COMPLETED", "Completed", "cOmPlEtEd", "canceled", "WRAPPING", "Pending",
                      "complete", "completedx", "", " completed", "completed ", "complet3d", "c0mpleted",
                      "completed\u{301}", "ＣＯＭＰＬＥＴＥＤ", "İ", "@ssigned", "[eserved", "assigned\0"])
    func statusMatchesLowercasedText(_ text: String) {
        let table = LowercaseNames(Self.statusNames.map { ($0, $0) })
        #expect(table.value(named: text) == Self.expected(text, in: Self.statusNames), "text \(text.debugDescription)")
    }

    @Test func everyStatusMatchesInEveryCase() {
        for status in TaskStatus.allCases {
            #expect(TaskStatus.namesInAnyCase.value(named: status.rawValue) == status)
            #expect(TaskStatus.namesInAnyCase.value(named: status.rawValue.uppercased()) == status)
        }
        for status in ReservationStatus.allCases {
            #expect(ReservationStatus.namesInAnyCase.value(named: status.rawValue.uppercased()) == status)
        }
        #expect(ReservationStatus.instructionsInAnyCase.value(named: "Accept") == .accepted)
        #expect(ReservationStatus.instructionsInAnyCase.value(named: "REJECT") == .rejected)
        #expect(ReservationStatus.instructionsInAnyCase.value(named: "accepted") == nil)
    }

    /// The Kelvin sign lowercases to an ASCII "k", so non-ASCII text must
    /// take the Unicode path rather than fail the byte comparison.
    @Test func nonASCIITextFollowsUnicodeLowercasing() {
        let names = ["ok", "kelvin"]
        let table = LowercaseNames(names.map { ($0, $0) })
        #expect("\u{212A}ELVIN".lowercased() == "kelvin")
        #expect(table.value(named: "\u{212A}ELVIN") == "kelvin")
        #expect(table.value(named: "O\u{212A}") == "ok")
        #expect(table.value(named: "\u{212A}") == nil)
    }

    /// Random ASCII and mixed texts near the names agree with lowercasing.
    @Test func seededTextsAgreeWithLowercasing() {
        let names = Self.statusNames + ["accept", "reject"]
        let table = LowercaseNames(names.map { ($0, $0) })
        var generator = IndexedHeapTests.SeededGenerator(state: 0x5EED_CA5E)
        let alphabet = Array("aAcCdDeEgGlLmMnNpPrRsStTwW @[`{\u{212A}é")
        for _ in 0..<2_000 {
            var text = String(names.randomElement(using: &generator) ?? "")
            let edits = Int.random(in: 0...2, using: &generator)
            for _ in 0..<edits where !text.isEmpty {
                var characters = Array(text)
                let position = Int.random(in: 0..<characters.count, using: &generator)
                characters[position] = alphabet.randomElement(using: &generator) ?? "a"
                text = String(characters)
            }
            if Bool.random(using: &generator) { text = text.uppercased() }
            #expect(table.value(named: text) == Self.expected(text, in: names), "text \(text.debugDescription)")
        }
    }
}

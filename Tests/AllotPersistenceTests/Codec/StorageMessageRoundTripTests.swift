import AllotWire
import Testing

@Suite struct StorageMessageRoundTripTests {
    @Test(arguments: generatedStorageSamples())
    func sampleSurvivesRoundTrip(_ sample: WireSample) throws {
        let outcome = try sample.roundTrip()
        #expect(outcome.equal, "decoded \(outcome.decoded), expected \(outcome.original)")
    }

    @Test func samplesCoverEveryJournalCommand() {
        let names = Set(generatedStorageSamples().map(\.name))
        for field in Wire.JournalEntry.Command.fieldNames {
            #expect(names.contains("JournalEntry \(field)") || names.contains("JournalEntry full"), "\(field)")
        }
        #expect(names.contains("SnapshotRecord tasks"))
    }
}

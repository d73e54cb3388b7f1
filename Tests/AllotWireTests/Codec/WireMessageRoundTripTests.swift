import AllotWire
import Testing

@Suite struct WireMessageRoundTripTests {
    @Test(arguments: generatedWireSamples())
    func messageRoundTripsThroughProtobufC(sample: WireSample) throws {
        let result = try sample.roundTrip()
        #expect(result.equal, "decoded \(result.decoded) differs from \(result.original)")
    }

    @Test func samplesCoverEveryRequestCase() {
        let names = generatedWireSamples().map(\.name)
        #expect(names.contains("ClientFrame full"))
        #expect(names.contains("ClientFrame snapshot_save"))
        #expect(names.contains("ServerFrame subscription_ended"))
    }

    @Test func presenceOfZeroValueSurvives() throws {
        let request = Wire.UpdateWorkerRequest(workspaceSID: "WS1", friendlyName: "", ifMatchVersion: 0)
        let decoded = try Wire.UpdateWorkerRequest(serializedBytes: request.serializedBytes())
        #expect(decoded.friendlyName == "")
        #expect(decoded.ifMatchVersion == 0)
        #expect(decoded.attributes == nil)
        #expect(decoded.activitySID == nil)
    }

    @Test func unrecognizedEnumValueIsKept() throws {
        let status = Wire.Status(code: .unrecognized(99), message: "future")
        let decoded = try Wire.Status(serializedBytes: status.serializedBytes())
        #expect(decoded.code == .unrecognized(99))
        #expect(decoded.code.wireValue == 99)
    }
}

import Foundation
import Testing
@testable import AllotCore

/// Runs the json fuzz target's checks over its committed seeds, so that an
/// input added to tools/fuzz/json/seeds (such as a fixed crasher) is also
/// checked by every `swift test`.
@Suite struct AttributeFuzzSeedTests {
    static let seedsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../../tools/fuzz/json/seeds")
        .standardizedFileURL

    static func seedNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seedsFolder.path)) ?? []
        return names.sorted()
    }

    @Test func seedsFolderIsFound() {
        #expect(Self.seedNames().count >= 10, "no seeds in \(Self.seedsFolder.path)")
    }

    @Test(arguments: seedNames())
    func seedPassesFuzzChecks(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.seedsFolder.appendingPathComponent(name)))
        let fromBytes = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(AttributeParseError) in try AttributeValue(parsingAttributesBytes: buffer) }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let fromText = Result { () throws(AttributeParseError) in try AttributeValue(parsingAttributes: text) }
        if String(validating: bytes, as: UTF8.self) != nil {
            #expect(fromBytes == fromText)
        } else {
            #expect(throws: AttributeParseError.self) { try fromBytes.get() }
        }

        guard case .success(let value) = fromText else { return }
        let written = value.jsonText
        let reparsed = try AttributeValue(parsingJSON: written, maximumBytes: .max)
        #expect(reparsed == value)
        #expect(reparsed.jsonText == written)
    }
}

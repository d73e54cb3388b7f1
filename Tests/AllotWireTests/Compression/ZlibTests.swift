@testable import AllotWire
import Testing

@Suite struct ZlibTests {
    let text = Array(String(repeating: "routing tasks to workers ", count: 400).utf8)

    @Test func roundTripRestoresInput() throws {
        let compressed = try Zlib.compress(text)
        #expect(compressed.count < text.count)
        #expect(try Zlib.decompress(compressed, maximumOutputBytes: text.count) == text)
    }

    @Test func emptyInputRoundTrips() throws {
        let compressed = try Zlib.compress([])
        #expect(try Zlib.decompress(compressed, maximumOutputBytes: 0) == [])
    }

    @Test func outputOneByteOverLimitThrows() throws {
        let compressed = try Zlib.compress(text)
        #expect(throws: ZlibError.outputOverLimit(limitBytes: text.count - 1)) {
            try Zlib.decompress(compressed, maximumOutputBytes: text.count - 1)
        }
    }

    @Test func largeInflationStopsAtLimit() throws {
        let zeros = [UInt8](repeating: 0, count: 8 << 20)
        let compressed = try Zlib.compress(zeros)
        #expect(compressed.count < 64 << 10)
        #expect(throws: ZlibError.outputOverLimit(limitBytes: 1 << 20)) {
            try Zlib.decompress(compressed, maximumOutputBytes: 1 << 20)
        }
    }

    @Test func truncatedStreamThrows() throws {
        let compressed = try Zlib.compress(text)
        #expect(throws: ZlibError.truncatedInput) {
            try Zlib.decompress(Array(compressed.dropLast(4)), maximumOutputBytes: text.count)
        }
    }

    @Test func trailingBytesThrow() throws {
        let compressed = try Zlib.compress(text)
        #expect(throws: ZlibError.trailingBytes(count: 2)) {
            try Zlib.decompress(compressed + [1, 2], maximumOutputBytes: text.count)
        }
    }

    @Test func garbageNamesInflate() {
        #expect {
            try Zlib.decompress([0x12, 0x34, 0x56, 0x78], maximumOutputBytes: 100)
        } throws: { error in
            guard case .callFailed(let call, _, _) = error as? ZlibError else { return false }
            return call == "inflate"
        }
    }

    @Test func windowCoversTheInput() {
        #expect(Zlib.streamSize(forInputBytes: 0) == (9, 2))
        #expect(Zlib.streamSize(forInputBytes: 512) == (9, 2))
        #expect(Zlib.streamSize(forInputBytes: 513) == (10, 3))
        #expect(Zlib.streamSize(forInputBytes: 2_000) == (11, 4))
        #expect(Zlib.streamSize(forInputBytes: 32_768) == (15, 8))
        #expect(Zlib.streamSize(forInputBytes: 4_000_000) == (15, 8))
    }

    @Test(arguments: [1_025, 3_000, 20_000, 70_000])
    func smallWindowsRoundTripAndCompress(size: Int) throws {
        // Repeats at a distance of 700 bytes, which a window shorter than
        // the input must still reach.
        let unit = (0..<700).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let input = Array((0..<(size / unit.count + 1)).flatMap { _ in unit }.prefix(size))
        let compressed = try Zlib.compress(input)
        // The first 700 bytes do not repeat, and everything after them is a match.
        #expect(compressed.count < 900)
        #expect(try Zlib.decompress(compressed, maximumOutputBytes: size) == input)
    }
}

import AllotTestSupport

/// Random request values biased towards the edges that break arithmetic
/// and parsing: zero, one past each engine limit, the ends of each integer
/// type, empty, oversized and unusual strings, malformed SIDs.
struct FuzzValues {
    var random: SeededGenerator
    /// When set, every value is one the engine accepts, so that a request
    /// whose fields are all plausible gets past validation into routing.
    var plausible = false

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    // MARK: Choices

    /// Returns true with `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    mutating func pick<Element>(_ choices: [Element]) -> Element {
        choices[Int.random(in: 0..<choices.count, using: &random)]
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &random)
    }

    /// Returns `make()` or, one time in four, nil, for optional fields.
    mutating func optional<Value>(_ make: (inout FuzzValues) -> Value) -> Value? {
        chance(0.25) ? nil : make(&self)
    }

    // MARK: Numbers

    /// Signed values at the edges of the engine's limits and of the integer types.
    static let edgeInt64s: [Int64] = [
        0, 1, -1, 2, 10, 50, 51, 120, 1_000, 86_400, 86_401, 1_209_600, 1_209_601,
        Int64(Int32.max), Int64(Int32.max) + 1, Int64(Int32.min), Int64(UInt32.max),
        1 << 53, (1 << 53) + 1, -(1 << 53), 9_200_000_000_000_000_000,
        Int64.max, Int64.max - 1, Int64.min, Int64.min + 1,
    ]

    /// Unsigned 32-bit values at the edges of the engine's limits.
    static let edgeUInt32s: [UInt32] = [
        0, 1, 2, 10, 30, 49, 50, 51, 100, 600, 601, 610, 1_000, 1_001, 3_600, 3_660, 43_200, 43_201,
        86_400, 86_401, 90_000, 1_209_600, 1_209_601, UInt32(Int32.max), UInt32(Int32.max) + 1, UInt32.max,
    ]

    static let edgeUInt64s: [UInt64] = [
        0, 1, 2, 3, 100, UInt64(UInt32.max), UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max - 1, UInt64.max,
    ]

    mutating func int64() -> Int64 {
        if plausible { return Int64.random(in: 0...10, using: &random) }
        if chance(0.6) { return pick(Self.edgeInt64s) }
        if chance(0.5) { return Int64.random(in: -100...2_000, using: &random) }
        return Int64.random(in: Int64.min...Int64.max, using: &random)
    }

    mutating func uint32() -> UInt32 {
        if plausible { return UInt32.random(in: 1...10, using: &random) }
        if chance(0.6) { return pick(Self.edgeUInt32s) }
        if chance(0.5) { return UInt32.random(in: 0...200, using: &random) }
        return UInt32.random(in: 0...UInt32.max, using: &random)
    }

    mutating func uint64() -> UInt64 {
        if plausible { return UInt64.random(in: 0...3, using: &random) }
        if chance(0.6) { return pick(Self.edgeUInt64s) }
        return UInt64.random(in: 0...UInt64.max, using: &random)
    }

    /// Returns a valid page size most of the time, else an edge value.
    mutating func pageSize() -> UInt32 {
        plausible || chance(0.5) ? UInt32(int(in: 0...60)) : uint32()
    }

    /// Milliseconds since the epoch near `now`, at the statistics and
    /// retention limits, at year 1900 or at the ends of `Int64`.
    mutating func instant(near now: Int64) -> Int64 {
        let minute: Int64 = 60_000
        if plausible { return now &- Int64.random(in: 0...(20 * minute), using: &random) }
        let candidates: [Int64] = [
            now, now &- 1, now &+ 1, now &- 15 &* minute, now &- 1_440 &* minute, now &- 1_441 &* minute,
            now &- 43_200 &* minute, now &- 43_201 &* minute, now &+ minute, now &+ 86_400_000,
            0, -1, 1, -2_208_988_800_000, -2_208_988_800_001, Int64.min, Int64.max, Int64.min + 1, Int64.max - 1,
        ]
        if chance(0.7) { return pick(candidates) }
        if chance(0.5) { return now &- Int64.random(in: 0...(2 * 86_400_000), using: &random) }
        return int64()
    }

    /// Returns an enumeration's wire value: mostly a defined one, else an undefined one.
    mutating func enumWireValue(definedCount: Int32) -> Int32 {
        if plausible { return Int32.random(in: 1..<definedCount, using: &random) }
        return chance(0.85) ? Int32.random(in: 0..<definedCount, using: &random) : pick([-1, definedCount, 99, Int32.max, Int32.min])
    }

    // MARK: Strings

    /// Stands in for invalid UTF-8: the fuzzer replaces these bytes in the
    /// encoded frame, because a Swift `String` cannot hold invalid UTF-8.
    static let invalidUTF8Marker = "\u{7F}INVALID-UTF8\u{7F}"

    /// The bytes that replace `invalidUTF8Marker`: a lone continuation byte,
    /// an overlong NUL, a UTF-16 surrogate, a scalar above U+10FFFF, a
    /// truncated sequence and a NUL, in as many bytes as the marker.
    static let invalidUTF8Bytes: [UInt8] = [0x80, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, 0xC3, 0x00, 0xFF, 0xFE]

    /// Short strings that parsers, validators and comparisons treat specially.
    static let edgeStrings: [String] = [
        "", " ", "a", "0", "-1", "1e309", "NaN", "null", "true", "false", "yes", "TRUE", "default", "voice", "sms",
        "NONE", "FIFO", "LIFO", "fifo", "accepted", "canceled", "wrapping", "completed", "pending",
        "a\u{0}b", "\u{0}", "é", "e\u{301}", "👩‍👩‍👧", "\u{202E}abc", "\u{FEFF}", "\u{FFFD}", "日本語", "\t\n\r",
        "'", "\"", "\\", "%s%n", "../..", "a-b", "a,b,,c", ":", ",", "v1", "v1.", "v1..", "task.created",
        "reservation.created,task.created", invalidUTF8Marker,
    ]

    /// Returns a string from `edgeStrings`, or a long one at or over a length limit.
    mutating func text() -> String {
        if plausible { return pick(["a", "Alice", "x y"]) }
        if chance(0.85) { return pick(Self.edgeStrings) }
        // Characters, not bytes, at the name and quoting limits; bytes at the
        // attributes and expression limits; and one string far past them all.
        if chance(0.5) {
            return String(repeating: pick(["x", "é", "👩‍👩‍👧", "\u{0}"]), count: pick([63, 64, 65, 80, 81, 200, 201]))
        }
        return String(repeating: "x", count: pick([4_095, 4_096, 4_097, 16_384, 16_385, 70_000]))
    }

    /// Returns a friendly name: usually valid and unique, else an edge string.
    mutating func friendlyName(counter: Int) -> String {
        chance(0.75) ? "Name\(counter)" : text()
    }

    // MARK: SIDs

    /// Returns a string that is not a usable SID of `prefix`: wrong length,
    /// wrong prefix, upper-case or non-hex digits, or well-formed but unknown.
    mutating func malformedSid(prefix: String) -> String {
        let hex = (0..<32).map { _ in pick(Array("0123456789abcdef")) }
        let digits = String(hex)
        let otherPrefix = pick(["AC", "WS", "WA", "TC", "WK", "WC", "WQ", "WW", "WT", "WR", "EV", "ZZ", "ws"])
        return pick([
            "", prefix, prefix + digits, prefix + digits.uppercased(), prefix + String(digits.dropLast()), prefix + digits + "0",
            otherPrefix + digits, prefix + String(repeating: "g", count: 32), prefix + String(repeating: "0", count: 32),
            prefix + String(repeating: "f", count: 32), prefix + String(repeating: "é", count: 16),
            prefix + String(digits.dropLast()) + "\u{0}", " " + prefix + String(digits.dropLast()), text(),
        ])
    }
}

/// The two-letter prefixes of TaskRouter resource SIDs.
public enum SidPrefix: String, Sendable, Hashable, CaseIterable {
    case account = "AC"
    case workspace = "WS"
    case activity = "WA"
    case taskChannel = "TC"
    case worker = "WK"
    case workerChannel = "WC"
    case taskQueue = "WQ"
    case workflow = "WW"
    case task = "WT"
    case reservation = "WR"
    case event = "EV"

    /// The prefix's two ASCII bytes. Reading them through `rawValue` built a
    /// string on every SID parsed or formatted.
    var asciiBytes: (first: UInt8, second: UInt8) {
        switch self {
        case .account: (UInt8(ascii: "A"), UInt8(ascii: "C"))
        case .workspace: (UInt8(ascii: "W"), UInt8(ascii: "S"))
        case .activity: (UInt8(ascii: "W"), UInt8(ascii: "A"))
        case .taskChannel: (UInt8(ascii: "T"), UInt8(ascii: "C"))
        case .worker: (UInt8(ascii: "W"), UInt8(ascii: "K"))
        case .workerChannel: (UInt8(ascii: "W"), UInt8(ascii: "C"))
        case .taskQueue: (UInt8(ascii: "W"), UInt8(ascii: "Q"))
        case .workflow: (UInt8(ascii: "W"), UInt8(ascii: "W"))
        case .task: (UInt8(ascii: "W"), UInt8(ascii: "T"))
        case .reservation: (UInt8(ascii: "W"), UInt8(ascii: "R"))
        case .event: (UInt8(ascii: "E"), UInt8(ascii: "V"))
        }
    }
}

/// Formatting and checking of SIDs: a two-letter prefix and 32 lowercase hex digits.
public enum Sid {
    /// Number of characters in a SID: 2 for the prefix and 32 hex digits.
    public static let length = 34

    /// Returns whether `text` is a well-formed SID with `prefix`.
    ///
    /// Upper-case hex digits are accepted on input, as TaskRouter accepts
    /// them, but the engine only generates lowercase ones.
    public static func isValid(_ text: String, prefix: SidPrefix) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == length, text.hasPrefix(prefix.rawValue) else { return false }
        return bytes[2...].allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
        }
    }

    /// Returns the prefix of `text` when it is a well-formed SID of any known kind.
    public static func prefix(of text: String) -> SidPrefix? {
        guard text.utf8.count == length else { return nil }
        let prefix = SidPrefix(rawValue: String(text.prefix(2)))
        guard let prefix, isValid(text, prefix: prefix) else { return nil }
        return prefix
    }

    /// Formats 128 bits as a SID with `prefix`.
    ///
    /// Writes the characters straight into the string's storage: every
    /// task, reservation and event gets a SID, and joining three strings
    /// showed up in profiles of the routing cycle.
    static func make(_ prefix: SidPrefix, high: UInt64, low: UInt64) -> String {
        String(unsafeUninitializedCapacity: length) { buffer in
            let prefixBytes = prefix.asciiBytes
            buffer[0] = prefixBytes.first
            buffer[1] = prefixBytes.second
            var written = 2
            for digit in 0..<32 {
                let word = digit < 16 ? high : low
                let shift = UInt64(60 - 4 * (digit % 16))
                buffer[written] = hexDigit(UInt8(truncatingIfNeeded: word >> shift) & 0x0F)
                written += 1
            }
            assert(written == length, "SID of \(written) characters")
            return written
        }
    }

    /// The lowercase ASCII hex digit for `value`, which must be below 16.
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x61 + value - 10
    }
}

/// The 128 bits of a SID, for SIDs stored in bulk and formatted when read.
struct SidValue: Sendable, Hashable {
    var high: UInt64
    var low: UInt64

    func hash(into hasher: inout Hasher) {
        hasher.combine(high)
        hasher.combine(low)
    }

    /// Returns the hash that `Dictionary` and `Set` use, with a 64-bit
    /// finalizer in place of SipHash, whose set-up costs more than hashing
    /// the two words. The low word of a generated SID is SplitMix64 output,
    /// already uniformly mixed. Tables insert only SIDs the engine generated,
    /// and a SID sent by a client is only looked up, so no client chooses
    /// colliding keys.
    ///
    /// The seed must change every output bit: `SegmentedDictionary` files a
    /// key by the low bits of `hashValue` (seed 0), and the dictionary of
    /// that segment buckets it by the low bits of its own seeded hash. Had
    /// the seed only been XORed in, all keys of a segment would have shared
    /// those bits and collided.
    func _rawHashValue(seed: Int) -> Int {
        var mixed = low ^ UInt64(UInt(bitPattern: seed))
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        mixed &*= 0xC4CE_B9FE_1A85_EC53
        mixed ^= mixed >> 33
        return Int(truncatingIfNeeded: mixed)
    }

    /// Returns the SID with `prefix`.
    func formatted(_ prefix: SidPrefix) -> String {
        Sid.make(prefix, high: high, low: low)
    }

    /// Reads a well-formed SID with `prefix`, or returns nil.
    init?(parsing text: String, prefix: SidPrefix) {
        guard Sid.isValid(text, prefix: prefix) else { return nil }
        let digits = text.utf8.dropFirst(2)
        guard let high = UInt64(String(decoding: digits.prefix(16), as: UTF8.self), radix: 16),
              let low = UInt64(String(decoding: digits.dropFirst(16), as: UTF8.self), radix: 16) else { return nil }
        self.init(high: high, low: low)
    }

    /// Reads a SID with `prefix` and 32 lowercase hex digits, the form the
    /// engine generates, or returns nil.
    ///
    /// The SID indexes use this form, so an upper-case SID names no record,
    /// as when they were keyed by the string. It reads the bytes in place,
    /// because every call that names a resource parses its SID.
    ///
    /// - Complexity: O(1); a SID has a fixed length.
    init?(generated text: String, prefix: SidPrefix) {
        if let parsed = text.utf8.withContiguousStorageIfAvailable({ SidValue.parse($0, prefix: prefix) }) {
            guard let parsed else { return nil }
            self = parsed
            return
        }
        var contiguous = text
        contiguous.makeContiguousUTF8()
        guard let parsed = contiguous.utf8.withContiguousStorageIfAvailable({ SidValue.parse($0, prefix: prefix) }),
              let parsed else { return nil }
        self = parsed
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, prefix: SidPrefix) -> SidValue? {
        guard bytes.count == Sid.length else { return nil }
        let prefixBytes = prefix.asciiBytes
        guard bytes[0] == prefixBytes.first, bytes[1] == prefixBytes.second else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 2..<18 {
            guard let digit = lowercaseHexValue(bytes[index]) else { return nil }
            high = high << 4 | digit
        }
        for index in 18..<Sid.length {
            guard let digit = lowercaseHexValue(bytes[index]) else { return nil }
            low = low << 4 | digit
        }
        return SidValue(high: high, low: low)
    }

    /// Returns the value of a lowercase ASCII hex digit, or nil for any other byte.
    private static func lowercaseHexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case 0x30...0x39: UInt64(byte - 0x30)
        case 0x61...0x66: UInt64(byte - 0x61 + 10)
        default: nil
        }
    }

    /// The bits of the placeholder records in freed table slots.
    static let zero = SidValue(high: 0, low: 0)

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }
}

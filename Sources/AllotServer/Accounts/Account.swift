/// An authenticated account, as handlers see it. It carries no secret.
public struct Account: Sendable, Equatable, Hashable {
    /// AC SID.
    public let sid: String
    /// True for accounts that may run administration calls such as snapshots.
    public let isAdministrator: Bool

    public init(sid: String, isAdministrator: Bool) {
        self.sid = sid
        self.isAdministrator = isAdministrator
    }
}

/// Rules for account SIDs: "AC" and 32 lowercase hex digits.
enum AccountSID {
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 34, bytes[0] == UInt8(ascii: "A"), bytes[1] == UInt8(ascii: "C") else { return false }
        return bytes.dropFirst(2).allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// Returns a new random SID.
    static func random() -> String {
        "AC" + randomHex(byteCount: 16)
    }
}

/// Rules for account secrets.
enum AccountSecret {
    /// Shortest secret accepted, in bytes. A generated secret has 64 hex
    /// digits (256 bits); 32 characters keep hand-chosen ones out of reach
    /// of guessing.
    static let minimumBytes = 32

    /// Returns a new random secret of 256 bits as 64 hex digits.
    static func random() -> String {
        randomHex(byteCount: 32)
    }
}

/// Hex digits of `byteCount` random bytes from the system's cryptographic
/// generator (getrandom on Linux).
func randomHex(byteCount: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(byteCount * 2)
    for _ in 0..<byteCount {
        let byte = UInt8.random(in: 0...255, using: &generator)
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}
